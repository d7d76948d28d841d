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

use crate::store::{params, Connection};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::clock::ms;
use crate::config::LoginLimit;
use crate::provider::LoginOutcome;
use crate::sliding_window;

/// On PostgreSQL, holds this login's advisory lock until the transaction
/// ends: submissions of one login through several replicas then check and
/// write its counts one at a time, as SQLite's single connection makes them.
pub fn serialize(connection: &Connection, key: &LoginKey) -> crate::store::Result<()> {
    if connection.dialect() == crate::store::Dialect::Postgres {
        let lock_id = i64::from_be_bytes(key.0[..8].try_into().expect("8 bytes"));
        connection.query_row(
            "SELECT 1 FROM (SELECT pg_advisory_xact_lock(?1)) AS locked",
            [lock_id],
            |_| Ok(()),
        )?;
    }
    Ok(())
}

/// A login as the database may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginKey(pub(crate) [u8; 32]);

impl LoginKey {
    /// Spellings a utility may treat as one username share one key
    /// (`login_identity`), so none of them buys an attacker a fresh counter.
    pub fn new(secret: &[u8; 32], utility_id: u32, username: &str) -> LoginKey {
        let normalised = crate::login_identity::normalise(username);
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
        // Length-prefixed so no (utility, username) pair can collide with another.
        mac.update(&utility_id.to_be_bytes());
        mac.update(&(normalised.len() as u64).to_be_bytes());
        mac.update(normalised.as_bytes());
        LoginKey(mac.finalize().into_bytes().into())
    }
}

/// When the login may be tried again through `client_id` (unix ms), or
/// `None` if it may now. Locked when this client's own failures reach
/// `failures`, or everyone's together reach `global_failures`: one client's
/// users alone cannot lock a login for the others, and the utility still
/// never sees more than the global ceiling.
pub fn locked_until(
    connection: &Connection,
    limit: LoginLimit,
    key: &LoginKey,
    client_id: &str,
    now_ms: i64,
) -> crate::store::Result<Option<i64>> {
    let since = now_ms - ms(limit.window);
    let own = sliding_window::times(
        connection,
        "SELECT failed_at_ms FROM login_failures WHERE login_key = ?1 AND failed_at_ms > ?2
         AND kind = 'password' AND client_id = ?3 ORDER BY failed_at_ms",
        params![key.0, since, client_id],
    )?;
    let everyone = sliding_window::times(
        connection,
        "SELECT failed_at_ms FROM login_failures WHERE login_key = ?1 AND failed_at_ms > ?2
         AND kind = 'password' AND counts_globally = 1 ORDER BY failed_at_ms",
        params![key.0, since],
    )?;
    Ok(
        sliding_window::free_at(&own, limit.failures as usize, limit.window).max(
            sliding_window::free_at(&everyone, limit.global_failures as usize, limit.window),
        ),
    )
}

pub fn record_failure(
    connection: &Connection,
    key: &LoginKey,
    client_id: &str,
    now_ms: i64,
) -> crate::store::Result<()> {
    insert(connection, key, client_id, "password", now_ms)
}

fn insert(
    connection: &Connection,
    key: &LoginKey,
    client_id: &str,
    kind: &str,
    now_ms: i64,
) -> crate::store::Result<()> {
    connection
        .execute(
            "INSERT INTO login_failures (login_key, failed_at_ms, client_id, kind) VALUES (?1, ?2, ?3, ?4)",
            params![key.0, now_ms, client_id, kind],
        )
        .map(|_| ())
}

/// The real user got in through `client_id`: that client's failures were
/// their own typos, and the utility has reset its own count, so nobody's
/// failures count towards the global ceiling any more. Other clients keep
/// their own locks: a success elsewhere says nothing about who typed there.
pub fn clear(connection: &Connection, key: &LoginKey, client_id: &str) -> crate::store::Result<()> {
    connection.execute(
        "DELETE FROM login_failures WHERE login_key = ?1
         AND (client_id = ?2 OR kind = 'code' OR kind LIKE 'code-held:%')",
        params![key.0, client_id],
    )?;
    connection
        .execute(
            "UPDATE login_failures SET counts_globally = 0 WHERE login_key = ?1",
            [key.0],
        )
        .map(|_| ())
}

