//! The per-login cap on failed verifications (promise P7).
//!
//! The per-token limits stop one token from guessing, but not a script that
//! mints many tokens (or uses many clients) to try one victim's login: each
//! wrong password also counts at the utility, which may lock the real user
//! out. So the server counts the provider's `rejected` answers per login
//! (utility + username), across every token and client, and stops asking the
//! utility once a login has failed too often recently.
//!
//! Logins are stored only as an HMAC under a key derived for this purpose, so
//! the table names no username and cannot be reversed by guessing usernames
//! without the master key. Failures are rows with timestamps in the
//! database, so the cap survives restarts and counts over a sliding window.

use hmac::{Hmac, Mac};
use rusqlite::{params, Connection};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::clock::ms;
use crate::config::LoginLimit;
use crate::provider::LoginOutcome;

/// A login as the database may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginKey([u8; 32]);

impl LoginKey {
    /// Utilities treat usernames (mostly emails) case-insensitively, and a
    /// stray space must not buy an attacker a fresh counter.
    pub fn new(secret: &[u8; 32], utility_id: u32, username: &str) -> LoginKey {
        let normalised = Zeroizing::new(username.trim().to_lowercase());
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
        // Length-prefixed so no (utility, username) pair can collide with another.
        mac.update(&utility_id.to_be_bytes());
        mac.update(&(normalised.len() as u64).to_be_bytes());
        mac.update(normalised.as_bytes());
        LoginKey(mac.finalize().into_bytes().into())
    }
}

/// When the login may be tried again (unix ms), or `None` if it may now.
pub fn locked_until(
    connection: &Connection,
    limit: LoginLimit,
    key: &LoginKey,
    now_ms: i64,
) -> rusqlite::Result<Option<i64>> {
    let window = ms(limit.window);
    let mut statement = connection.prepare_cached(
        "SELECT failed_at_ms FROM login_failures WHERE login_key = ?1 AND failed_at_ms > ?2
         ORDER BY failed_at_ms",
    )?;
    let failures: Vec<i64> = statement
        .query_map(params![key.0, now_ms - window], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let limit = limit.failures as usize;
    if failures.len() < limit {
        return Ok(None);
    }
    // The lock lifts when enough failures have aged out to go below the limit.
    Ok(Some(failures[failures.len() - limit] + window))
}

pub fn record_failure(
    connection: &Connection,
    key: &LoginKey,
    now_ms: i64,
) -> rusqlite::Result<()> {
    connection
        .execute(
            "INSERT INTO login_failures (login_key, failed_at_ms) VALUES (?1, ?2)",
            params![key.0, now_ms],
        )
        .map(|_| ())
}

/// The real user got in: earlier failures were their own typos.
pub fn clear(connection: &Connection, key: &LoginKey) -> rusqlite::Result<()> {
    connection
        .execute("DELETE FROM login_failures WHERE login_key = ?1", [key.0])
        .map(|_| ())
}

/// Counts what the utility said about a submitted login. Only its own
/// verdicts count: an unreachable utility or a pending answer says nothing
/// about the password.
pub fn record_outcome(
    connection: &Connection,
    key: &LoginKey,
    outcome: &LoginOutcome,
    now_ms: i64,
) -> rusqlite::Result<()> {
    match outcome {
        LoginOutcome::Rejected => record_failure(connection, key, now_ms),
        LoginOutcome::Verified => clear(connection, key),
        _ => Ok(()),
    }
}

/// Failures older than the window no longer count; they only cost space.
pub fn prune(connection: &Connection, limit: LoginLimit, now_ms: i64) -> rusqlite::Result<usize> {
    connection.execute(
        "DELETE FROM login_failures WHERE failed_at_ms <= ?1",
        [now_ms - ms(limit.window)],
    )
}

/// "about 3 hours": a rough wait is all a user needs, and coarse rounding
/// says nothing more about the failures behind it.
pub fn rough_wait(wait_ms: i64) -> String {
    let minutes = (wait_ms.max(0) + 59_999) / 60_000;
    match minutes {
        0..=1 => "a minute".into(),
        2..=59 => format!("{minutes} minutes"),
        60..=89 => "an hour".into(),
        _ => format!("{} hours", (minutes + 30) / 60),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    const SECRET: [u8; 32] = [7; 32];

    fn db() -> Connection {
        let connection = Connection::open_in_memory().unwrap();
        connection
            .execute_batch(
                "CREATE TABLE login_failures (login_key BLOB NOT NULL, failed_at_ms INTEGER NOT NULL)",
            )
            .unwrap();
        connection
    }

    #[test]
    fn keys_normalise_the_username_and_separate_utilities() {
        let key = LoginKey::new(&SECRET, 1, "Someone@Example.com");
        assert_eq!(key, LoginKey::new(&SECRET, 1, "  someone@example.com\t"));
        assert_ne!(key, LoginKey::new(&SECRET, 2, "someone@example.com"));
        assert_ne!(key, LoginKey::new(&SECRET, 1, "someone@example.org"));
        assert_ne!(key, LoginKey::new(&[8; 32], 1, "someone@example.com"));
    }

    #[test]
    fn the_lock_holds_at_the_limit_and_slides_with_the_window() {
        let connection = db();
        let limit = LoginLimit {
            failures: 3,
            window: Duration::from_secs(100),
        };
        let key = LoginKey::new(&SECRET, 1, "u");
        for at in [1_000, 2_000] {
            record_failure(&connection, &key, at).unwrap();
        }
        assert_eq!(locked_until(&connection, limit, &key, 3_000).unwrap(), None);
        record_failure(&connection, &key, 3_000).unwrap();
        // Locked until the first failure ages out.
        assert_eq!(
            locked_until(&connection, limit, &key, 3_000).unwrap(),
            Some(101_000)
        );
        assert_eq!(
            locked_until(&connection, limit, &key, 101_000).unwrap(),
            None
        );
        let other = LoginKey::new(&SECRET, 1, "v");
        assert_eq!(
            locked_until(&connection, limit, &other, 3_000).unwrap(),
            None
        );

        assert_eq!(prune(&connection, limit, 102_000).unwrap(), 2);
        clear(&connection, &key).unwrap();
        assert_eq!(locked_until(&connection, limit, &key, 3_000).unwrap(), None);
    }

    #[test]
    fn waits_are_rounded() {
        assert_eq!(rough_wait(1_500), "a minute");
        assert_eq!(rough_wait(10 * 60_000), "10 minutes");
        assert_eq!(rough_wait(61 * 60_000), "an hour");
        assert_eq!(rough_wait(23 * 3_600_000 + 50 * 60_000), "24 hours");
    }
}
