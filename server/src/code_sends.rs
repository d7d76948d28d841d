//! How many one-time codes may be sent, whatever asks for them.
//!
//! Choosing a method and asking for a resend both make the utility text or
//! email the user. The per-challenge resend count resets when the method
//! changes, so on its own it would let a script flood the user's phone.
//! These limits count every send in the database, per credential (over all
//! its tokens and submissions) and per connect token, over a sliding
//! window: after `MAX_SENDS` the next send waits until the oldest one ages
//! out, and the caller is told when (`Retry-After`).

use std::time::Duration;

use crate::store::{params, Connection};
use axum::http::StatusCode;

use crate::clock::ms;
use crate::error::Failure;
use crate::login_limit::rough_wait;
use crate::sliding_window;

/// Codes sent for one credential, or on one token, within `WINDOW`.
pub const MAX_SENDS: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Refuses the send if the credential or the token has had its share.
pub fn check(
    connection: &Connection,
    credential_id: i64,
    jti: &str,
    now_ms: i64,
) -> Result<(), Failure> {
    let since = now_ms - ms(WINDOW);
    let by_credential = sliding_window::times(
        connection,
        "SELECT sent_at_ms FROM code_sends WHERE credential_id = ?1 AND sent_at_ms > ?2 ORDER BY sent_at_ms",
        params![credential_id, since],
    )?;
    let by_token = sliding_window::times(
        connection,
        "SELECT sent_at_ms FROM code_sends WHERE jti = ?1 AND sent_at_ms > ?2 ORDER BY sent_at_ms",
        params![jti, since],
    )?;
    let free_at = sliding_window::free_at(&by_credential, MAX_SENDS, WINDOW)
        .max(sliding_window::free_at(&by_token, MAX_SENDS, WINDOW));
    match free_at {
        None => Ok(()),
        Some(at) => Err(too_many(at - now_ms)),
    }
}

pub fn record(
    connection: &Connection,
    credential_id: i64,
    jti: &str,
    now_ms: i64,
) -> crate::store::Result<()> {
    connection
        .execute(
            "INSERT INTO code_sends (credential_id, jti, sent_at_ms) VALUES (?1, ?2, ?3)",
            params![credential_id, jti, now_ms],
        )
        .map(|_| ())
}

/// Sends older than the window no longer count.
pub fn prune(connection: &Connection, now_ms: i64) -> crate::store::Result<usize> {
    connection.execute(
        "DELETE FROM code_sends WHERE sent_at_ms <= ?1",
        [now_ms - ms(WINDOW)],
    )
}

fn too_many(wait_ms: i64) -> Failure {
    Failure::new(
        StatusCode::TOO_MANY_REQUESTS,
        protocol::ErrorType::TooManyCodesSent,
        format!(
            "Several codes were sent already. You can ask for another in about {}.",
            rough_wait(wait_ms)
        ),
    )
    .retry_after_ms(wait_ms)
}
