//! A connect token is only as good as the client that issued it: a correctly
//! signed token naming a client that does not exist (deleted, or a database
//! restored from before it was added) is refused like any invalid token.

use protocol::TokenError;
use rusqlite::{Connection, OptionalExtension};

use crate::error::Failure;

pub fn require(connection: &Connection, client_id: &str) -> Result<(), Failure> {
    let found: Option<i64> = connection
        .query_row("SELECT 1 FROM clients WHERE id = ?1", [client_id], |row| {
            row.get(0)
        })
        .optional()?;
    // The same answer as a forged token: nothing to learn about client ids.
    found
        .map(|_| ())
        .ok_or(Failure::from(TokenError::Malformed))
}
