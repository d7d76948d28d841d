//! The storage seam's conformance suite: every test runs on each backend,
//! SQLite in a temporary data dir and, when the suite has a PostgreSQL test
//! cluster (`UTILITY_CONNECT_TEST_DATABASE_URL`, set by scripts/test.sh), a
//! fresh PostgreSQL database. Both must answer the same.

#[path = "pg_support/mod.rs"]
mod pg_support;

use std::sync::Arc;

use utility_connect_server::keys::Keys;
use utility_connect_server::store::{Db, Dialect, Error, OptionalExtension, Value};
use utility_connect_server::{client_admin, clients, params};

struct Backend {
    db: Db,
    name: &'static str,
    _dir: tempfile::TempDir,
}

fn backends() -> Vec<Backend> {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec![Backend {
        db: Db::open(&dir.path().join("data")).unwrap(),
        name: "sqlite",
        _dir: dir,
    }];
    if pg_support::cluster_url().is_some() {
        all.push(Backend {
            db: Db::connect(&pg_support::fresh_database()).unwrap(),
            name: "postgres",
            _dir: tempfile::tempdir().unwrap(),
        });
    } else {
        eprintln!("no {}: PostgreSQL half skipped", pg_support::CLUSTER_ENV);
    }
    all
}

fn a_client(db: &Db) -> String {
    db.lock()
        .execute(
            "INSERT INTO clients (id, name, secret_hash, webhook_signing_secret, created_at)
             VALUES (?1, 'App', ?2, '', 0)",
            params!["cl_1", vec![1u8, 2, 3]],
        )
        .unwrap();
    "cl_1".into()
}

#[test]
fn a_new_store_is_ready_and_names_its_dialect() {
    for backend in backends() {
        backend.db.readiness().unwrap();
        let expected = if backend.name == "sqlite" {
            Dialect::Sqlite
        } else {
            Dialect::Postgres
        };
        assert_eq!(backend.db.dialect(), expected);
        assert_eq!(backend.db.lock().dialect(), expected);
    }
}

#[test]
fn values_round_trip_with_their_types() {
    for backend in backends() {
        let db = &backend.db;
        let client = a_client(db);
        let connection = db.lock();
        let blob: Vec<u8> = (0..=255).collect();
        let id: i64 = connection
            .query_row(
                "INSERT INTO utility_credentials (client_id, client_user_id, utility_id, status, stage,
                     generation, due_at_ms, secret, created_at_ms, updated_at_ms, verification_updated_at_ms)
                 VALUES (?1, ?2, ?3, 'pending', 'verifying', 1, NULL, ?4, ?5, ?5, ?5) RETURNING id",
                params![client, "user ünïcode ✓", 4110u32, blob, i64::MAX - 1],
                |row| row.get(0),
            )
            .unwrap();
        let read: (String, u32, Option<i64>, Vec<u8>, i64) = connection
            .query_row(
                "SELECT client_user_id, utility_id, due_at_ms, secret, created_at_ms
                 FROM utility_credentials WHERE id = ?1",
                [id],
                |row| {
                    Ok((
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                    ))
                },
            )
            .unwrap();
        assert_eq!(
            read,
            ("user ünïcode ✓".into(), 4110, None, blob, i64::MAX - 1),
            "{}",
            backend.name
        );
        let second: i64 = connection
            .query_row(
                "INSERT INTO utility_credentials (client_id, client_user_id, utility_id, status, stage,
                     generation, secret, created_at_ms, updated_at_ms, verification_updated_at_ms)
                 VALUES (?1, 'u', 1, 'pending', 'verifying', 1, ?2, 0, 0, 0) RETURNING id",
                params![client, Vec::<u8>::new()],
                |row| row.get(0),
            )
            .unwrap();
        assert!(second > id, "{}: ids grow", backend.name);
    }
}

#[test]
fn no_row_is_none_and_a_wrong_type_is_an_error_not_a_guess() {
    for backend in backends() {
        let connection = backend.db.lock();
        let missing: Option<String> = connection
            .query_row(
                "SELECT name FROM clients WHERE id = ?1",
                ["nobody"],
                |row| row.get(0),
            )
            .optional()
            .unwrap();
        assert_eq!(missing, None, "{}", backend.name);
        let error = connection
            .query_row("SELECT 'text'", [], |row| row.get::<_, i64>(0))
            .unwrap_err();
        assert!(
            matches!(error, Error::Conversion { .. }),
            "{}: {error}",
            backend.name
        );
    }
}

