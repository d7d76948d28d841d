//! Every failure leaves as `{"error": {"type", "description"}}` with its status.

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use protocol::error_types as types;
use protocol::{ApiError, ErrorBody, TokenError};
use serde::de::DeserializeOwned;

#[derive(Debug)]
pub struct Failure {
    pub status: StatusCode,
    pub kind: &'static str,
    pub description: String,
}

impl Failure {
    pub fn new(status: StatusCode, kind: &'static str, description: impl Into<String>) -> Self {
        Failure { status, kind, description: description.into() }
    }

    pub fn unauthorized(description: impl Into<String>) -> Self {
        Failure::new(StatusCode::UNAUTHORIZED, "unauthorized", description)
    }

    pub fn validation(description: impl Into<String>) -> Self {
        Failure::new(StatusCode::UNPROCESSABLE_ENTITY, types::VALIDATION, description)
    }

    pub fn not_found(description: impl Into<String>) -> Self {
        Failure::new(StatusCode::NOT_FOUND, types::NOT_FOUND, description)
    }

    /// Storage trouble is ours, not the caller's; the detail goes to the log only.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!("internal error: {detail}");
        Failure::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "Something went wrong on our side.")
    }
}

impl From<TokenError> for Failure {
    fn from(error: TokenError) -> Self {
        let kind = match error {
            TokenError::Malformed => types::INVALID_CONNECT_TOKEN,
            TokenError::Expired => types::CONNECT_TOKEN_EXPIRED,
        };
        Failure::new(StatusCode::UNAUTHORIZED, kind, error.to_string())
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(error: rusqlite::Error) -> Self {
        Failure::internal(error)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ApiError { kind: self.kind.to_string(), description: self.description } };
        (self.status, Json(body)).into_response()
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
        let bytes = axum::body::Bytes::from_request(request, state).await.map_err(|rejection| {
            Failure::new(rejection.status(), "invalid_request", rejection.body_text())
        })?;
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|error| {
            let status = if error.is_data() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::BAD_REQUEST };
            Failure::new(status, "invalid_request", format!("The request body is not valid: {error}"))
        })
    }
}
