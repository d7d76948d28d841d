//! The demo host page's own "backend": what a real host app's server does
//! (trade its client secret for tokens, read its credentials and webhook
//! events), done in-process for the sandbox client so that the demo needs no
//! second program. Mounted only with `--demo-host`.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use protocol::{ConnectTokenRequest, ConnectTokenResponse, UtilityCredentialList};

use crate::clients::{self, Client};
use crate::clock::rfc3339;
use crate::credentials;
use crate::error::{Failure, JsonBody};
use crate::state::AppState;
use crate::webhooks::outbox::{self, EventList};

pub const DEMO_USER: &str = "demo-user";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/demo/connect_token", post(demo_connect_token))
        .route("/demo/utility_credentials", get(demo_credentials))
        .route("/demo/webhook_events", get(demo_webhook_events))
}

fn sandbox_client(state: &AppState) -> Result<Client, Failure> {
    clients::sandbox_client(&state.db.lock())?
        .ok_or_else(|| Failure::internal("sandbox client missing"))
}

/// Body as for `/auth/connect_token`: `{"utility_credential_id": N}` for update
/// mode; an empty object means the demo user in create mode.
async fn demo_connect_token(
    State(state): State<AppState>,
    JsonBody(mut request): JsonBody<ConnectTokenRequest>,
) -> Result<Json<ConnectTokenResponse>, Failure> {
    if request.client_user_id.is_none() && request.utility_credential_id.is_none() {
        request.client_user_id = Some(DEMO_USER.to_string());
    }
    let client = sandbox_client(&state)?;
    let (connect_token, expires_at) = super::auth::mint(&state, &client, &request)?;
    Ok(Json(ConnectTokenResponse {
        connect_token,
        expires_at: rfc3339(expires_at),
    }))
}

/// The demo user's connections, as the host's backend would list them.
async fn demo_credentials(
    State(state): State<AppState>,
) -> Result<Json<UtilityCredentialList>, Failure> {
    let client = sandbox_client(&state)?;
    let rows = credentials::list_for_user(&state.db.lock(), &client.id, DEMO_USER)?;
    Ok(Json(UtilityCredentialList {
        utility_credentials: rows
            .iter()
            .map(|row| credentials::to_wire(&state, row))
            .collect(),
    }))
}

/// The sandbox client's latest webhook events (it has no webhook URL, so
/// they are recorded, not sent): lets the demo show what a host would receive.
async fn demo_webhook_events(State(state): State<AppState>) -> Result<Json<EventList>, Failure> {
    let client = sandbox_client(&state)?;
    let events = outbox::list(&state.db.lock(), &client.id, None, 20)?;
    Ok(Json(EventList {
        webhook_events: events,
    }))
}