#[test]
fn parameters_repeat_and_flags_bind_as_conditions() {
    for backend in backends() {
        let connection = backend.db.lock();
        let (sum, chosen, missing): (i64, String, i64) = connection
            .query_row(
                "SELECT CAST(?1 AS BIGINT) + ?1, CASE WHEN ?2 THEN 'yes' ELSE 'no' END,
                        CASE WHEN CAST(?3 AS TEXT) IS NULL THEN 1 ELSE 0 END",
                params![20i64, true, None::<String>],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .unwrap();
        assert_eq!(
            (sum, chosen.as_str(), missing),
            (40, "yes", 1),
            "{}",
            backend.name
        );
    }
}

#[test]
fn a_transaction_commits_or_rolls_back_whole() {
    for backend in backends() {
        let db = &backend.db;
        let insert = |connection: &utility_connect_server::store::Connection, digest: u8| {
            connection
                .execute(
                    "INSERT INTO sandbox_changed_passwords (login_digest, changed_at_ms) VALUES (?1, 1)",
                    [vec![digest]],
                )
                .unwrap()
        };
        {
            let connection = db.lock();
            let transaction = connection.unchecked_transaction().unwrap();
            insert(&transaction, 1);
            // Dropped without commit.
        }
        {
            let connection = db.lock();
            let transaction = connection.unchecked_transaction().unwrap();
            insert(&transaction, 2);
            transaction.commit().unwrap();
        }
        let kept: Vec<Vec<u8>> = db
            .lock()
            .query_map(
                "SELECT login_digest FROM sandbox_changed_passwords",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(kept, vec![vec![2u8]], "{}", backend.name);
    }
}

#[test]
fn a_conflict_is_skipped_or_reported_as_a_unique_violation() {
    for backend in backends() {
        let connection = backend.db.lock();
        let sql =
            "INSERT INTO sandbox_changed_passwords (login_digest, changed_at_ms) VALUES (?1, 1)";
        assert_eq!(connection.execute(sql, [vec![9u8]]).unwrap(), 1);
        let skipped = connection
            .execute(
                &format!("{sql} ON CONFLICT (login_digest) DO NOTHING"),
                [vec![9u8]],
            )
            .unwrap();
        assert_eq!(skipped, 0, "{}", backend.name);
        let error = connection.execute(sql, [vec![9u8]]).unwrap_err();
        assert!(error.is_unique_violation(), "{}: {error}", backend.name);
    }
}

/// Attempt limits are single conditional updates: with many connections
/// racing (threads here, replicas in production) exactly `limit` succeed.
#[test]
fn a_guarded_counter_stops_exactly_at_its_limit_under_concurrency() {
    const LIMIT: i64 = 60;
    for backend in backends() {
        let db = Arc::new(backend.db.clone());
        let client = a_client(&db);
        db.lock()
            .execute(
                "INSERT INTO connect_tokens (jti, client_id, expires_at) VALUES ('j', ?1, 0)",
                [client],
            )
            .unwrap();
        let threads: Vec<_> = (0..6)
            .map(|_| {
                let db = db.clone();
                std::thread::spawn(move || {
                    (0..20)
                        .map(|_| {
                            db.lock()
                                .execute(
                                    "UPDATE connect_tokens SET submissions = submissions + 1
                                     WHERE jti = 'j' AND submissions < ?1",
                                    [LIMIT],
                                )
                                .unwrap()
                        })
                        .sum::<usize>()
                })
            })
            .collect();
        let granted: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
        let stored: i64 = db
            .lock()
            .query_row(
                "SELECT submissions FROM connect_tokens WHERE jti = 'j'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!((granted as i64, stored), (LIMIT, LIMIT), "{}", backend.name);
    }
}

/// The operator's client commands, as the domain runs them, on each backend.
#[test]
fn clients_are_created_listed_rotated_and_removed_alike() {
    let key_dir = tempfile::tempdir().unwrap();
    let keys = Keys::load_or_create(key_dir.path()).unwrap();
    for backend in backends() {
        let db = &backend.db;
        let created = clients::create_sandbox_client(db, &keys).unwrap().unwrap();
        assert!(
            clients::create_sandbox_client(db, &keys).unwrap().is_none(),
            "one sandbox client"
        );
        let listed = client_admin::list(&db.lock(), 0).unwrap();
        assert_eq!(listed.len(), 1, "{}", backend.name);
        let rotated = client_admin::rotate_secret(&db.lock(), &created.client_id).unwrap();
        assert!(rotated.client_secret.starts_with("cs_"), "{}", backend.name);
        client_admin::remove(&db.lock(), &created.client_id).unwrap();
        assert!(
            client_admin::list(&db.lock(), 0).unwrap().is_empty(),
            "{}",
            backend.name
        );
        assert!(client_admin::show(&db.lock(), &created.client_id, 0).is_err());
    }
}

/// Replicas starting together migrate one at a time: every version once.
#[test]
fn concurrent_opens_apply_each_migration_once() {
    if pg_support::cluster_url().is_none() {
        eprintln!("no {}: skipped", pg_support::CLUSTER_ENV);
        return;
    }
    let url = pg_support::fresh_database();
    let opens: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || Db::connect(&url).map(|_| ()))
        })
        .collect();
    for open in opens {
        open.join().unwrap().unwrap();
    }
    let db = Db::connect(&url).unwrap();
    let versions: Vec<Value> = db
        .lock()
        .query_map(
            "SELECT version FROM schema_version ORDER BY version",
            [],
            |row| row.get(0),
        )
        .unwrap();
    let expected: Vec<Value> = (1..=versions.len() as i64).map(Value::Int).collect();
    assert_eq!(versions, expected);
    db.readiness().unwrap();
}

