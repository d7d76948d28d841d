//! `GET /utilities?zip=` and `?q=`: the directory, for host and component alike.

use axum::extract::State;
use axum::Json;
use protocol::UtilitiesResponse;
use serde::Deserialize;

use super::extract::{AnyToken, QueryParams};
use crate::error::Failure;
use crate::state::AppState;

const DEFAULT_LIMIT: usize = 20;
const MAX_LIMIT: usize = 100;

#[derive(Deserialize)]
pub struct UtilitiesQuery {
    pub(crate) zip: Option<String>,
    pub(crate) q: Option<String>,
    pub(crate) limit: Option<usize>,
}

pub async fn search(
    State(state): State<AppState>,
    _caller: AnyToken,
    QueryParams(query): QueryParams<UtilitiesQuery>,
) -> Result<Json<UtilitiesResponse>, Failure> {
    // Checked even where unused (zip), as the document's range says.
    let limit = crate::query_bounds::limit(query.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let utilities = match (query.zip, query.q) {
        (Some(zip), None) => state
            .directory
            .by_zip(&zip)
            .map_err(|_| Failure::bad_request("zip must be exactly five digits, e.g. 02108"))?,
        (None, Some(q)) => state.directory.search(&q, limit),
        (Some(_), Some(_)) => return Err(Failure::bad_request("Pass either zip or q, not both.")),
        (None, None) => {
            return Err(Failure::bad_request(
                "Pass zip (five digits) or q (part of a name).",
            ))
        }
    };
    Ok(Json(UtilitiesResponse { utilities }))
}
