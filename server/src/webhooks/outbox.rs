//! The webhook outbox table: one row per event, frozen body, delivery state.
//!
//! Rows are inserted inside the transaction that changes the credential, so
//! a committed status change always has its event and a rolled-back one never
//! does. The delivery worker only reads and updates rows.

use crate::store::{params, Connection, OptionalExtension};
use protocol::{UtilityCredential, VerificationStatus, WebhookEvent};
use serde::Serialize;

use crate::clients::random_token;
use crate::clock::rfc3339_ms;
use crate::store::unknown_word;

pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";
/// Every attempt failed: kept for the host to list and replay.
pub const DEAD: &str = "dead";
/// The client had no webhook URL when the event happened.
pub const NO_ENDPOINT: &str = "no_endpoint";
pub const STATES: [&str; 4] = [PENDING, DELIVERED, DEAD, NO_ENDPOINT];

pub fn event_type_for(status: VerificationStatus) -> Option<&'static str> {
    match status {
        VerificationStatus::Pending => None,
        VerificationStatus::Verified => Some("utility_credential_verified"),
        VerificationStatus::Rejected => Some("utility_credential_rejected"),
        VerificationStatus::Error => Some("utility_credential_verification_error"),
        VerificationStatus::Revoked => Some("utility_credential_revoked"),
    }
}

/// Adds an event for `credential`; call inside the state change's transaction.
pub fn enqueue(
    connection: &Connection,
    client_id: &str,
    event_type: &str,
    credential: &UtilityCredential,
    now_ms: i64,
) -> crate::store::Result<String> {
    let id = random_token("msg_", 18);
    let event = WebhookEvent {
        id: id.clone(),
        kind: event_type.to_string(),
        created_at: rfc3339_ms(now_ms),
        data: credential.clone(),
    };
    let payload = serde_json::to_string(&event).expect("events serialize");
    let has_endpoint: bool = connection.query_row(
        "SELECT webhook_url IS NOT NULL FROM clients WHERE id = ?1",
        [client_id],
        |row| row.get(0),
    )?;
    let (state, next_attempt) = if has_endpoint {
        (PENDING, Some(now_ms))
    } else {
        (NO_ENDPOINT, None)
    };
    connection.execute(
        "INSERT INTO webhook_outbox (id, client_id, event_type, credential_id, payload, created_at_ms, state, next_attempt_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id, client_id, event_type, credential.id, payload, now_ms, state, next_attempt],
    )?;
    Ok(id)
}

/// A row taken by the delivery worker.
pub struct Claimed {
    pub seq: i64,
    pub id: String,
    pub url: Option<String>,
    /// Whose secrets sign it; they are opened only for the attempt.
    pub client_id: String,
    pub payload: String,
    pub attempts: u32,
}

/// Takes up to `limit` due rows and returns them with the next due time of
/// the rest, so the worker knows how long it may sleep.
pub fn claim_due(
    connection: &Connection,
    owner: &str,
    now_ms: i64,
    limit: usize,
) -> crate::store::Result<(Vec<Claimed>, Option<i64>)> {
    let transaction = connection.unchecked_transaction()?;
    let candidates = {
        transaction.query_map(
            &format!(
                "SELECT o.seq, o.id, c.webhook_url, o.client_id, o.payload, o.attempts
             FROM webhook_outbox o JOIN clients c ON c.id = o.client_id
             WHERE o.state = 'pending' AND o.claimed < ?1 AND o.next_attempt_at_ms <= ?1
             ORDER BY o.next_attempt_at_ms LIMIT ?2{}",
                crate::leases::skip_locked(transaction.dialect(), "o")
            ),
            params![now_ms, limit as i64],
            |row| {
                Ok(Claimed {
                    seq: row.get(0)?,
                    id: row.get(1)?,
                    url: row.get(2)?,
                    client_id: row.get(3)?,
                    payload: row.get(4)?,
                    attempts: row.get::<_, i64>(5)?.clamp(0, u32::MAX.into()) as u32,
                })
            },
        )?
    };
    let mut claimed = Vec::with_capacity(candidates.len());
    for row in candidates {
        // Conditional: another replica may have leased it since the SELECT.
        let taken = transaction.execute(
            "UPDATE webhook_outbox SET claimed = ?2, lease_owner = ?3 WHERE seq = ?1 AND claimed < ?4",
            params![row.seq, crate::leases::expiry(now_ms), owner, now_ms],
        )?;
        if taken == 1 {
            claimed.push(row);
        }
    }
    let next_due: Option<i64> = transaction.query_row(
        "SELECT MIN(next_attempt_at_ms) FROM webhook_outbox WHERE state = 'pending' AND claimed < ?1",
        [now_ms],
        |row| row.get(0),
    )?;
    transaction.commit()?;
    Ok((claimed, next_due))
}

