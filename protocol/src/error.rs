//! The one error shape every API route answers with, and every `type` it uses.

use serde::{Deserialize, Serialize};

/// `{"error": {"type": "...", "description": "..."}}`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ApiError,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// Stable, machine-readable, snake_case: one of `ErrorType::ALL`. A
    /// string, so that a client built against an older list still reads it.
    #[serde(rename = "type")]
    pub kind: String,
    /// For developers; the component maps `kind` to its own user-facing text.
    pub description: String,
}

/// Every error `type` the Connect API answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorType {
    /// No, unknown or expired access token (or client secret).
    Unauthorized,
    /// The connect token is malformed or its signature does not match.
    InvalidConnectToken,
    /// The connect token is past its expiry.
    ConnectTokenExpired,
    /// A browser page the token's client did not register used the token.
    OriginNotAllowed,
    /// Too many submissions or wrong codes: the token is spent.
    AttemptsExhausted,
    /// This login (utility + username) failed too often recently, from any
    /// token: it is not tried at the utility until later.
    LoginTemporarilyLocked,
    /// A field's value is not acceptable.
    ValidationError,
    /// The body or query cannot be read as the route's shape.
    InvalidRequest,
    /// Parameters that exclude each other were both given.
    InvalidParameters,
    /// A connect URL variant other than `connect`.
    InvalidVariant,
    /// The body is over the size limit.
    PayloadTooLarge,
    /// No such resource for this caller.
    NotFound,
    /// No route has this path.
    UnknownRoute,
    /// The path exists, but not with this method.
    MethodNotAllowed,
    /// The previous step on this credential is still being processed.
    Busy,
    /// A code step that the challenge is not at.
    NoCodeRequested,
    /// Only the token that submitted the login may answer its challenge.
    NotYourSubmission,
    /// The last submission is still being checked.
    VerificationInProgress,
    /// A create token that already connected a verified account.
    AlreadyVerified,
    /// The webhook event is waiting already, or has nowhere to go.
    NotReplayable,
    /// The code was sent again too many times.
    ResendLimitReached,
    /// Enough one-time codes were sent for this credential or token lately;
    /// the description says when another may be asked for (`Retry-After`).
    TooManyCodesSent,
    /// Host calls too fast (per client or per address); see `Retry-After`.
    RateLimited,
    /// The request target is over the length limit.
    UriTooLong,
    /// Too many request headers, or too many bytes of them.
    HeadersTooLarge,
    /// The utility could not be reached; nothing changed.
    ProviderError,
    /// Something failed on the server's side.
    InternalError,
}