/// Counts what the utility said about a submitted login. Only its own
/// verdicts count: an unreachable utility or a pending answer says nothing
/// about the password.
pub fn record_outcome(
    connection: &Connection,
    key: &LoginKey,
    client_id: &str,
    outcome: &LoginOutcome,
    now_ms: i64,
) -> crate::store::Result<()> {
    match outcome {
        LoginOutcome::Rejected => record_failure(connection, key, client_id, now_ms),
        LoginOutcome::Verified => clear(connection, key, client_id),
        _ => Ok(()),
    }
}

/// Failures older than the window no longer count; they only cost space.
pub fn prune(
    connection: &Connection,
    limit: LoginLimit,
    now_ms: i64,
) -> crate::store::Result<usize> {
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
pub(crate) mod tests {
    use std::time::Duration;

    use super::*;

    const SECRET: [u8; 32] = [7; 32];

    /// An in-memory `login_failures` table, as the migrations make it.
    pub(crate) fn db() -> Connection {
        let connection = Connection::sqlite(rusqlite::Connection::open_in_memory().unwrap());
        connection
            .execute_batch(
                "CREATE TABLE login_failures (login_key BLOB NOT NULL, failed_at_ms INTEGER NOT NULL,
                 client_id TEXT, kind TEXT NOT NULL DEFAULT 'password',
                 counts_globally INTEGER NOT NULL DEFAULT 1)",
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
            global_failures: 5,
            window: Duration::from_secs(100),
        };
        let key = LoginKey::new(&SECRET, 1, "u");
        for at in [1_000, 2_000] {
            record_failure(&connection, &key, "a", at).unwrap();
        }
        assert_eq!(
            locked_until(&connection, limit, &key, "a", 3_000).unwrap(),
            None
        );
        record_failure(&connection, &key, "a", 3_000).unwrap();
        // Locked until the first failure ages out.
        assert_eq!(
            locked_until(&connection, limit, &key, "a", 3_000).unwrap(),
            Some(101_000)
        );
        assert_eq!(
            locked_until(&connection, limit, &key, "a", 101_000).unwrap(),
            None
        );
        assert_eq!(
            locked_until(&connection, limit, &key, "b", 3_000).unwrap(),
            None
        );
        let other = LoginKey::new(&SECRET, 1, "v");
        assert_eq!(
            locked_until(&connection, limit, &other, "a", 3_000).unwrap(),
            None
        );

        assert_eq!(prune(&connection, limit, 102_000).unwrap(), 2);
        clear(&connection, &key, "a").unwrap();
        assert_eq!(
            locked_until(&connection, limit, &key, "a", 3_000).unwrap(),
            None
        );
    }

    #[test]
    fn the_global_ceiling_locks_every_client_until_a_verification() {
        let connection = db();
        let limit = LoginLimit::default();
        let key = LoginKey::new(&SECRET, 1, "u");
        for (client, at) in [("a", 1), ("a", 2), ("b", 3), ("b", 4)] {
            record_failure(&connection, &key, client, at).unwrap();
        }
        assert_eq!(
            locked_until(&connection, limit, &key, "c", 5).unwrap(),
            None
        );
        record_failure(&connection, &key, "b", 5).unwrap();
        assert!(locked_until(&connection, limit, &key, "c", 6)
            .unwrap()
            .is_some());
        clear(&connection, &key, "b").unwrap();
        assert_eq!(
            locked_until(&connection, limit, &key, "c", 6).unwrap(),
            None
        );
        assert_eq!(
            locked_until(&connection, limit, &key, "a", 6).unwrap(),
            None
        );
        record_failure(&connection, &key, "a", 7).unwrap();
        assert!(
            locked_until(&connection, limit, &key, "a", 8)
                .unwrap()
                .is_some(),
            "a's own failures outlive b's success"
        );
    }

    #[test]
    fn waits_are_rounded() {
        assert_eq!(rough_wait(1_500), "a minute");
        assert_eq!(rough_wait(10 * 60_000), "10 minutes");
        assert_eq!(rough_wait(61 * 60_000), "an hour");
        assert_eq!(rough_wait(23 * 3_600_000 + 50 * 60_000), "24 hours");
    }
}
