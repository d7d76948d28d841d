//! PostgreSQL for the test suites: `UTILITY_CONNECT_TEST_DATABASE_URL` names
//! a throwaway cluster (scripts/test.sh starts one with scripts/pg-cluster.sh
//! and removes it afterwards); each caller gets a database of its own in it.
//! Without the variable the suites run on SQLite only.

#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};

pub const CLUSTER_ENV: &str = "UTILITY_CONNECT_TEST_DATABASE_URL";

pub fn cluster_url() -> Option<String> {
    std::env::var(CLUSTER_ENV)
        .ok()
        .filter(|url| !url.is_empty())
}

/// A new, empty database in the test cluster; its URL.
pub fn fresh_database() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let cluster = cluster_url().expect("a test cluster");
    let name = format!(
        "t_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    let statement = format!("CREATE DATABASE {name}");
    let admin = cluster.clone();
    // Its own thread and runtime: callers may be inside a runtime or not.
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let (client, connection) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
                .await
                .expect("the test cluster answers");
            tokio::spawn(connection);
            client.batch_execute(&statement).await.unwrap();
        });
    })
    .join()
    .unwrap();
    let base = cluster.rsplit_once('/').expect("a URL with a database").0;
    format!("{base}/{name}")
}
