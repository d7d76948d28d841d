//! The shared backend: PostgreSQL through tokio-postgres, pooled by
//! deadpool-postgres. The domain's storage calls are short and synchronous
//! (as they are on SQLite), so this backend owns a small runtime that drives
//! the connections and the pool, and a caller waits for its statement with
//! `futures_executor::block_on`, which, unlike a tokio `block_on`, may be
//! called from any thread, inside a runtime or not.

mod migrations;
mod sql;
mod types;

use std::future::Future;

use deadpool_postgres::{Manager, ManagerConfig, Object, Pool as DeadPool, RecyclingMethod};
use futures_executor::block_on;
use tokio_postgres::types::ToSql;
use tokio_postgres::NoTls;

pub use migrations::MIGRATIONS;

use super::value::{Error, Result, Row, Value};

/// Connections per process: enough for the request handlers and the workers
/// together; a replica more multiplies it, so PostgreSQL's default of 100
/// connections serves several.
const POOL_SIZE: usize = 16;

pub struct Pool {
    pool: DeadPool,
    /// Drives the connections; shut down without waiting when the last
    /// handle goes (it may go inside another runtime, where waiting panics).
    runtime: Option<tokio::runtime::Runtime>,
}

impl Pool {
    pub fn connect(url: &str) -> Result<Pool, String> {
        let config: tokio_postgres::Config = url
            .parse()
            .map_err(|error| format!("--database-url is not a PostgreSQL URL: {error}"))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("postgres")
            .enable_all()
            .build()
            .map_err(|error| format!("cannot start the PostgreSQL runtime: {error}"))?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = DeadPool::builder(manager)
            .max_size(POOL_SIZE)
            // A request waits this long for a free connection, then fails
            // with a storage error instead of hanging.
            .wait_timeout(Some(std::time::Duration::from_secs(10)))
            .create_timeout(Some(std::time::Duration::from_secs(10)))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()
            .map_err(|error| format!("cannot build the PostgreSQL pool: {error}"))?;
        let pool = Pool {
            pool,
            runtime: Some(runtime),
        };
        let client = pool
            .checkout()
            .map_err(|error| format!("cannot connect to PostgreSQL: {error}"))?;
        migrations::migrate(&client)
            .map_err(|error| format!("cannot migrate the PostgreSQL database: {error}"))?;
        Ok(pool)
    }

    pub fn checkout(&self) -> Result<Client> {
        let pool = self.pool.clone();
        let object = self
            .run(async move { pool.get().await })
            .map_err(|error| Error::Backend(format!("no PostgreSQL connection: {error}")))?;
        Ok(Client { object })
    }

    /// Runs `future` on this backend's runtime and waits for it.
    fn run<F>(&self, future: F) -> F::Output
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let runtime = self
            .runtime
            .as_ref()
            .expect("runtime lives as long as the pool");
        // `unconstrained`: the caller is often a task of the server's own
        // runtime, waiting synchronously. Polling the handle would spend that
        // task's cooperative budget, and once it is spent tokio defers the
        // wake-up to the end of the task's poll, which this wait never
        // reaches: the worker would stall for good.
        block_on(tokio::task::unconstrained(runtime.spawn(future)))
            .expect("a PostgreSQL task panicked")
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.pool.close();
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// One pooled connection, back in the pool when dropped.
pub struct Client {
    object: Object,
}

fn bind(values: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    values
        .iter()
        .map(|value| value as &(dyn ToSql + Sync))
        .collect()
}

impl Client {
    pub fn execute(&self, sql: &str, values: &[Value]) -> Result<usize> {
        let sql = sql::placeholders(sql);
        block_on(async {
            let statement = self.object.prepare_cached(&sql).await?;
            let changed = self.object.execute(&statement, &bind(values)).await?;
            Ok(changed as usize)
        })
    }

    pub fn query(&self, sql: &str, values: &[Value]) -> Result<Vec<Row>> {
        let sql = sql::placeholders(sql);
        block_on(async {
            let statement = self.object.prepare_cached(&sql).await?;
            let rows = self.object.query(&statement, &bind(values)).await?;
            rows.iter()
                .map(|row| {
                    let values = (0..row.len())
                        .map(|column| row.try_get::<_, Value>(column))
                        .collect::<Result<Vec<Value>, tokio_postgres::Error>>()?;
                    Ok(Row { values })
                })
                .collect()
        })
    }

    pub fn batch_execute(&self, sql: &str) -> Result<()> {
        Ok(block_on(self.object.batch_execute(sql))?)
    }
}
