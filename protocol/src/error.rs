//! The one error shape every API route answers with.

use serde::{Deserialize, Serialize};

/// `{"error": {"type": "...", "description": "..."}}`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ApiError,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// Stable, machine-readable, snake_case (see `error_types`).
    #[serde(rename = "type")]
    pub kind: String,
    /// For developers; the component maps `kind` to its own user-facing text.
    pub description: String,
}

/// The error `type`s the component reacts to specifically.
pub mod error_types {
    pub const INVALID_CONNECT_TOKEN: &str = "invalid_connect_token";
    pub const CONNECT_TOKEN_EXPIRED: &str = "connect_token_expired";
    /// Too many submissions or wrong codes: the token is spent.
    pub const ATTEMPTS_EXHAUSTED: &str = "attempts_exhausted";
    pub const INVALID_CREDENTIALS: &str = "invalid_credentials";
    pub const VALIDATION: &str = "validation_error";
    pub const NOT_FOUND: &str = "not_found";
    /// This login (utility + username) failed too often recently, from any
    /// token: it is not tried at the utility until later.
    pub const LOGIN_TEMPORARILY_LOCKED: &str = "login_temporarily_locked";
    /// Enough one-time codes were sent for this credential or token lately;
    /// the description says when another may be asked for (`Retry-After`).
    pub const TOO_MANY_CODES_SENT: &str = "too_many_codes_sent";
    /// Host calls too fast (per client or per address); see `Retry-After`.
    pub const RATE_LIMITED: &str = "rate_limited";
}
