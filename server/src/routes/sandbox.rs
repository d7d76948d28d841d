//! Arcadia's sandbox routes, for host developers' automated tests.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use protocol::{ConnectStatus, SubmitCredentialsRequest, UtilityCredential};

use super::extract::{HostClient, IdPath};
use crate::credentials;
use crate::error::{Failure, SecretJsonBody};
use crate::session::ConnectSession;
use crate::state::AppState;
use crate::{recheck, submission};

/// Submits credentials exactly as the component does (same checks, same
/// attempt limit on the token), without a browser.
pub async fn submit_test_credentials(
    State(state): State<AppState>,
    session: ConnectSession,
    SecretJsonBody(request): SecretJsonBody<SubmitCredentialsRequest>,
) -> Result<(StatusCode, Json<ConnectStatus>), Failure> {
    if !state.provider.sandboxed() {
        return Err(Failure::not_found(
            "Sandbox routes exist only with the sandbox utility.",
        ));
    }
    submission::submit(&state, &session, request).map(|status| (StatusCode::CREATED, Json(status)))
}

/// The user changes their password at the utility: the stored one stops
/// working, and the next re-check (brought forward) revokes the credential.
pub async fn change_password(
    State(state): State<AppState>,
    HostClient(client): HostClient,
    IdPath(id): IdPath,
) -> Result<Json<UtilityCredential>, Failure> {
    let (row, login) = {
        let connection = state.db.lock();
        let row = credentials::load_owned(&connection, &client.id, id)?;
        let login =
            credentials::open_login(&connection, &state.sealer, &row).map_err(Failure::internal)?;
        (row, login)
    };
    state
        .provider
        .simulate_password_change(&login)
        .await
        .map_err(|error| Failure::not_found(error.reason))?;
    let connection = state.db.lock();
    recheck::expedite(
        &connection,
        state.timing.recheck_interval,
        &state.verifier_wake,
        row.id,
    )?;
    let row = credentials::load_owned(&connection, &client.id, id)?;
    Ok(Json(credentials::to_wire(&state, &row)))
}
