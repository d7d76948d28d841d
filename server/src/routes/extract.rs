//! Request extractors: who is calling, and path or query values, all
//! failing with our error shape.

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use serde::de::DeserializeOwned;

use crate::clients::{self, Client};
use crate::clock::now_unix;
use crate::error::Failure;
use crate::origins;
use crate::session::ConnectSession;
use crate::state::AppState;
use crate::token_usage;
use crate::tokens;

/// A host's backend, by its access token.
pub struct HostClient(pub Client);

impl FromRequestParts<AppState> for HostClient {
    type Rejection = Failure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let connection = state.db.lock();
        let client = tokens::client_from_access_token(&connection, &parts.headers, now_unix())?;
        if !clients::admitted(&connection, &client.id, state.sandbox)? {
            return Err(Failure::unauthorized(
                "The access token is invalid or expired.",
            ));
        }
        Ok(HostClient(client))
    }
}

/// A spent token goes no further.
impl FromRequestParts<AppState> for ConnectSession {
    type Rejection = Failure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let claims = tokens::connect_claims_from_headers(&state.keys, &parts.headers, now_unix())?;
        // Signed, not stored: a removed client's (or, outside sandbox mode,
        // the sandbox client's) tokens still verify, so ask the store.
        if !clients::admitted(&state.db.lock(), &claims.client_id, state.sandbox)? {
            return Err(protocol::TokenError::Malformed.into());
        }
        // Before the counters: a refused page must not create or touch them.
        check_origin(state, &parts.headers, &claims.client_id)?;
        let usage = token_usage::load_or_create(&state.db.lock(), &claims)?;
        if usage.spent {
            return Err(Failure::attempts_exhausted());
        }
        Ok(ConnectSession { claims, usage })
    }
}

/// 403 `origin_not_allowed` when a browser page the token's client did not
/// register uses its connect token. The client's list is read only when a
/// foreign `Origin` is present, so server-to-server calls cost nothing.
fn check_origin(state: &AppState, headers: &HeaderMap, client_id: &str) -> Result<(), Failure> {
    let presented: Vec<Option<String>> = headers
        .get_all(header::ORIGIN)
        .iter()
        .map(|value| {
            value
                .to_str()
                .ok()
                .and_then(|text| origins::normalize(text).ok())
        })
        .collect();
    if presented
        .iter()
        .all(|o| o.as_deref() == Some(&*state.own_origin))
    {
        return Ok(());
    }
    let registered = clients::allowed_origins(&state.db.lock(), client_id)?;
    if origins::allows(&presented, &state.own_origin, &registered) {
        Ok(())
    } else {
        Err(Failure::origin_not_allowed())
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
            .map_err(|_| Failure::credential_not_found())
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