/// `migrate-store` copies a data dir's rows, sealed bytes unchanged, into
/// an empty PostgreSQL database, ids continuing after the copied ones; a
/// second run into the now non-empty database is refused.
#[test]
fn migrate_store_copies_a_data_dir_into_an_empty_database_once() {
    if pg_support::cluster_url().is_none() {
        eprintln!("no {}: skipped", pg_support::CLUSTER_ENV);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let sqlite = Db::open(&data).unwrap();
    let keys = Keys::load_or_create(&data).unwrap();
    let created = clients::create_sandbox_client(&sqlite, &keys)
        .unwrap()
        .unwrap();
    let sealed = vec![3u8, 1, 4, 1, 5, 9];
    let insert_credential = |db: &Db| -> i64 {
        db.lock()
            .query_row(
                "INSERT INTO utility_credentials (client_id, client_user_id, utility_id, status, stage,
                     generation, secret, created_at_ms, updated_at_ms, verification_updated_at_ms)
                 VALUES (?1, 'u', 4110, 'verified', 'settled', 1, ?2, 0, 0, 0) RETURNING id",
                params![created.client_id, sealed],
                |row| row.get(0),
            )
            .unwrap()
    };
    let copied_id = insert_credential(&sqlite);
    drop(sqlite);

    let url = pg_support::fresh_database();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_utility-connect-server"))
            .args(["migrate-store", "--from"])
            .arg(&data)
            .args(["--to", &url])
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let printed: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(printed["copied_rows"]["clients"], 1);
    assert_eq!(printed["copied_rows"]["utility_credentials"], 1);

    let postgres = Db::connect(&url).unwrap();
    let stored: Vec<u8> = postgres
        .lock()
        .query_row(
            "SELECT secret FROM utility_credentials WHERE id = ?1",
            [copied_id],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(stored, sealed, "ciphertexts as they are");
    assert_eq!(client_admin::list(&postgres.lock(), 0).unwrap().len(), 1);
    assert!(insert_credential(&postgres) > copied_id, "ids continue");

    let second = run();
    assert_eq!(second.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("not empty"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
}

/// Start-up frees leases only where this process is the store's only one
/// (SQLite); shutdown frees only this process's own, on either backend.
#[test]
fn leases_are_freed_at_start_only_on_sqlite_and_at_shutdown_only_ones_own() {
    for backend in backends() {
        let db = &backend.db;
        let client = a_client(db);
        let far = i64::MAX / 2;
        for (user, owner) in [
            ("theirs", "another-replica".to_string()),
            ("mine", db.owner().to_string()),
        ] {
            db.lock()
                .execute(
                    "INSERT INTO utility_credentials (client_id, client_user_id, utility_id, status, stage,
                         generation, secret, created_at_ms, updated_at_ms, verification_updated_at_ms,
                         claimed, lease_owner)
                     VALUES (?1, ?2, 1, 'pending', 'verifying', 1, ?3, 0, 0, 0, ?4, ?5)",
                    params![client, user, Vec::<u8>::new(), far, owner],
                )
                .unwrap();
        }
        let held = |user: &str| -> bool {
            db.lock()
                .query_row(
                    "SELECT claimed FROM utility_credentials WHERE client_user_id = ?1",
                    [user],
                    |row| row.get::<_, i64>(0),
                )
                .unwrap()
                != 0
        };
        db.release_own_leases().unwrap();
        assert_eq!(
            (held("theirs"), held("mine")),
            (true, false),
            "{}",
            backend.name
        );
        db.release_work_locks().unwrap();
        let freed_at_start = backend.name == "sqlite";
        assert_eq!(held("theirs"), !freed_at_start, "{}", backend.name);
    }
}

/// Domain code calls the store synchronously from async tasks, and a worker
/// may make hundreds of calls in one poll (a batch of due credentials). On
/// PostgreSQL each call waits for a task on the pool's runtime; that wait
/// must not draw on tokio's per-poll budget, or once the budget is spent its
/// wake-up is deferred to the end of a poll that is itself waiting: the
/// worker stalls for good (seen as a replica that never exits on SIGTERM).
#[test]
fn hundreds_of_storage_calls_in_one_task_poll_do_not_stall() {
    for backend in backends() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let (done, finished) = std::sync::mpsc::channel();
        let db = backend.db.clone();
        runtime.spawn(async move {
            for _ in 0..1_000 {
                db.lock()
                    .query_row("SELECT 1", [], |row| row.get::<_, i64>(0))
                    .unwrap();
            }
            done.send(()).unwrap();
        });
        let in_time = finished
            .recv_timeout(std::time::Duration::from_secs(60))
            .is_ok();
        // A stalled worker cannot be joined: leave it behind.
        runtime.shutdown_background();
        assert!(in_time, "{}: 1,000 calls in one poll stalled", backend.name);
    }
}
