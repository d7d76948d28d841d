//! The host's view of its webhook events: delivery state, the dead-letter
//! list (`?status=dead`), and replay.

use axum::extract::State;
use axum::Json;
use protocol::ErrorType;
use serde::Deserialize;

use super::extract::{HostClient, QueryParams, TextPath};
use crate::clock::now_ms;
use crate::error::Failure;
use crate::state::AppState;
use crate::webhooks::outbox::{self, EventList, EventView};

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    limit: Option<u32>,
}

pub async fn list(
    State(state): State<AppState>,
    HostClient(client): HostClient,
    QueryParams(query): QueryParams<ListQuery>,
) -> Result<Json<EventList>, Failure> {
    if let Some(status) = query
        .status
        .as_deref()
        .filter(|s| !outbox::STATES.contains(s))
    {
        return Err(Failure::bad_request(format!(
            "status {status:?} is not one of {}",
            outbox::STATES.join(", ")
        )));
    }
    let limit = crate::query_bounds::limit(query.limit, 100, 1000)?;
    let events = outbox::list(&state.db.lock(), &client.id, query.status.as_deref(), limit)?;
    Ok(Json(EventList {
        webhook_events: events,
    }))
}

pub async fn get_one(
    State(state): State<AppState>,
    HostClient(client): HostClient,
    TextPath(id): TextPath,
) -> Result<Json<EventView>, Failure> {
    outbox::find(&state.db.lock(), &client.id, &id)?
        .map(Json)
        .ok_or_else(Failure::event_not_found)
}

/// Queues the event for delivery again with a fresh set of attempts.
pub async fn replay(
    State(state): State<AppState>,
    HostClient(client): HostClient,
    TextPath(id): TextPath,
) -> Result<Json<EventView>, Failure> {
    let connection = state.db.lock();
    let event = outbox::find(&connection, &client.id, &id)?.ok_or_else(Failure::event_not_found)?;
    if !outbox::replay(&connection, &client.id, &id, now_ms())? {
        let why = if event.delivery.status == outbox::PENDING {
            "It is already waiting for delivery."
        } else {
            "The client has no webhook URL."
        };
        return Err(Failure::conflict(ErrorType::NotReplayable, why));
    }
    state.webhook_wake.notify_one();
    outbox::find(&connection, &client.id, &id)?
        .map(Json)
        .ok_or_else(|| Failure::internal("event vanished"))
}
