//! The connect token: `<base64url(JSON claims)>.<base64url(HMAC-SHA256)>`.
//!
//! The claims are readable by the component without a round trip (so it can
//! pick create or update mode at once); only the server holds the key that
//! signs them, and it checks signature and expiry on every call.

use serde::{Deserialize, Serialize};

pub use crate::wire::Mode;
use crate::wire::UtilityRef;

/// The only token version this build understands; a future format bumps it.
pub const TOKEN_VERSION: u8 = 1;
/// Explicit typing so that no other signed blob of ours passes as a connect token.
pub const TOKEN_TYPE: &str = "connect";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectClaims {
    pub v: u8,
    pub typ: String,
    pub mode: Mode,
    pub client_id: String,
    /// Shown on the consent screen.
    pub client_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utility_credential_id: Option<i64>,
    /// The credential's utility in update mode, so the form can name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utility: Option<UtilityRef>,
    /// Issued at, unix seconds.
    pub iat: i64,
    /// Expires at, unix seconds.
    pub exp: i64,
    /// Unique per token: the key for its attempt counters.
    pub jti: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// Not two base64url parts, not JSON, wrong version or type, or a bad signature.
    Malformed,
    Expired,
}

impl core::fmt::Display for TokenError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            TokenError::Malformed => "The connect token is not valid.",
            TokenError::Expired => "The connect token has expired.",
        })
    }
}

impl ConnectClaims {
    /// The signed part of a token: what the server's MAC covers.
    pub fn encode_payload(&self) -> String {
        let json = serde_json::to_vec(self).expect("claims always serialize");
        crate::base64url::encode(&json)
    }

    /// Reads the claims WITHOUT checking the signature: fine for the
    /// component, which only uses them to choose screens; the server verifies
    /// the signature (see `split_token`) before trusting anything here.
    pub fn decode_unverified(token: &str) -> Result<Self, TokenError> {
        let (payload, _signature) = split_token(token)?;
        Self::decode_payload(payload)
    }

    pub fn decode_payload(payload: &str) -> Result<Self, TokenError> {
        let json = crate::base64url::decode(payload).ok_or(TokenError::Malformed)?;
        let claims: ConnectClaims =
            crate::json::from_slice(&json).map_err(|_| TokenError::Malformed)?;
        let scope_is_consistent = match claims.mode {
            Mode::Create => {
                claims.client_user_id.is_some() && claims.utility_credential_id.is_none()
            }
            Mode::Update => claims.utility_credential_id.is_some() && claims.utility.is_some(),
        };
        if claims.v != TOKEN_VERSION || claims.typ != TOKEN_TYPE || !scope_is_consistent {
            return Err(TokenError::Malformed);
        }
        Ok(claims)
    }

    pub fn check_expiry(&self, now_unix: i64) -> Result<(), TokenError> {
        if now_unix >= self.exp {
            Err(TokenError::Expired)
        } else {
            Ok(())
        }
    }
}

/// Splits `payload.signature` and decodes the signature bytes.
pub fn split_token(token: &str) -> Result<(&str, Vec<u8>), TokenError> {
    let token = token.trim();
    // Real tokens are a few hundred bytes; refuse to parse anything absurd.
    if token.is_empty() || token.len() > 4096 {
        return Err(TokenError::Malformed);
    }
    let (payload, signature) = token.split_once('.').ok_or(TokenError::Malformed)?;
    if payload.is_empty() || signature.contains('.') {
        return Err(TokenError::Malformed);
    }
    let signature = crate::base64url::decode(signature).ok_or(TokenError::Malformed)?;
    if signature.len() != 32 {
        return Err(TokenError::Malformed);
    }
    Ok((payload, signature))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create_claims() -> ConnectClaims {
        ConnectClaims {
            v: TOKEN_VERSION,
            typ: TOKEN_TYPE.into(),
            mode: Mode::Create,
            client_id: "cl_1".into(),
            client_name: "Demo Energy App".into(),
            client_user_id: Some("user-1".into()),
            utility_credential_id: None,
            utility: None,
            iat: 1_000,
            exp: 8_200,
            jti: "abc".into(),
        }
    }

    fn token_for(claims: &ConnectClaims) -> String {
        format!(
            "{}.{}",
            claims.encode_payload(),
            crate::base64url::encode(&[7u8; 32])
        )
    }

    #[test]
    fn claims_round_trip_through_a_token() {
        let claims = create_claims();
        assert_eq!(
            ConnectClaims::decode_unverified(&token_for(&claims)).unwrap(),
            claims
        );
    }

    #[test]
    fn malformed_tokens_are_rejected() {
        let good = token_for(&create_claims());
        let (payload, sig) = good.split_once('.').unwrap();
        for bad in [
            "",
            "nodot",
            ".sig",
            "a.b.c",
            &format!("{payload}.{}", &sig[..10]),
            &format!("{payload}x.{sig}"),
            &format!(
                "{}.{sig}",
                crate::base64url::encode(b"{\"not\":\"claims\"}")
            ),
            &"x".repeat(5000),
        ] {
            assert_eq!(
                ConnectClaims::decode_unverified(bad),
                Err(TokenError::Malformed),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn wrong_version_type_or_inconsistent_scope_is_malformed() {
        let mut wrong_version = create_claims();
        wrong_version.v = 2;
        let mut wrong_type = create_claims();
        wrong_type.typ = "access".into();
        let mut update_without_id = create_claims();
        update_without_id.mode = Mode::Update;
        for claims in [wrong_version, wrong_type, update_without_id] {
            assert_eq!(
                ConnectClaims::decode_unverified(&token_for(&claims)),
                Err(TokenError::Malformed)
            );
        }
    }

    #[test]
    fn expiry_is_exclusive_of_exp() {
        let claims = create_claims();
        assert_eq!(claims.check_expiry(8_199), Ok(()));
        assert_eq!(claims.check_expiry(8_200), Err(TokenError::Expired));
    }
}
