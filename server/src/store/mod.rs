//! The storage seam. Every domain module reaches the database through `Db`
//! and the `Connection` it lends; which backend sits behind it (embedded
//! SQLite in the data dir, the default, or a shared PostgreSQL given by
//! `--database-url`) is decided once, at open.

mod connection;
pub mod copy;
mod postgres;
mod sqlite;
mod value;

use std::ops::Deref;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

pub use connection::{Connection, Dialect, Transaction};
pub use value::{
    ColumnIndex, Error, FromValue, OptionalExtension, Params, Result, Row, ToValue, Value,
};

pub use crate::params;

#[derive(Clone)]
pub struct Db {
    backend: Arc<Backend>,
    /// This process's name on the work leases it holds (`leases`).
    owner: Arc<str>,
}

enum Backend {
    /// Queries are short; one connection behind a mutex keeps writes
    /// serial, which SQLite wants anyway.
    Sqlite(Mutex<Connection>),
    Postgres(postgres::Pool),
}

/// Where the store lives, as the command line said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// `connect.sqlite3` in the data dir.
    DataDir(std::path::PathBuf),
    /// A `postgres://` URL.
    Postgres(String),
}

impl Db {
    /// The embedded store in `data_dir`, created if missing.
    pub fn open(data_dir: &Path) -> Result<Db, String> {
        let connection = sqlite::open(data_dir)?;
        Ok(Db::new(Backend::Sqlite(Mutex::new(Connection::sqlite(
            connection,
        )))))
    }

    /// The shared store at a `postgres://` URL; its schema is brought up to
    /// date first.
    pub fn connect(url: &str) -> Result<Db, String> {
        Ok(Db::new(Backend::Postgres(postgres::Pool::connect(url)?)))
    }

    pub fn open_at(location: &Location) -> Result<Db, String> {
        match location {
            Location::DataDir(dir) => Db::open(dir),
            Location::Postgres(url) => Db::connect(url),
        }
    }

    /// Whether `data_dir` holds a database (commands that manage an existing
    /// store refuse to create one).
    pub fn exists(data_dir: &Path) -> bool {
        data_dir.join(sqlite::DB_FILE).is_file()
    }

    pub fn dialect(&self) -> Dialect {
        match *self.backend {
            Backend::Sqlite(_) => Dialect::Sqlite,
            Backend::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Ready to serve: the store answers and its schema is this build's.
    pub fn readiness(&self) -> Result<(), String> {
        let needed = match *self.backend {
            Backend::Sqlite(_) => sqlite::MIGRATIONS.len(),
            Backend::Postgres(_) => postgres::MIGRATIONS.len(),
        };
        let applied: usize = self
            .lock()
            .query_row(
                "SELECT COALESCE(MAX(version), 0) FROM schema_version",
                [],
                |row| row.get(0),
            )
            .map_err(|error| format!("the database does not answer: {error}"))?;
        if applied == needed {
            Ok(())
        } else {
            Err(format!(
                "schema version {applied}, this build needs {needed}"
            ))
        }
    }

    fn new(backend: Backend) -> Db {
        let owner = format!(
            "{}-{}",
            std::process::id(),
            crate::clients::random_token("", 6)
        );
        Db {
            backend: Arc::new(backend),
            owner: owner.into(),
        }
    }

    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Called once at start, before any worker runs. On SQLite this process
    /// is the data dir's only one, so rows leased by a previous process
    /// (killed mid-call) become due at once. On PostgreSQL other replicas
    /// may be working: their leases stand, and a dead one's run out.
    pub fn release_work_locks(&self) -> Result<(), String> {
        if self.dialect() == Dialect::Postgres {
            return Ok(());
        }
        self.lock()
            .execute_batch(
                "UPDATE utility_credentials SET claimed = 0, lease_owner = NULL WHERE claimed <> 0;
                 UPDATE webhook_outbox SET claimed = 0, lease_owner = NULL WHERE claimed <> 0;",
            )
            .map_err(|error| format!("cannot reset work claims: {error}"))
    }

    /// At shutdown: this process's leases end now, for another to take over.
    pub fn release_own_leases(&self) -> Result<(), String> {
        let connection = self.lock();
        for table in ["utility_credentials", "webhook_outbox"] {
            connection
                .execute(
                    &format!(
                        "UPDATE {table} SET claimed = 0, lease_owner = NULL WHERE lease_owner = ?1"
                    ),
                    [self.owner()],
                )
                .map_err(|error| format!("cannot release work leases: {error}"))?;
        }
        Ok(())
    }

    /// A connection: SQLite's one (held until the guard drops), or one from
    /// the PostgreSQL pool. If the pool cannot give one, the connection fails
    /// every statement with that reason.
    pub fn lock(&self) -> Guard<'_> {
        match &*self.backend {
            Backend::Sqlite(connection) => Guard::Shared(
                connection
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()),
            ),
            Backend::Postgres(pool) => Guard::Owned(match pool.checkout() {
                Ok(client) => Connection::postgres(client),
                Err(error) => Connection::unavailable(error.to_string()),
            }),
        }
    }
}

pub enum Guard<'a> {
    Shared(MutexGuard<'a, Connection>),
    Owned(Connection),
}

impl Deref for Guard<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        match self {
            Guard::Shared(guard) => guard,
            Guard::Owned(connection) => connection,
        }
    }
}

/// A stored word this build does not know (a damaged row, or one written by
/// a newer version): logged and refused, never mapped to a guess.
pub fn unknown_word(column: usize, what: &str, text: &str) -> Error {
    tracing::error!("unknown {what} {text:?} in the database");
    Error::conversion(column, &format!("unknown {what} {text:?}"))
}
