//! Host apps ("clients"): registration and secret checks.

use crate::store::{params, Connection, OptionalExtension};
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::crypto::Sealer;
use crate::error::Failure;
use crate::keys::Keys;
use crate::origins;
use crate::store::Db;
use crate::webhooks::secrets;

pub const SANDBOX_CLIENT_NAME: &str = "Demo Energy App";

#[derive(Serialize)]
pub struct NewClient {
    pub client_id: String,
    pub client_secret: String,
    pub webhook_signing_secret: String,
}

#[derive(Clone, Debug)]
pub struct Client {
    pub id: String,
    pub name: String,
}

pub fn random_token(prefix: &str, bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    format!("{prefix}{}", protocol::base64url_encode(&raw))
}

pub fn hash_secret(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

pub fn insert(
    connection: &Connection,
    sealer: &Sealer,
    name: &str,
    webhook_url: Option<&str>,
    allowed_origins: &[String],
    is_sandbox: bool,
) -> crate::store::Result<NewClient> {
    let client_id = random_token("cl_", 12);
    // 256-bit secrets: a fast hash is enough, nobody brute-forces 2^256.
    let client_secret = random_token("cs_", 32);
    let webhook_signing_secret = secrets::new_secret();
    // Only the sealed form is stored; the old plaintext column stays empty.
    connection.execute(
        "INSERT INTO clients (id, name, secret_hash, webhook_url, webhook_signing_secret, webhook_secret_sealed, allowed_origins, is_sandbox, created_at)
         VALUES (?1, ?2, ?3, ?4, '', ?5, ?6, ?7, ?8)",
        params![
            client_id,
            name,
            hash_secret(&client_secret),
            webhook_url,
            secrets::seal_current(sealer, &client_id, &webhook_signing_secret),
            serde_json::to_string(allowed_origins).expect("strings serialize"),
            is_sandbox,
            crate::clock::now_unix(),
        ],
    )?;
    Ok(NewClient {
        client_id,
        client_secret,
        webhook_signing_secret: webhook_signing_secret.to_string(),
    })
}

/// Returns the client when the pair matches; compares hashes in constant time.
pub fn authenticate(
    connection: &Connection,
    client_id: &str,
    secret: &str,
) -> crate::store::Result<Option<Client>> {
    let row: Option<(String, Vec<u8>)> = connection
        .query_row(
            "SELECT name, secret_hash FROM clients WHERE id = ?1",
            [client_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let presented = hash_secret(secret);
    Ok(row.and_then(|(name, stored)| {
        bool::from(subtle::ConstantTimeEq::ct_eq(
            stored.as_slice(),
            presented.as_slice(),
        ))
        .then(|| Client {
            id: client_id.to_string(),
            name,
        })
    }))
}

/// The client's registered origins, normalised. Rows written before
/// origins were validated keep a value that does not normalise as it is: it
/// matches nothing, so such a client stays restricted rather than open.
pub fn allowed_origins(connection: &Connection, client_id: &str) -> Result<Vec<String>, Failure> {
    let stored: Option<String> = connection
        .query_row(
            "SELECT allowed_origins FROM clients WHERE id = ?1",
            [client_id],
            |row| row.get(0),
        )
        .optional()?;
    let Some(text) = stored else {
        return Ok(Vec::new());
    };
    let list: Vec<String> = serde_json::from_str(&text).map_err(|error| {
        Failure::internal(format!("client {client_id} allowed_origins: {error}"))
    })?;
    Ok(list
        .into_iter()
        .map(|origin| origins::normalize(&origin).unwrap_or(origin))
        .collect())
}

/// The client's registered logo, if any.
pub fn logo_url(connection: &Connection, client_id: &str) -> Result<Option<String>, Failure> {
    let logo: Option<Option<String>> = connection
        .query_row(
            "SELECT logo_url FROM clients WHERE id = ?1",
            [client_id],
            |row| row.get(0),
        )
        .optional()?;
    Ok(logo.flatten())
}

pub fn sandbox_client(connection: &Connection) -> crate::store::Result<Option<Client>> {
    connection
        .query_row(
            "SELECT id, name FROM clients WHERE is_sandbox = 1",
            [],
            |row| {
                Ok(Client {
                    id: row.get(0)?,
                    name: row.get(1)?,
                })
            },
        )
        .optional()
}

/// Creates the sandbox client on first start; its secret is shown this once.
pub fn ensure_sandbox_client(db: &Db, keys: &Keys) -> Result<(), String> {
    let Some(created) = create_sandbox_client(db, keys)? else {
        return Ok(());
    };
    let secret = Zeroizing::new(created.client_secret);
    // Deliberately the only place a client secret is ever logged, and only in
    // sandbox mode: the developer needs it once, as with `clients add`.
    tracing::info!(
        "created sandbox client {SANDBOX_CLIENT_NAME:?}: client_id={} client_secret={} webhook_signing_secret={} (shown once)",
        created.client_id,
        *secret,
        created.webhook_signing_secret
    );
    Ok(())
}

/// The sandbox client's secrets if this call created it; `None` if it exists.
pub fn create_sandbox_client(db: &Db, keys: &Keys) -> Result<Option<NewClient>, String> {
    let connection = db.lock();
    if sandbox_client(&connection)
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Ok(None);
    }
    let sealer = keys.sealer();
    match insert(&connection, &sealer, SANDBOX_CLIENT_NAME, None, &[], true) {
        Ok(created) => Ok(Some(created)),
        // Replicas starting together on one PostgreSQL: another one made it
        // between the check and the insert (`one_sandbox_client` index).
        Err(error) if error.is_unique_violation() => Ok(None),
        Err(error) => Err(error.to_string()),
    }
}

/// Checked here rather than while parsing flags, so that a bad value is one
/// `error:` line (no usage dump) and nothing is created, not even the data dir.
pub fn validated_origins(given: &[String]) -> Result<Vec<String>, String> {
    let mut normalized: Vec<String> = Vec::new();
    for origin in given {
        let origin = origins::normalize(origin.trim())
            .map_err(|reason| format!("--allowed-origin {origin:?}: {reason}"))?;
        if !normalized.contains(&origin) {
            normalized.push(origin);
        }
    }
    Ok(normalized)
}

/// Whether this client may use the API in this mode: it exists (a removed
/// client's tokens die with it) and it is not the sandbox client outside
/// sandbox mode (a data dir keeps that client, but production refuses it).
pub fn admitted(
    connection: &Connection,
    client_id: &str,
    sandbox_mode: bool,
) -> Result<bool, Failure> {
    let is_sandbox: Option<bool> = connection
        .query_row(
            "SELECT is_sandbox FROM clients WHERE id = ?1",
            [client_id],
            |row| row.get(0),
        )
        .optional()?;
    Ok(is_sandbox.is_some_and(|sandbox| sandbox_mode || !sandbox))
}

/// Records the client's logo, already checked by the caller.
pub fn set_logo_url(
    connection: &Connection,
    client_id: &str,
    url: &str,
) -> crate::store::Result<()> {
    connection.execute(
        "UPDATE clients SET logo_url = ?1 WHERE id = ?2",
        params![url, client_id],
    )?;
    Ok(())
}
