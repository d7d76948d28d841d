//! Webhook signing secrets at rest: sealed (AES-256-GCM, as utility logins
//! are), never stored in plaintext. A rotation keeps the previous secret,
//! sealed, until its overlap window ends; meanwhile every webhook carries
//! both signatures, space-separated, as Standard Webhooks allows, so a
//! receiver can switch secrets without losing a delivery.

use crate::store::{params, Connection, OptionalExtension};
use rand::RngCore;
use zeroize::Zeroizing;

use super::signing;
use crate::crypto::Sealer;

/// `whsec_` + 32 random bytes, standard base64, as Standard Webhooks shows it.
pub fn new_secret() -> Zeroizing<String> {
    use base64::Engine;
    let mut raw = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(raw.as_mut());
    Zeroizing::new(format!(
        "{}{}",
        signing::SECRET_PREFIX,
        base64::engine::general_purpose::STANDARD.encode(raw.as_ref())
    ))
}

/// Names the column and the client, so a sealed secret copied to another
/// client, or from `previous` to `current`, does not open.
pub fn aad(column: &str, client_id: &str) -> Vec<u8> {
    format!("clients.{column}:v1:{client_id}").into_bytes()
}

pub const CURRENT: &str = "webhook_secret_sealed";
pub const PREVIOUS: &str = "webhook_secret_previous_sealed";

pub fn seal_current(sealer: &Sealer, client_id: &str, secret: &str) -> Vec<u8> {
    sealer.seal(&aad(CURRENT, client_id), secret.as_bytes())
}

/// The HMAC keys webhooks of this client are signed with right now: the
/// current secret's, then the previous one's while its overlap lasts.
pub fn signing_keys(
    connection: &Connection,
    sealer: &Sealer,
    client_id: &str,
    now_unix: i64,
) -> Result<Vec<Zeroizing<Vec<u8>>>, String> {
    let row: Option<(Option<Vec<u8>>, Option<Vec<u8>>, Option<i64>)> = connection
        .query_row(
            "SELECT webhook_secret_sealed, webhook_secret_previous_sealed, webhook_secret_previous_until
             FROM clients WHERE id = ?1",
            [client_id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()
        .map_err(|error| error.to_string())?;
    let (current, previous, until) = row.ok_or("the client no longer exists")?;
    let mut keys = Vec::new();
    let current = current.ok_or("the client has no sealed signing secret")?;
    keys.push(open_key(sealer, CURRENT, client_id, &current)?);
    if let (Some(previous), Some(until)) = (previous, until) {
        if now_unix < until {
            keys.push(open_key(sealer, PREVIOUS, client_id, &previous)?);
        }
    }
    Ok(keys)
}

fn open_key(
    sealer: &Sealer,
    column: &str,
    client_id: &str,
    blob: &[u8],
) -> Result<Zeroizing<Vec<u8>>, String> {
    let plaintext = sealer
        .open(&aad(column, client_id), blob)
        .map_err(|_| format!("the client's {column} does not decrypt"))?;
    let text = std::str::from_utf8(&plaintext).map_err(|_| "signing secret is not text")?;
    signing::secret_bytes(text)
        .map(Zeroizing::new)
        .ok_or_else(|| "the client's signing secret is unusable".to_string())
}

/// A new current secret; the old one signs too until `now + overlap_secs`.
/// Returns the new secret (to print once) and the end of the overlap.
pub fn rotate(
    connection: &Connection,
    sealer: &Sealer,
    client_id: &str,
    overlap_secs: i64,
    now_unix: i64,
) -> Result<(Zeroizing<String>, i64), String> {
    let current: Option<Vec<u8>> = connection
        .query_row(
            "SELECT webhook_secret_sealed FROM clients WHERE id = ?1",
            [client_id],
            |row| row.get(0),
        )
        .optional()
        .map_err(|error| error.to_string())?
        .ok_or_else(|| format!("no client {client_id:?}"))?;
    let current = current.ok_or("the client has no sealed signing secret")?;
    let old = sealer
        .open(&aad(CURRENT, client_id), &current)
        .map_err(|_| "the current signing secret does not decrypt with this master key")?;
    let previous = sealer.seal(&aad(PREVIOUS, client_id), &old);
    let fresh = new_secret();
    let until = now_unix + overlap_secs;
    connection
        .execute(
            "UPDATE clients SET webhook_secret_sealed = ?2, webhook_secret_previous_sealed = ?3,
                    webhook_secret_previous_until = ?4 WHERE id = ?1",
            params![
                client_id,
                seal_current(sealer, client_id, &fresh),
                previous,
                until
            ],
        )
        .map_err(|error| error.to_string())?;
    Ok((fresh, until))
}

/// Data dirs from before secrets were sealed: seal each plaintext secret and
/// blank its old column (`secure_delete` zeroes the freed bytes).
pub fn seal_plaintext_rows(
    connection: &Connection,
    sealer: &Sealer,
) -> crate::store::Result<usize> {
    let rows: Vec<(String, Zeroizing<String>)> = connection.query_map(
        "SELECT id, webhook_signing_secret FROM clients
             WHERE webhook_secret_sealed IS NULL AND webhook_signing_secret <> ''",
        [],
        |row| Ok((row.get(0)?, Zeroizing::new(row.get(1)?))),
    )?;
    let transaction = connection.unchecked_transaction()?;
    for (client_id, secret) in &rows {
        transaction.execute(
            "UPDATE clients SET webhook_secret_sealed = ?2, webhook_signing_secret = '' WHERE id = ?1",
            params![client_id, seal_current(sealer, client_id, secret)],
        )?;
    }
    transaction.commit()?;
    Ok(rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_for_its_client_and_column() {
        let sealer = Sealer::new(&[3; 32]);
        let secret = new_secret();
        let blob = seal_current(&sealer, "cl_a", &secret);
        assert!(open_key(&sealer, CURRENT, "cl_a", &blob).is_ok());
        assert!(open_key(&sealer, CURRENT, "cl_b", &blob).is_err());
        assert!(open_key(&sealer, PREVIOUS, "cl_a", &blob).is_err());
        assert!(!String::from_utf8_lossy(&blob).contains(&secret[6..]));
    }
}
