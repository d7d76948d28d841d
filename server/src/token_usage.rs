//! Per-connect-token attempt counters, in the database so that neither a
//! restart nor a second server process resets them.
//!
//! The token itself is stateless (signed claims); its `jti` keys this row,
//! created on the token's first use.

use crate::store::{params, Connection};
use protocol::ConnectClaims;

/// Credential submissions allowed on one connect token.
pub const MAX_SUBMISSIONS: u8 = 5;
/// Wrong one-time codes allowed on one connect token, over all its challenges.
pub const MAX_WRONG_CODES: u8 = 5;

#[derive(Clone, Debug)]
pub struct Usage {
    pub submissions: u8,
    pub wrong_codes: u8,
    /// Out of attempts: every later call with this token is refused.
    pub spent: bool,
    /// Create mode: the credential this token created, which its later
    /// submissions retry instead of creating another.
    pub credential_id: Option<i64>,
}

impl Usage {
    pub fn submissions_left(&self) -> u8 {
        MAX_SUBMISSIONS.saturating_sub(self.submissions)
    }

    pub fn codes_left(&self) -> u8 {
        MAX_WRONG_CODES.saturating_sub(self.wrong_codes)
    }
}

pub fn load_or_create(
    connection: &Connection,
    claims: &ConnectClaims,
) -> crate::store::Result<Usage> {
    // Every component call lands here; reading first keeps most of them
    // free of a write (and its fsync).
    if let Some(usage) = load_optional(connection, &claims.jti)? {
        return Ok(usage);
    }
    connection.execute(
        "INSERT INTO connect_tokens (jti, client_id, expires_at) VALUES (?1, ?2, ?3) ON CONFLICT (jti) DO NOTHING",
        params![claims.jti, claims.client_id, claims.exp],
    )?;
    load(connection, &claims.jti)
}

pub fn load(connection: &Connection, jti: &str) -> crate::store::Result<Usage> {
    connection.query_row(
        "SELECT submissions, wrong_codes, spent, credential_id FROM connect_tokens WHERE jti = ?1",
        [jti],
        |row| {
            Ok(Usage {
                submissions: row.get::<_, i64>(0)?.clamp(0, 255) as u8,
                wrong_codes: row.get::<_, i64>(1)?.clamp(0, 255) as u8,
                spent: row.get(2)?,
                credential_id: row.get(3)?,
            })
        },
    )
}

fn load_optional(connection: &Connection, jti: &str) -> crate::store::Result<Option<Usage>> {
    match load(connection, jti) {
        Ok(usage) => Ok(Some(usage)),
        Err(crate::store::Error::NoRows) => Ok(None),
        Err(error) => Err(error),
    }
}

pub fn mark_spent(connection: &Connection, jti: &str) -> crate::store::Result<()> {
    connection
        .execute("UPDATE connect_tokens SET spent = 1 WHERE jti = ?1", [jti])
        .map(|_| ())
}

pub fn count_submission(
    connection: &Connection,
    jti: &str,
    credential_id: i64,
) -> crate::store::Result<()> {
    connection
        .execute(
            "UPDATE connect_tokens SET submissions = submissions + 1, credential_id = COALESCE(credential_id, ?2)
             WHERE jti = ?1",
            params![jti, credential_id],
        )
        .map(|_| ())
}

/// Counts a wrong code; the last allowed one spends the token.
pub fn count_wrong_code(connection: &Connection, jti: &str) -> crate::store::Result<Usage> {
    connection.execute(
        "UPDATE connect_tokens SET wrong_codes = wrong_codes + 1,
             spent = CASE WHEN wrong_codes + 1 >= ?2 THEN 1 ELSE spent END
         WHERE jti = ?1",
        params![jti, MAX_WRONG_CODES],
    )?;
    load(connection, jti)
}

/// Rows of long-expired tokens only cost space; a day's grace keeps the
/// counters of a token whose clock skewed.
pub fn prune(connection: &Connection, now_unix: i64) -> crate::store::Result<usize> {
    connection.execute(
        "DELETE FROM connect_tokens WHERE expires_at < ?1",
        [now_unix - 86_400],
    )
}
