//! One connection to whichever backend holds the store. Domain modules write
//! their SQL once, in the subset both backends read the same way (`?N`
//! placeholders, integers for flags, `RETURNING`, `ON CONFLICT`), and branch
//! on `dialect()` only where the backends truly differ (row locking).

use std::ops::Deref;

use super::value::{Error, Params, Result, Row};
use super::{postgres, sqlite};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

pub struct Connection {
    inner: Inner,
}

enum Inner {
    Sqlite(rusqlite::Connection),
    Postgres(postgres::Client),
    /// The pool had no connection to give: every statement fails with this,
    /// so callers see a storage error rather than a panic.
    Unavailable(String),
}

impl Connection {
    pub(crate) fn sqlite(connection: rusqlite::Connection) -> Connection {
        Connection {
            inner: Inner::Sqlite(connection),
        }
    }

    pub(crate) fn postgres(client: postgres::Client) -> Connection {
        Connection {
            inner: Inner::Postgres(client),
        }
    }

    pub(crate) fn unavailable(reason: String) -> Connection {
        Connection {
            inner: Inner::Unavailable(reason),
        }
    }

    pub fn dialect(&self) -> Dialect {
        match self.inner {
            Inner::Sqlite(_) => Dialect::Sqlite,
            Inner::Postgres(_) | Inner::Unavailable(_) => Dialect::Postgres,
        }
    }

    /// The SQLite connection itself, for the few SQLite-only chores (pragmas,
    /// the start-up schema); `None` on PostgreSQL.
    #[cfg(test)]
    pub(crate) fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.inner {
            Inner::Sqlite(connection) => Some(connection),
            _ => None,
        }
    }

    /// Rows changed.
    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        let values = params.into_values();
        match &self.inner {
            Inner::Sqlite(connection) => sqlite::execute(connection, sql, &values),
            Inner::Postgres(client) => client.execute(sql, &values),
            Inner::Unavailable(reason) => Err(Error::Backend(reason.clone())),
        }
    }

    pub fn query_map<P, T, F>(&self, sql: &str, params: P, mut read: F) -> Result<Vec<T>>
    where
        P: Params,
        F: FnMut(&Row) -> Result<T>,
    {
        let rows = self.query(sql, params)?;
        rows.iter().map(&mut read).collect()
    }

    /// The first row; `Error::NoRows` if there is none.
    pub fn query_row<P, T, F>(&self, sql: &str, params: P, read: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row) -> Result<T>,
    {
        let rows = self.query(sql, params)?;
        rows.first().ok_or(Error::NoRows).and_then(read)
    }

    pub fn query<P: Params>(&self, sql: &str, params: P) -> Result<Vec<Row>> {
        let values = params.into_values();
        match &self.inner {
            Inner::Sqlite(connection) => sqlite::query(connection, sql, &values),
            Inner::Postgres(client) => client.query(sql, &values),
            Inner::Unavailable(reason) => Err(Error::Backend(reason.clone())),
        }
    }

    /// Several statements without parameters.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(connection) => Ok(connection.execute_batch(sql)?),
            Inner::Postgres(client) => client.batch_execute(sql),
            Inner::Unavailable(reason) => Err(Error::Backend(reason.clone())),
        }
    }

    /// Rolled back when dropped uncommitted. Named after rusqlite's: it takes
    /// `&self`, so the caller must not open a second one on this connection.
    pub fn unchecked_transaction(&self) -> Result<Transaction<'_>> {
        self.execute_batch("BEGIN")?;
        Ok(Transaction {
            connection: self,
            finished: false,
        })
    }
}

pub struct Transaction<'c> {
    connection: &'c Connection,
    finished: bool,
}

impl Transaction<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.finished = true;
        self.connection.execute_batch("COMMIT")
    }
}

impl Deref for Transaction<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.connection
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if !self.finished {
            if let Err(error) = self.connection.execute_batch("ROLLBACK") {
                tracing::error!("cannot roll back: {error}");
            }
        }
    }
}
