//! Every failure leaves as `{"error": {"type", "description"}}` with its status.

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use protocol::{ApiError, ErrorBody, ErrorType, TokenError};
use serde::de::DeserializeOwned;

#[derive(Debug)]
pub struct Failure {
    pub status: StatusCode,
    pub kind: ErrorType,
    pub description: String,
    /// Seconds for a `Retry-After` header (throttling answers).
    pub retry_after_secs: Option<u64>,
}

impl Failure {
    pub fn new(status: StatusCode, kind: ErrorType, description: impl Into<String>) -> Self {
        Failure {
            status,
            kind,
            description: description.into(),
            retry_after_secs: None,
        }
    }

    /// Tells the caller when to come back, rounded up to whole seconds.
    pub fn retry_after_ms(mut self, wait_ms: i64) -> Self {
        self.retry_after_secs = Some(((wait_ms.max(0) as u64) + 999) / 1000);
        self
    }

    pub fn unauthorized(description: impl Into<String>) -> Self {
        Failure::new(
            StatusCode::UNAUTHORIZED,
            ErrorType::Unauthorized,
            description,
        )
    }

    pub fn validation(description: impl Into<String>) -> Self {
        Failure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorType::ValidationError,
            description,
        )
    }

    pub fn not_found(description: impl Into<String>) -> Self {
        Failure::new(StatusCode::NOT_FOUND, ErrorType::NotFound, description)
    }

    /// Missing, or another client's: the same answer, so ids cannot be probed.
    pub fn credential_not_found() -> Self {
        Failure::not_found("Couldn't find UtilityCredential")
    }

    pub fn event_not_found() -> Self {
        Failure::not_found("Couldn't find WebhookEvent")
    }

    pub fn bad_request(description: impl Into<String>) -> Self {
        Failure::new(
            StatusCode::BAD_REQUEST,
            ErrorType::InvalidRequest,
            description,
        )
    }

    pub fn conflict(kind: ErrorType, description: impl Into<String>) -> Self {
        Failure::new(StatusCode::CONFLICT, kind, description)
    }

    /// A browser page the token's client did not register used the token.
    /// The description names neither the page nor the registered origins.
    pub fn origin_not_allowed() -> Self {
        Failure::new(
            StatusCode::FORBIDDEN,
            ErrorType::OriginNotAllowed,
            "This page's origin is not registered for the app that issued the connect token.",
        )
    }

    pub fn attempts_exhausted() -> Self {
        Failure::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorType::AttemptsExhausted,
            "This connect token has no attempts left; ask the host for a new one.",
        )
    }

    /// The same words whatever the failures were (wrong password, unknown
    /// username), so the answer says nothing about the account.
    pub fn login_temporarily_locked(wait: &str) -> Self {
        Failure::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorType::LoginTemporarilyLocked,
            format!("Too many failed sign-in attempts for this login. Try again in about {wait}."),
        )
    }

    /// The utility (through the provider) could not be asked; nothing changed.
    pub fn provider(detail: impl std::fmt::Display) -> Self {
        tracing::warn!("provider call failed: {detail}");
        Failure::new(
            StatusCode::BAD_GATEWAY,
            ErrorType::ProviderError,
            "The utility could not be reached. Please try again.",
        )
    }

    /// Storage trouble is ours, not the caller's; the detail goes to the log only.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!("internal error: {detail}");
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorType::InternalError,
            "Something went wrong on our side.",
        )
    }
}

impl From<TokenError> for Failure {
    fn from(error: TokenError) -> Self {
        let kind = match error {
            TokenError::Malformed => ErrorType::InvalidConnectToken,
            TokenError::Expired => ErrorType::ConnectTokenExpired,
        };
        Failure::new(StatusCode::UNAUTHORIZED, kind, error.to_string())
    }
}

impl From<crate::store::Error> for Failure {
    fn from(error: crate::store::Error) -> Self {
        Failure::internal(error)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ApiError {
                kind: self.kind.as_str().to_string(),
                description: self.description,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after_secs {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.max(1).into());
        }
        response
    }
}

/// Like `axum::Json`, but its rejections use our error shape, and it does not
/// insist on a `Content-Type` header (curl users forget it).
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = Failure;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = body_bytes(request, state).await?;
        // An empty body is an empty object: required fields then fail as
        // "missing", which says more than "EOF while parsing".
        let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            &bytes
        };
        serde_json::from_slice(bytes)
            .map(JsonBody)
            .map_err(|error| {
                let status = if error.is_data() {
                    StatusCode::UNPROCESSABLE_ENTITY
                } else {
                    StatusCode::BAD_REQUEST
                };
                Failure::new(
                    status,
                    ErrorType::InvalidRequest,
                    format!("The request body is not valid: {error}"),
                )
            })
    }
}

/// For bodies carrying a password or code: the raw buffer is wiped after
/// parsing, and parse errors never quote a value (serde's messages would).
pub struct SecretJsonBody<T>(pub T);

impl<S, T> FromRequest<S> for SecretJsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = Failure;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        use zeroize::Zeroize;
        let mut buffer: Vec<u8> = body_bytes(request, state).await?.into();
        let parsed = serde_json::from_slice(&buffer);
        buffer.zeroize();
        parsed.map(SecretJsonBody).map_err(|error| {
            let message = error.to_string();
            let (status, description) = if !error.is_data() {
                (
                    StatusCode::BAD_REQUEST,
                    format!(
                        "The request body is not JSON (line {}, column {}).",
                        error.line(),
                        error.column()
                    ),
                )
            } else if message.starts_with("missing field") || message.starts_with("unknown field") {
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!("The request body is not valid: {message}"),
                )
            } else {
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!(
                        "A field has the wrong type (line {}, column {}).",
                        error.line(),
                        error.column()
                    ),
                )
            };
            Failure::new(status, ErrorType::InvalidRequest, description)
        })
    }
}

async fn body_bytes<S: Send + Sync>(
    request: Request,
    state: &S,
) -> Result<axum::body::Bytes, Failure> {
    axum::body::Bytes::from_request(request, state)
        .await
        .map_err(|rejection| {
            let status = rejection.status();
            let kind = if status == StatusCode::PAYLOAD_TOO_LARGE {
                ErrorType::PayloadTooLarge
            } else {
                ErrorType::InvalidRequest
            };
            Failure::new(status, kind, rejection.body_text())
        })
}