/// The outbox at a glance, for `/metrics`.
pub struct Stats {
    pub pending: i64,
    pub oldest_pending_age_ms: i64,
    pub dead: i64,
}

pub fn stats(connection: &Connection, now_ms: i64) -> crate::store::Result<Stats> {
    connection.query_row(
        "SELECT COUNT(*) FILTER (WHERE state = 'pending'),
                MIN(created_at_ms) FILTER (WHERE state = 'pending'),
                COUNT(*) FILTER (WHERE state = 'dead')
         FROM webhook_outbox",
        [],
        |row| {
            let oldest: Option<i64> = row.get(1)?;
            Ok(Stats {
                pending: row.get(0)?,
                oldest_pending_age_ms: oldest.map_or(0, |at| (now_ms - at).max(0)),
                dead: row.get(2)?,
            })
        },
    )
}

/// What one delivery attempt came to.
pub enum AttemptResult {
    Delivered {
        status: u16,
    },
    /// Try again at `retry_at_ms`, or dead-letter when it is `None`.
    Failed {
        status: Option<u16>,
        error: String,
        retry_at_ms: Option<i64>,
    },
}

pub fn record_attempt(
    connection: &Connection,
    seq: i64,
    now_ms: i64,
    result: &AttemptResult,
) -> crate::store::Result<()> {
    match result {
        AttemptResult::Delivered { status } => connection.execute(
            "UPDATE webhook_outbox SET state = 'delivered', claimed = 0, lease_owner = NULL, attempts = attempts + 1,
                 last_attempt_at_ms = ?2, last_response_status = ?3, last_error = NULL,
                 delivered_at_ms = ?2, next_attempt_at_ms = NULL
             WHERE seq = ?1",
            params![seq, now_ms, status],
        )?,
        AttemptResult::Failed { status, error, retry_at_ms } => connection.execute(
            "UPDATE webhook_outbox SET state = ?4, claimed = 0, lease_owner = NULL, attempts = attempts + 1,
                 last_attempt_at_ms = ?2, last_response_status = ?3, last_error = ?5, next_attempt_at_ms = ?6
             WHERE seq = ?1",
            params![seq, now_ms, status, if retry_at_ms.is_some() { PENDING } else { DEAD }, error, retry_at_ms],
        )?,
    };
    Ok(())
}

/// An event as the host lists it: the envelope that was (or will be) sent,
/// plus its delivery record.
#[derive(Serialize)]
pub struct EventView {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub created_at: String,
    pub data: serde_json::Value,
    pub delivery: DeliveryView,
}

#[derive(Serialize)]
pub struct DeliveryView {
    /// `pending`, `delivered`, `dead` or `no_endpoint`.
    pub status: String,
    pub attempts: u32,
    pub last_attempt_at: Option<String>,
    pub next_attempt_at: Option<String>,
    pub last_response_status: Option<u16>,
    pub last_error: Option<String>,
    pub delivered_at: Option<String>,
}

const VIEW_COLUMNS: &str =
    "id, event_type, created_at_ms, payload, state, attempts, last_attempt_at_ms,
    next_attempt_at_ms, last_response_status, last_error, delivered_at_ms";

/// The body of an event listing (`/webhook/events`, `/demo/webhook_events`).
#[derive(Serialize)]
pub struct EventList {
    pub webhook_events: Vec<EventView>,
}

