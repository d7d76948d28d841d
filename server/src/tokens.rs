//! Access tokens (opaque, stored hashed) and connect tokens (signed claims).

use crate::store::{params, Connection, OptionalExtension};
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use protocol::claims::{split_token, TOKEN_TYPE, TOKEN_VERSION};
use protocol::{ConnectClaims, ConnectTokenRequest, ErrorType, Mode, TokenError, UtilityRef};
use sha2::Sha256;

use crate::clients::{hash_secret, random_token, Client};
use crate::credentials;
use crate::directory::Directory;
use crate::error::Failure;
use crate::keys::Keys;

pub const ACCESS_TOKEN_LIFETIME_SECS: i64 = 7200;
pub const CONNECT_TOKEN_LIFETIME_SECS: i64 = 7200;

pub fn issue_access_token(
    connection: &Connection,
    client_id: &str,
    now: i64,
) -> crate::store::Result<String> {
    let token = random_token("uca_", 32);
    // Expired rows are useless; pruning here keeps the table small without a job.
    connection.execute("DELETE FROM access_tokens WHERE expires_at <= ?1", [now])?;
    connection.execute(
        "INSERT INTO access_tokens (token_hash, client_id, expires_at) VALUES (?1, ?2, ?3)",
        params![
            hash_secret(&token),
            client_id,
            now + ACCESS_TOKEN_LIFETIME_SECS
        ],
    )?;
    Ok(token)
}

pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|token| !token.is_empty())
}

/// The client behind a valid, unexpired access token in the Authorization header.
pub fn client_from_access_token(
    connection: &Connection,
    headers: &HeaderMap,
    now: i64,
) -> Result<Client, Failure> {
    let token =
        bearer(headers).ok_or_else(|| Failure::unauthorized("Unknown or invalid access token"))?;
    let row: Option<(String, String)> = connection
        .query_row(
            "SELECT c.id, c.name FROM access_tokens t JOIN clients c ON c.id = t.client_id
             WHERE t.token_hash = ?1 AND t.expires_at > ?2",
            params![hash_secret(token), now],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    row.map(|(id, name)| Client { id, name })
        .ok_or_else(|| Failure::unauthorized("Unknown or invalid access token"))
}

/// What a connect token is scoped to.
pub enum Scope {
    Create {
        client_user_id: String,
    },
    Update {
        utility_credential_id: i64,
        utility: UtilityRef,
    },
}

pub fn mint_connect_token(keys: &Keys, client: &Client, scope: Scope, now: i64) -> (String, i64) {
    let (mode, client_user_id, utility_credential_id, utility) = match scope {
        Scope::Create { client_user_id } => (Mode::Create, Some(client_user_id), None, None),
        Scope::Update {
            utility_credential_id,
            utility,
        } => (
            Mode::Update,
            None,
            Some(utility_credential_id),
            Some(utility),
        ),
    };
    let claims = ConnectClaims {
        v: TOKEN_VERSION,
        typ: TOKEN_TYPE.to_string(),
        mode,
        client_id: client.id.clone(),
        client_name: client.name.clone(),
        client_user_id,
        utility_credential_id,
        utility,
        iat: now,
        exp: now + CONNECT_TOKEN_LIFETIME_SECS,
        jti: random_token("", 16),
    };
    let payload = claims.encode_payload();
    let signature = mac(keys, &payload).finalize().into_bytes();
    (
        format!("{payload}.{}", protocol::base64url_encode(&signature)),
        claims.exp,
    )
}

fn mac(keys: &Keys, payload: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(keys.token_signing.as_ref())
        .expect("HMAC takes any key length");
    mac.update(payload.as_bytes());
    mac
}

/// Signature first (constant time), then claims, then expiry: an attacker
/// learns nothing about a forged token beyond "invalid".
pub fn verify_connect_token(
    keys: &Keys,
    token: &str,
    now: i64,
) -> Result<ConnectClaims, TokenError> {
    let (payload, signature) = split_token(token)?;
    mac(keys, payload)
        .verify_slice(&signature)
        .map_err(|_| TokenError::Malformed)?;
    let claims = ConnectClaims::decode_payload(payload)?;
    claims.check_expiry(now)?;
    Ok(claims)
}

pub fn connect_claims_from_headers(
    keys: &Keys,
    headers: &HeaderMap,
    now: i64,
) -> Result<ConnectClaims, Failure> {
    let token = bearer(headers).ok_or(TokenError::Malformed)?;
    Ok(verify_connect_token(keys, token, now)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        let dir = tempfile::tempdir().unwrap();
        Keys::load_or_create(dir.path()).unwrap()
    }

    fn client() -> Client {
        Client {
            id: "cl_x".into(),
            name: "Demo Energy App".into(),
        }
    }

    #[test]
    fn a_minted_token_verifies_and_carries_its_scope() {
        let keys = keys();
        let (token, exp) = mint_connect_token(
            &keys,
            &client(),
            Scope::Create {
                client_user_id: "u1".into(),
            },
            1000,
        );
        let claims = verify_connect_token(&keys, &token, 1001).unwrap();
        assert_eq!(claims.mode, Mode::Create);
        assert_eq!(claims.client_user_id.as_deref(), Some("u1"));
        assert_eq!(claims.client_name, "Demo Energy App");
        assert_eq!(exp, 1000 + CONNECT_TOKEN_LIFETIME_SECS);
    }

    #[test]
    fn expired_tampered_and_foreign_tokens_fail() {
        let keys = keys();
        let (token, exp) = mint_connect_token(
            &keys,
            &client(),
            Scope::Create {
                client_user_id: "u1".into(),
            },
            1000,
        );
        assert_eq!(
            verify_connect_token(&keys, &token, exp),
            Err(TokenError::Expired)
        );

        // Change the user id inside the payload and keep the old signature.
        let (payload, signature) = token.split_once('.').unwrap();
        let json = String::from_utf8(protocol::base64url_decode(payload).unwrap()).unwrap();
        let altered = protocol::base64url_encode(json.replace("\"u1\"", "\"u2\"").as_bytes());
        assert_eq!(
            verify_connect_token(&keys, &format!("{altered}.{signature}"), 1001),
            Err(TokenError::Malformed)
        );

        let other_server = self::keys();
        assert_eq!(
            verify_connect_token(&other_server, &token, 1001),
            Err(TokenError::Malformed)
        );
    }
}

/// What a connect token may do, checked against the database: an update
/// token only for a credential of the same client.
pub fn scope_for(
    directory: &Directory,
    connection: &Connection,
    client: &Client,
    request: &ConnectTokenRequest,
) -> Result<Scope, Failure> {
    match (&request.client_user_id, request.utility_credential_id) {
        (Some(user), None) if !user.trim().is_empty() && user.chars().count() <= 255 => {
            Ok(Scope::Create {
                client_user_id: user.clone(),
            })
        }
        (Some(_), None) => Err(Failure::validation(
            "client_user_id must be 1 to 255 characters",
        )),
        (None, Some(id)) => {
            let row = credentials::load_owned(connection, &client.id, id)?;
            Ok(Scope::Update {
                utility_credential_id: row.id,
                utility: credentials::utility_ref(directory, row.utility_id),
            })
        }
        (Some(_), Some(_)) => Err(Failure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorType::InvalidParameters,
            "You cannot pass both client_user_id and utility_credential_id. Please only pass one",
        )),
        (None, None) => Err(Failure::validation(
            "Param is missing or the value is empty: client_user_id or utility_credential_id",
        )),
    }
}
