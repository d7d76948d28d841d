//! Host-facing reads of utility credentials (Bearer access token, own client only).

use axum::extract::State;
use axum::Json;
use protocol::{UtilityCredential, UtilityCredentialList};
use serde::Deserialize;

use super::extract::{HostClient, IdPath, QueryParams};
use crate::credentials;
use crate::error::Failure;
use crate::state::AppState;

pub async fn get_one(
    State(state): State<AppState>,
    HostClient(client): HostClient,
    IdPath(id): IdPath,
) -> Result<Json<UtilityCredential>, Failure> {
    let row = credentials::load_owned(&state.db.lock(), &client.id, id)?;
    Ok(Json(credentials::to_wire(&state, &row)))
}

#[derive(Deserialize)]
pub struct ListQuery {
    client_user_id: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    HostClient(client): HostClient,
    QueryParams(query): QueryParams<ListQuery>,
) -> Result<Json<UtilityCredentialList>, Failure> {
    let user = query
        .client_user_id
        .filter(|user| !user.trim().is_empty())
        .ok_or_else(|| {
            Failure::validation("Param is missing or the value is empty: client_user_id")
        })?;
    let rows = credentials::list_for_user(&state.db.lock(), &client.id, &user)?;
    Ok(Json(UtilityCredentialList {
        utility_credentials: rows
            .iter()
            .map(|row| credentials::to_wire(&state, row))
            .collect(),
    }))
}
