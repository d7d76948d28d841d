//! The demo host page's own "backend": what a real host app's server does
//! (trade its client secret for tokens), done in-process for the sandbox
//! client so that the demo needs no second program. Mounted only with
//! `--demo-host`.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use protocol::{ConnectTokenRequest, ConnectTokenResponse};

use crate::app::{scope_for, AppState};
use crate::clients;
use crate::error::{Failure, JsonBody};
use crate::tokens::{self, now_unix};

pub const DEMO_USER: &str = "demo-user";

pub fn router(state: AppState) -> Router {
    Router::new().route("/demo/connect_token", post(demo_connect_token)).with_state(state)
}

/// Body as for `/auth/connect_token`; an empty object means the demo user in create mode.
async fn demo_connect_token(
    State(state): State<AppState>,
    JsonBody(mut request): JsonBody<ConnectTokenRequest>,
) -> Result<Json<ConnectTokenResponse>, Failure> {
    if request.client_user_id.is_none() && request.utility_credential_id.is_none() {
        request.client_user_id = Some(DEMO_USER.to_string());
    }
    let client = clients::sandbox_client(&state.db.lock())?
        .ok_or_else(|| Failure::internal("sandbox client missing"))?;
    let scope = scope_for(&request)?;
    let (connect_token, expires_at) = tokens::mint_connect_token(&state.keys, &client, scope, now_unix());
    Ok(Json(ConnectTokenResponse { connect_token, expires_at: tokens::rfc3339(expires_at) }))
}
