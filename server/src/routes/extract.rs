//! Request extractors: who is calling, and path or query values, all
//! failing with our error shape.

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use protocol::{ConnectClaims, Mode};
use serde::de::DeserializeOwned;

use crate::app::AppState;
use crate::clients::Client;
use crate::clock::now_unix;
use crate::credentials::Row;
use crate::error::Failure;
use crate::origins;
use crate::token_usage::{self, Usage};
use crate::tokens;

/// A host's backend, by its access token.
pub struct HostClient(pub Client);

impl FromRequestParts<AppState> for HostClient {
    type Rejection = Failure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        tokens::client_from_access_token(&state.db.lock(), &parts.headers, now_unix())
            .map(HostClient)
    }
}

/// The component, by its connect token: signature and expiry checked, the
/// calling page's origin checked against the client's registered origins,
/// and the token's attempt counters loaded. A spent token goes no further.
pub struct ConnectSession {
    pub claims: ConnectClaims,
    pub usage: Usage,
}

impl ConnectSession {
    /// Create tokens see their user's credentials; update tokens only theirs.
    pub fn may_see(&self, row: &Row) -> bool {
        row.client_id == self.claims.client_id
            && match self.claims.mode {
                Mode::Create => {
                    self.claims.client_user_id.as_deref() == Some(row.client_user_id.as_str())
                }
                Mode::Update => self.claims.utility_credential_id == Some(row.id),
            }
    }
}

impl FromRequestParts<AppState> for ConnectSession {
    type Rejection = Failure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let claims = tokens::connect_claims_from_headers(&state.keys, &parts.headers, now_unix())?;
        crate::known_client::require(&state.db.lock(), &claims.client_id)?;
        // Before the counters: a refused page must not create or touch them.
        origins::check(state, &parts.headers, &claims.client_id)?;
        let usage = token_usage::load_or_create(&state.db.lock(), &claims)?;
        if usage.spent {
            return Err(Failure::attempts_exhausted());
        }
        Ok(ConnectSession { claims, usage })
    }
}

/// Either kind of token: for read-only lookups both sides make.
pub struct AnyToken;

impl FromRequestParts<AppState> for AnyToken {
    type Rejection = Failure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(token) = tokens::bearer(&parts.headers) else {
            return Err(Failure::unauthorized(
                "Send an access token or a connect token as a Bearer token.",
            ));
        };
        // Connect tokens are `payload.signature`; access tokens have no dot.
        if token.contains('.') {
            ConnectSession::from_request_parts(parts, state)
                .await
                .map(|_| AnyToken)
        } else {
            HostClient::from_request_parts(parts, state)
                .await
                .map(|_| AnyToken)
        }
    }
}

/// A numeric `{id}` path segment; anything else names nothing, so 404.
pub struct IdPath(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for IdPath {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<i64>::from_request_parts(parts, state)
            .await
            .map(|Path(id)| IdPath(id))
            .map_err(|_| Failure::not_found("Couldn't find UtilityCredential"))
    }
}

pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| QueryParams(value))
            .map_err(|rejection| Failure::bad_request(rejection.body_text()))
    }
}

/// A text `{id}` path segment (webhook event ids).
pub struct TextPath(pub String);

impl<S: Send + Sync> FromRequestParts<S> for TextPath {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(id)| TextPath(id))
            .map_err(|_| Failure::not_found("No such resource"))
    }
}
