//! Component-facing routes (Bearer connect token). See `openapi.rs` for shapes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use protocol::{
    ChooseMfaMethodRequest, ConnectStatus, SessionInfo, SubmitCodeRequest, SubmitCredentialsRequest,
};

use super::extract::IdPath;
use crate::error::{Failure, JsonBody, SecretJsonBody};
use crate::secret::Secret;
use crate::session::ConnectSession;
use crate::state::AppState;
use crate::{clients, credentials};
use crate::{mfa, submission};

pub async fn session(
    State(state): State<AppState>,
    session: ConnectSession,
) -> Result<Json<SessionInfo>, Failure> {
    let ConnectSession { claims, usage } = session;
    let logo_url = clients::logo_url(&state.db.lock(), &claims.client_id)?;
    Ok(Json(SessionInfo {
        mode: claims.mode,
        client_name: claims.client_name,
        logo_url,
        utility: claims.utility,
        utility_credential_id: claims.utility_credential_id,
        submissions_left: usage.submissions_left(),
        terms_url: format!("{}/legal/terms", state.public_url),
        privacy_url: format!("{}/legal/privacy", state.public_url),
    }))
}

pub async fn submit(
    State(state): State<AppState>,
    session: ConnectSession,
    SecretJsonBody(request): SecretJsonBody<SubmitCredentialsRequest>,
) -> Result<(StatusCode, Json<ConnectStatus>), Failure> {
    submission::submit(&state, &session, request).map(|status| (StatusCode::CREATED, Json(status)))
}

pub async fn status(
    State(state): State<AppState>,
    session: ConnectSession,
    IdPath(id): IdPath,
) -> Result<Json<ConnectStatus>, Failure> {
    let row = credentials::load(&state.db.lock(), id)?
        .filter(|row| session.may_see(row))
        .ok_or_else(Failure::credential_not_found)?;
    Ok(Json(credentials::to_status(&row, &session.usage)))
}

pub async fn choose_method(
    State(state): State<AppState>,
    session: ConnectSession,
    IdPath(id): IdPath,
    JsonBody(request): JsonBody<ChooseMfaMethodRequest>,
) -> Result<Json<ConnectStatus>, Failure> {
    mfa::choose_method(&state, &session, id, request.method)
        .await
        .map(Json)
}

pub async fn submit_code(
    State(state): State<AppState>,
    session: ConnectSession,
    IdPath(id): IdPath,
    SecretJsonBody(request): SecretJsonBody<SubmitCodeRequest>,
) -> Result<Json<ConnectStatus>, Failure> {
    let code = Secret::new(request.code);
    mfa::submit_code(&state, &session, id, code).await.map(Json)
}

pub async fn resend(
    State(state): State<AppState>,
    session: ConnectSession,
    IdPath(id): IdPath,
) -> Result<Json<ConnectStatus>, Failure> {
    mfa::resend(&state, &session, id).await.map(Json)
}