fn view(row: &crate::store::Row) -> crate::store::Result<EventView> {
    let payload: String = row.get(3)?;
    let data = serde_json::from_str::<serde_json::Value>(&payload)
        .ok()
        .and_then(|mut envelope| envelope.get_mut("data").map(serde_json::Value::take))
        .ok_or_else(|| unknown_word(3, "webhook payload", "(not an event envelope)"))?;
    let state: String = row.get(4)?;
    if !STATES.contains(&state.as_str()) {
        return Err(unknown_word(4, "webhook delivery state", &state));
    }
    let time = |ms: Option<i64>| ms.map(rfc3339_ms);
    Ok(EventView {
        id: row.get(0)?,
        kind: row.get(1)?,
        created_at: rfc3339_ms(row.get(2)?),
        data,
        delivery: DeliveryView {
            status: state,
            attempts: row.get::<_, i64>(5)?.clamp(0, u32::MAX.into()) as u32,
            last_attempt_at: time(row.get(6)?),
            next_attempt_at: time(row.get(7)?),
            last_response_status: row
                .get::<_, Option<i64>>(8)?
                .map(|s| s.clamp(0, 999) as u16),
            last_error: row.get(9)?,
            delivered_at: time(row.get(10)?),
        },
    })
}

/// Newest first; `state` filters (e.g. `dead` for the dead-letter list).
pub fn list(
    connection: &Connection,
    client_id: &str,
    state: Option<&str>,
    limit: u32,
) -> crate::store::Result<Vec<EventView>> {
    connection.query_map(
        &format!(
            "SELECT {VIEW_COLUMNS} FROM webhook_outbox WHERE client_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR state = ?2)
             ORDER BY seq DESC LIMIT ?3"
        ),
        params![client_id, state, limit],
        view,
    )
}

pub fn find(
    connection: &Connection,
    client_id: &str,
    id: &str,
) -> crate::store::Result<Option<EventView>> {
    connection
        .query_row(
            &format!("SELECT {VIEW_COLUMNS} FROM webhook_outbox WHERE client_id = ?1 AND id = ?2"),
            params![client_id, id],
            view,
        )
        .optional()
}

/// Sends a dead (or undeliverable) event again, with a fresh set of attempts.
/// `false` if the client has no webhook URL to send it to.
pub fn replay(
    connection: &Connection,
    client_id: &str,
    id: &str,
    now_ms: i64,
) -> crate::store::Result<bool> {
    let changed = connection.execute(
        "UPDATE webhook_outbox SET state = 'pending', attempts = 0, next_attempt_at_ms = ?3
         WHERE client_id = ?1 AND id = ?2 AND state IN ('dead', 'no_endpoint', 'delivered')
           AND (SELECT webhook_url FROM clients WHERE clients.id = ?1) IS NOT NULL",
        params![client_id, id, now_ms],
    )?;
    Ok(changed > 0)
}

/// Delivered events are kept this long for the host to look up, as Arcadia
/// keeps its event log; dead and undeliverable ones stay until replayed.
const DELIVERED_RETENTION_MS: i64 = 30 * 86_400_000;

pub fn prune_delivered(connection: &Connection, now_ms: i64) -> crate::store::Result<usize> {
    connection.execute(
        "DELETE FROM webhook_outbox WHERE state = 'delivered' AND created_at_ms < ?1",
        [now_ms - DELIVERED_RETENTION_MS],
    )
}

#[cfg(test)]
mod tests {
    use protocol::UtilityRef;

    use super::*;
    use crate::clients;
    use crate::store::Db;

    #[test]
    fn an_unknown_delivery_state_is_an_error_not_a_guess() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).unwrap();
        let connection = db.lock();
        let client = clients::insert(
            &connection,
            &crate::crypto::Sealer::new(&[7; 32]),
            "Test App",
            None,
            &[],
            false,
        )
        .unwrap();
        let credential = UtilityCredential {
            id: 1,
            client_user_id: "user".into(),
            utility: UtilityRef {
                id: 4110,
                name: "Commonwealth Edison".into(),
            },
            verification_status: VerificationStatus::Verified,
            created_at: rfc3339_ms(0),
            updated_at: rfc3339_ms(0),
            verification_updated_at: rfc3339_ms(0),
            sandboxed: true,
        };
        let id = enqueue(
            &connection,
            &client.client_id,
            "utility_credential_verified",
            &credential,
            0,
        )
        .unwrap();
        let listed = list(&connection, &client.client_id, None, 10).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].delivery.status, NO_ENDPOINT);

        connection
            .execute(
                "UPDATE webhook_outbox SET state = 'sent' WHERE id = ?1",
                [&id],
            )
            .unwrap();
        let error = list(&connection, &client.client_id, None, 10)
            .err()
            .expect("an unknown state is refused")
            .to_string();
        assert!(error.contains("unknown webhook delivery state"), "{error}");
        assert!(find(&connection, &client.client_id, &id).is_err());
    }
}