impl ErrorType {
    pub const ALL: [ErrorType; 27] = [
        ErrorType::Unauthorized,
        ErrorType::InvalidConnectToken,
        ErrorType::ConnectTokenExpired,
        ErrorType::OriginNotAllowed,
        ErrorType::AttemptsExhausted,
        ErrorType::LoginTemporarilyLocked,
        ErrorType::ValidationError,
        ErrorType::InvalidRequest,
        ErrorType::InvalidParameters,
        ErrorType::InvalidVariant,
        ErrorType::PayloadTooLarge,
        ErrorType::NotFound,
        ErrorType::UnknownRoute,
        ErrorType::MethodNotAllowed,
        ErrorType::Busy,
        ErrorType::NoCodeRequested,
        ErrorType::NotYourSubmission,
        ErrorType::VerificationInProgress,
        ErrorType::AlreadyVerified,
        ErrorType::NotReplayable,
        ErrorType::ResendLimitReached,
        ErrorType::TooManyCodesSent,
        ErrorType::RateLimited,
        ErrorType::UriTooLong,
        ErrorType::HeadersTooLarge,
        ErrorType::ProviderError,
        ErrorType::InternalError,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorType::Unauthorized => "unauthorized",
            ErrorType::InvalidConnectToken => "invalid_connect_token",
            ErrorType::ConnectTokenExpired => "connect_token_expired",
            ErrorType::OriginNotAllowed => "origin_not_allowed",
            ErrorType::AttemptsExhausted => "attempts_exhausted",
            ErrorType::LoginTemporarilyLocked => "login_temporarily_locked",
            ErrorType::ValidationError => "validation_error",
            ErrorType::InvalidRequest => "invalid_request",
            ErrorType::InvalidParameters => "invalid_parameters",
            ErrorType::InvalidVariant => "invalid_variant",
            ErrorType::PayloadTooLarge => "payload_too_large",
            ErrorType::NotFound => "not_found",
            ErrorType::UnknownRoute => "unknown_route",
            ErrorType::MethodNotAllowed => "method_not_allowed",
            ErrorType::Busy => "busy",
            ErrorType::NoCodeRequested => "no_code_requested",
            ErrorType::NotYourSubmission => "not_your_submission",
            ErrorType::VerificationInProgress => "verification_in_progress",
            ErrorType::AlreadyVerified => "already_verified",
            ErrorType::NotReplayable => "not_replayable",
            ErrorType::ResendLimitReached => "resend_limit_reached",
            ErrorType::TooManyCodesSent => "too_many_codes_sent",
            ErrorType::RateLimited => "rate_limited",
            ErrorType::UriTooLong => "uri_too_long",
            ErrorType::HeadersTooLarge => "headers_too_large",
            ErrorType::ProviderError => "provider_error",
            ErrorType::InternalError => "internal_error",
        }
    }

    pub fn parse(text: &str) -> Option<ErrorType> {
        ErrorType::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

impl std::fmt::Display for ErrorType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error `type`s the component reacts to specifically, as strings to
/// match a received `ApiError::kind` against.
pub mod error_types {
    use super::ErrorType;

    pub const INVALID_CONNECT_TOKEN: &str = ErrorType::InvalidConnectToken.as_str();
    pub const ORIGIN_NOT_ALLOWED: &str = ErrorType::OriginNotAllowed.as_str();
    pub const CONNECT_TOKEN_EXPIRED: &str = ErrorType::ConnectTokenExpired.as_str();
    pub const ATTEMPTS_EXHAUSTED: &str = ErrorType::AttemptsExhausted.as_str();
    pub const VALIDATION: &str = ErrorType::ValidationError.as_str();
    pub const NOT_FOUND: &str = ErrorType::NotFound.as_str();
    pub const LOGIN_TEMPORARILY_LOCKED: &str = ErrorType::LoginTemporarilyLocked.as_str();
    pub const TOO_MANY_CODES_SENT: &str = ErrorType::TooManyCodesSent.as_str();
    pub const RATE_LIMITED: &str = ErrorType::RateLimited.as_str();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_is_listed_once_and_reads_back() {
        for kind in ErrorType::ALL {
            assert_eq!(ErrorType::parse(kind.as_str()), Some(kind));
            let text = kind.as_str();
            assert!(
                text.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{text}"
            );
        }
        let mut texts: Vec<&str> = ErrorType::ALL.iter().map(|k| k.as_str()).collect();
        texts.sort();
        texts.dedup();
        assert_eq!(texts.len(), ErrorType::ALL.len());
        assert_eq!(ErrorType::parse("invalid_credentials"), None);
    }

    /// The component matches received types against these in `match` arms.
    #[test]
    fn the_constants_work_as_patterns() {
        let react = |kind: &str| match kind {
            error_types::CONNECT_TOKEN_EXPIRED => 1,
            error_types::LOGIN_TEMPORARILY_LOCKED => 2,
            error_types::VALIDATION => 3,
            _ => 0,
        };
        assert_eq!(react("connect_token_expired"), 1);
        assert_eq!(react(ErrorType::LoginTemporarilyLocked.as_str()), 2);
        assert_eq!(react("validation_error"), 3);
        assert_eq!(react("busy"), 0);
    }
}
