//! The operator's view of host apps: list, show, rotate, re-point, remove.
//! Used by `clients …` commands, against the same store a running server
//! uses; every change takes effect on that server's next request.

use crate::store::{params, Connection, OptionalExtension};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::clients::{self, hash_secret, random_token};
use crate::clock::rfc3339;

/// What `clients list` and `clients show` print; never a secret.
#[derive(Serialize, Debug)]
pub struct ClientInfo {
    pub client_id: String,
    pub name: String,
    pub sandbox: bool,
    pub webhook_url: Option<String>,
    pub allowed_origins: Vec<String>,
    pub created_at: String,
    pub utility_credentials: i64,
    /// Set while a rotated webhook secret still signs alongside the new one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_webhook_secret_valid_until: Option<String>,
}

const INFO_SELECT: &str =
    "SELECT c.id, c.name, c.is_sandbox, c.webhook_url, c.allowed_origins, c.created_at,
        (SELECT COUNT(*) FROM utility_credentials u WHERE u.client_id = c.id),
        c.webhook_secret_previous_until
     FROM clients c";

fn info_from_row(row: &crate::store::Row, now_unix: i64) -> crate::store::Result<ClientInfo> {
    let origins: String = row.get(4)?;
    let until: Option<i64> = row.get(7)?;
    Ok(ClientInfo {
        client_id: row.get(0)?,
        name: row.get(1)?,
        sandbox: row.get(2)?,
        webhook_url: row.get(3)?,
        allowed_origins: serde_json::from_str(&origins).unwrap_or_default(),
        created_at: rfc3339(row.get(5)?),
        utility_credentials: row.get(6)?,
        previous_webhook_secret_valid_until: until.filter(|u| *u > now_unix).map(rfc3339),
    })
}

pub fn list(connection: &Connection, now_unix: i64) -> Result<Vec<ClientInfo>, String> {
    connection
        .query_map(
            &format!("{INFO_SELECT} ORDER BY c.created_at, c.id"),
            [],
            |row| info_from_row(row, now_unix),
        )
        .map_err(|e| e.to_string())
}

pub fn show(connection: &Connection, client_id: &str, now_unix: i64) -> Result<ClientInfo, String> {
    connection
        .query_row(
            &format!("{INFO_SELECT} WHERE c.id = ?1"),
            [client_id],
            |row| info_from_row(row, now_unix),
        )
        .optional()
        .map_err(|e| e.to_string())?
        .ok_or_else(|| no_client(client_id))
}

pub fn no_client(client_id: &str) -> String {
    format!("no client {client_id:?}")
}

fn require(connection: &Connection, client_id: &str) -> Result<(), String> {
    let found: Option<i64> = connection
        .query_row("SELECT 1 FROM clients WHERE id = ?1", [client_id], |row| {
            row.get(0)
        })
        .optional()
        .map_err(|e| e.to_string())?;
    found.map(|_| ()).ok_or_else(|| no_client(client_id))
}

/// A new client secret; the old one and every access token issued with it
/// stop working at once (a leaked secret may have minted them).
pub struct RotatedSecret {
    pub client_secret: Zeroizing<String>,
    pub access_tokens_revoked: usize,
}

pub fn rotate_secret(connection: &Connection, client_id: &str) -> Result<RotatedSecret, String> {
    require(connection, client_id)?;
    let secret = Zeroizing::new(random_token("cs_", 32));
    let transaction = connection
        .unchecked_transaction()
        .map_err(|e| e.to_string())?;
    transaction
        .execute(
            "UPDATE clients SET secret_hash = ?2 WHERE id = ?1",
            params![client_id, hash_secret(&secret)],
        )
        .map_err(|e| e.to_string())?;
    let revoked = transaction
        .execute(
            "DELETE FROM access_tokens WHERE client_id = ?1",
            [client_id],
        )
        .map_err(|e| e.to_string())?;
    transaction.commit().map_err(|e| e.to_string())?;
    Ok(RotatedSecret {
        client_secret: secret,
        access_tokens_revoked: revoked,
    })
}

/// Replaces the registered origins (validated and normalised as `clients
/// add` does). An empty list means every origin, so the caller asks for it
/// explicitly.
pub fn set_origins(
    connection: &Connection,
    client_id: &str,
    given: &[String],
) -> Result<(), String> {
    let origins = clients::validated_origins(given)?;
    require(connection, client_id)?;
    connection
        .execute(
            "UPDATE clients SET allowed_origins = ?2 WHERE id = ?1",
            params![
                client_id,
                serde_json::to_string(&origins).expect("strings serialize")
            ],
        )
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// `url` was checked by the caller (`cli::is_http_url`).
pub fn set_webhook_url(
    connection: &Connection,
    client_id: &str,
    url: Option<&str>,
) -> Result<(), String> {
    require(connection, client_id)?;
    connection
        .execute(
            "UPDATE clients SET webhook_url = ?2 WHERE id = ?1",
            params![client_id, url],
        )
        .map_err(|e| e.to_string())?;
    Ok(())
}

#[derive(Serialize, Debug)]
pub struct Removed {
    pub client_id: String,
    pub utility_credentials_deleted: usize,
    pub webhook_events_deleted: usize,
    pub access_tokens_revoked: usize,
}

/// Deletes the client and everything that hangs off it, in one
/// transaction. Its connect tokens are signed rather than stored, so they
/// die by `clients::admitted` finding no client.
pub fn remove(connection: &Connection, client_id: &str) -> Result<Removed, String> {
    require(connection, client_id)?;
    let transaction = connection
        .unchecked_transaction()
        .map_err(|e| e.to_string())?;
    let delete = |sql: &str| {
        transaction
            .execute(sql, [client_id])
            .map_err(|e| format!("cannot remove client: {e}"))
    };
    let access_tokens_revoked = delete("DELETE FROM access_tokens WHERE client_id = ?1")?;
    delete("DELETE FROM connect_tokens WHERE client_id = ?1")?;
    let webhook_events_deleted = delete("DELETE FROM webhook_outbox WHERE client_id = ?1")?;
    let utility_credentials_deleted =
        delete("DELETE FROM utility_credentials WHERE client_id = ?1")?;
    delete("DELETE FROM clients WHERE id = ?1")?;
    transaction.commit().map_err(|e| e.to_string())?;
    Ok(Removed {
        client_id: client_id.to_string(),
        utility_credentials_deleted,
        webhook_events_deleted,
        access_tokens_revoked,
    })
}
