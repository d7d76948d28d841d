//! `/auth/*`: the host trades its client secret for an access token, and the
//! access token for connect tokens or connect URLs (Arcadia's shapes).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use protocol::{
    AccessTokenRequest, AccessTokenResponse, ConnectTokenRequest, ConnectTokenResponse,
    ConnectUrlResponse, ErrorType,
};
use serde::Deserialize;

use super::extract::HostClient;
use crate::clients::{self, Client};
use crate::clock::{now_unix, rfc3339};
use crate::error::{Failure, JsonBody, SecretJsonBody};
use crate::rate_limit::PeerAddress;
use crate::state::AppState;
use crate::tokens;

pub async fn access_token(
    State(state): State<AppState>,
    PeerAddress(peer): PeerAddress,
    SecretJsonBody(request): SecretJsonBody<AccessTokenRequest>,
) -> Result<Json<AccessTokenResponse>, Failure> {
    state.limits.authentication(peer)?;
    let connection = state.db.lock();
    let client = clients::authenticate(&connection, &request.client_id, &request.client_secret)?
        .filter(|client| clients::admitted(&connection, &client.id, state.sandbox).unwrap_or(false))
        .ok_or_else(|| Failure::unauthorized("The supplied credentials are invalid."))?;
    state.limits.access_token(&client.id)?;
    let now = now_unix();
    let access_token = tokens::issue_access_token(&connection, &client.id, now)?;
    crate::rate_limit::cap_access_tokens(&connection, &client.id)?;
    Ok(Json(AccessTokenResponse {
        access_token,
        token_type: "Bearer".into(),
        expires_in: tokens::ACCESS_TOKEN_LIFETIME_SECS,
        created_at: now,
    }))
}

/// `/auth/connect_token` and `/auth/connect_url` take the same body; Arcadia's
/// Connect URL also takes `variant`, of which only `connect` exists here.
#[derive(Deserialize)]
pub struct ConnectParams {
    #[serde(default)]
    client_user_id: Option<String>,
    #[serde(default, deserialize_with = "protocol::json_integer::optional")]
    utility_credential_id: Option<i64>,
    #[serde(default)]
    variant: Option<String>,
}

impl ConnectParams {
    fn request(&self) -> ConnectTokenRequest {
        ConnectTokenRequest {
            client_user_id: self.client_user_id.clone(),
            utility_credential_id: self.utility_credential_id,
        }
    }
}

pub async fn connect_token(
    State(state): State<AppState>,
    HostClient(client): HostClient,
    JsonBody(params): JsonBody<ConnectParams>,
) -> Result<Json<ConnectTokenResponse>, Failure> {
    let (connect_token, expires_at) = mint(&state, &client, &params.request())?;
    Ok(Json(ConnectTokenResponse {
        connect_token,
        expires_at: rfc3339(expires_at),
    }))
}

pub async fn connect_url(
    State(state): State<AppState>,
    HostClient(client): HostClient,
    JsonBody(params): JsonBody<ConnectParams>,
) -> Result<Json<ConnectUrlResponse>, Failure> {
    if let Some(variant) = params.variant.as_deref().filter(|v| *v != "connect") {
        return Err(Failure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorType::InvalidVariant,
            format!("You can only pass in 'connect' as the variant, not {variant:?}."),
        ));
    }
    let (connect_token, _) = mint(&state, &client, &params.request())?;
    // In the fragment: browsers never send it, so it stays out of access
    // logs, proxies and Referer headers.
    Ok(Json(ConnectUrlResponse {
        connect_url: format!("{}/connect#token={connect_token}", state.public_url),
    }))
}

/// A connect token for what `request` asks, if the client may have it: the
/// token and its expiry (Unix seconds).
pub fn mint(
    state: &AppState,
    client: &Client,
    request: &ConnectTokenRequest,
) -> Result<(String, i64), Failure> {
    let scope = tokens::scope_for(&state.directory, &state.db.lock(), client, request)?;
    state.limits.connect_token(&client.id)?;
    Ok(tokens::mint_connect_token(
        &state.keys,
        client,
        scope,
        now_unix(),
    ))
}
