//! Wrong one-time codes counted per login (utility + username), across every
//! token, client and replica: a new connect token must not buy new guesses
//! at the same code.
//!
//! A guess takes its allowance before the utility sees it and gives it back
//! if the code was right or the utility did not answer. Checking the count
//! and recording the guess only after the utility's answer would let guesses
//! sent at the same moment (several tokens, several replicas) all read the
//! same count and together pass the cap. A guess whose request dies halfway
//! keeps its allowance until the window slides past it: erring towards fewer
//! guesses, never more.

use rand::RngCore;

use crate::clock::ms;
use crate::config::LoginLimit;
use crate::login_limit::{self, LoginKey};
use crate::sliding_window;
use crate::store::{params, Connection};

/// Wrong one-time codes one login may get in a window.
pub const MAX_WRONG_CODES_PER_LOGIN: u32 = 5;

/// What a settled wrong guess is stored as; `clear` and `prune` in
/// `login_limit` treat held guesses (`HELD_PREFIX…`) like it.
const WRONG: &str = "code";
const HELD_PREFIX: &str = "code-held:";

/// One guess's allowance, held while the utility checks the code.
#[derive(Debug)]
pub struct HeldGuess {
    key: LoginKey,
    kind: String,
}

/// Takes one allowance for a guess about to be checked: `Ok((left, guess))`
/// with the allowances there were before this one, or `Err(at)` when none is
/// free until `at` (unix ms). One login's guesses take turns (its advisory
/// lock on PostgreSQL, the single connection on SQLite), so concurrent
/// guesses through any replica stop exactly at the cap.
pub fn hold(
    connection: &Connection,
    limit: LoginLimit,
    key: &LoginKey,
    client_id: &str,
    now_ms: i64,
) -> crate::store::Result<Result<(u32, HeldGuess), i64>> {
    let transaction = connection.unchecked_transaction()?;
    login_limit::serialize(&transaction, key)?;
    let counted = sliding_window::times(
        &transaction,
        "SELECT failed_at_ms FROM login_failures WHERE login_key = ?1 AND failed_at_ms > ?2
         AND (kind = ?3 OR kind LIKE ?4) ORDER BY failed_at_ms",
        params![
            key.0,
            now_ms - ms(limit.window),
            WRONG,
            format!("{HELD_PREFIX}%")
        ],
    )?;
    let left = MAX_WRONG_CODES_PER_LOGIN.saturating_sub(counted.len() as u32);
    if left == 0 {
        let free_at =
            sliding_window::free_at(&counted, MAX_WRONG_CODES_PER_LOGIN as usize, limit.window)
                .unwrap_or(now_ms);
        return Ok(Err(free_at));
    }
    let guess = HeldGuess {
        key: key.clone(),
        kind: format!("{HELD_PREFIX}{:016x}", rand::rngs::OsRng.next_u64()),
    };
    transaction.execute(
        "INSERT INTO login_failures (login_key, failed_at_ms, client_id, kind) VALUES (?1, ?2, ?3, ?4)",
        params![guess.key.0, now_ms, client_id, guess.kind.as_str()],
    )?;
    transaction.commit()?;
    Ok(Ok((left, guess)))
}

/// The utility called the code wrong: the allowance is spent, counted from now.
pub fn spend(connection: &Connection, guess: &HeldGuess, now_ms: i64) -> crate::store::Result<()> {
    connection
        .execute(
            "UPDATE login_failures SET kind = ?1, failed_at_ms = ?2 WHERE login_key = ?3 AND kind = ?4",
            params![WRONG, now_ms, guess.key.0, guess.kind.as_str()],
        )
        .map(|_| ())
}

/// The code was right, or the utility never answered: the allowance comes back.
pub fn give_back(connection: &Connection, guess: &HeldGuess) -> crate::store::Result<()> {
    connection
        .execute(
            "DELETE FROM login_failures WHERE login_key = ?1 AND kind = ?2",
            params![guess.key.0, guess.kind.as_str()],
        )
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::login_limit::tests::db;

    const LIMIT: LoginLimit = LoginLimit {
        failures: 3,
        global_failures: 5,
        window: Duration::from_secs(100),
    };

    #[test]
    fn held_guesses_count_until_given_back_and_spent_ones_until_the_window_passes() {
        let connection = db();
        let key = LoginKey::new(&[7; 32], 1, "u");
        let mut held = Vec::new();
        for expected_left in (1..=MAX_WRONG_CODES_PER_LOGIN).rev() {
            let (left, guess) = hold(&connection, LIMIT, &key, "a", 1_000).unwrap().unwrap();
            assert_eq!(left, expected_left);
            held.push(guess);
        }
        // Five in flight: a sixth waits, even through another client.
        assert_eq!(
            hold(&connection, LIMIT, &key, "b", 1_000)
                .unwrap()
                .unwrap_err(),
            101_000
        );

        give_back(&connection, &held.pop().unwrap()).unwrap();
        let (left, again) = hold(&connection, LIMIT, &key, "b", 2_000).unwrap().unwrap();
        assert_eq!(left, 1);
        spend(&connection, &again, 50_000).unwrap();
        for guess in &held {
            spend(&connection, guess, 3_000).unwrap();
        }
        // The four spent at 3 s free up at 103 s, the one spent at 50 s later.
        assert_eq!(
            hold(&connection, LIMIT, &key, "a", 4_000)
                .unwrap()
                .unwrap_err(),
            103_000
        );
        let (left, _) = hold(&connection, LIMIT, &key, "a", 103_000)
            .unwrap()
            .unwrap();
        assert_eq!(left, 4);

        let other = LoginKey::new(&[7; 32], 1, "v");
        assert_eq!(
            hold(&connection, LIMIT, &other, "a", 4_000)
                .unwrap()
                .unwrap()
                .0,
            5
        );
    }

    #[test]
    fn a_verified_login_forgets_its_guesses_held_or_spent() {
        let connection = db();
        let key = LoginKey::new(&[7; 32], 1, "u");
        let (_, spent) = hold(&connection, LIMIT, &key, "a", 1_000).unwrap().unwrap();
        spend(&connection, &spent, 1_000).unwrap();
        let (_, _in_flight) = hold(&connection, LIMIT, &key, "a", 1_000).unwrap().unwrap();
        login_limit::clear(&connection, &key, "b").unwrap();
        assert_eq!(
            hold(&connection, LIMIT, &key, "a", 2_000)
                .unwrap()
                .unwrap()
                .0,
            5
        );
    }
}
