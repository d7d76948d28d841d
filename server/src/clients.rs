//! Host apps ("clients"): registration and secret checks.

use rand::RngCore;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::cli::{self, AddClientOptions};
use crate::db::Db;
use crate::error::Failure;
use crate::origins;

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
    name: &str,
    webhook_url: Option<&str>,
    allowed_origins: &[String],
    is_sandbox: bool,
) -> rusqlite::Result<NewClient> {
    let client_id = random_token("cl_", 12);
    // 256-bit secrets: a fast hash is enough, nobody brute-forces 2^256.
    let client_secret = random_token("cs_", 32);
    let webhook_signing_secret = {
        let mut raw = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut raw);
        format!("whsec_{}", base64_standard(&raw))
    };
    connection.execute(
        "INSERT INTO clients (id, name, secret_hash, webhook_url, webhook_signing_secret, allowed_origins, is_sandbox, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, unixepoch())",
        params![
            client_id,
            name,
            hash_secret(&client_secret),
            webhook_url,
            webhook_signing_secret,
            serde_json::to_string(allowed_origins).expect("strings serialize"),
            is_sandbox,
        ],
    )?;
    Ok(NewClient {
        client_id,
        client_secret,
        webhook_signing_secret,
    })
}

fn base64_standard(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Returns the client when the pair matches; compares hashes in constant time.
pub fn authenticate(
    connection: &Connection,
    client_id: &str,
    secret: &str,
) -> rusqlite::Result<Option<Client>> {
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

/// The protocol's logo rule, and an https logo must also parse as a URL.
fn is_usable_logo_url(url: &str) -> bool {
    protocol::is_usable_logo_url(url)
        && (url.get(..5).is_some_and(|scheme| scheme.eq_ignore_ascii_case("data:"))
            || cli::is_http_url(url))
}

pub fn sandbox_client(connection: &Connection) -> rusqlite::Result<Option<Client>> {
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
pub fn ensure_sandbox_client(db: &Db) -> Result<(), String> {
    let connection = db.lock();
    if sandbox_client(&connection)
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Ok(());
    }
    let created =
        insert(&connection, SANDBOX_CLIENT_NAME, None, &[], true).map_err(|e| e.to_string())?;
    let secret = Zeroizing::new(created.client_secret);
    // Deliberately the only place a client secret is ever printed: the operator
    // needs it once, as with `clients add`.
    tracing::info!(
        "created sandbox client {SANDBOX_CLIENT_NAME:?}: client_id={} client_secret={} webhook_signing_secret={} (shown once)",
        created.client_id,
        *secret,
        created.webhook_signing_secret
    );
    Ok(())
}

/// Checked here rather than while parsing flags, so that a bad value is one
/// `error:` line (no usage dump) and nothing is created, not even the data dir.
fn validated_origins(given: &[String]) -> Result<Vec<String>, String> {
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

pub fn add_from_cli(options: AddClientOptions) -> Result<(), String> {
    if let Some(url) = options.webhook_url.as_deref() {
        if !cli::is_http_url(url) {
            return Err(format!(
                "--webhook-url {url:?} is not an absolute http(s) URL, e.g. https://app.example.com/hooks"
            ));
        }
    }
    if let Some(url) = options.logo_url.as_deref().map(str::trim) {
        if !is_usable_logo_url(url) {
            return Err(format!(
                "--logo-url {url:?} must be an https URL or a data:image/ URL"
            ));
        }
    }
    let allowed_origins = validated_origins(&options.allowed_origins)?;
    let db = Db::open(&options.data_dir)?;
    let connection = db.lock();
    let created = insert(
        &connection,
        options.name.trim(),
        options.webhook_url.as_deref(),
        &allowed_origins,
        false,
    )
    .map_err(|error| format!("cannot add client: {error}"))?;
    if let Some(url) = options.logo_url.as_deref() {
        connection
            .execute(
                "UPDATE clients SET logo_url = ?1 WHERE id = ?2",
                params![url.trim(), created.client_id],
            )
            .map_err(|error| format!("cannot add client: {error}"))?;
    }
    println!(
        "{}",
        serde_json::to_string(&created).expect("strings serialize")
    );
    Ok(())
}
