//! For the operator's probes and scraper: `/healthz` (the process answers),
//! `/readyz` (the store answers and is migrated), `/metrics` (Prometheus),
//! and the middleware that counts every request by its route template.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::clock::now_ms;
use crate::error::Failure;
use crate::metrics::Metrics;
use crate::state::AppState;

pub async fn healthz() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

/// 503 until the store is reachable with every migration applied, so a
/// load balancer sends no traffic to an instance that cannot serve it.
pub async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.readiness() {
        Ok(()) => Json(json!({ "status": "ready" })).into_response(),
        Err(reason) => {
            tracing::warn!("not ready: {reason}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "not_ready" })),
            )
                .into_response()
        }
    }
}

pub async fn metrics(State(state): State<AppState>) -> Result<Response, Failure> {
    let text = state
        .metrics
        .render(&state.db.lock(), now_ms())
        .map_err(Failure::internal)?;
    Ok(([(header::CONTENT_TYPE, prometheus::TEXT_FORMAT)], text).into_response())
}

/// `/utility_credentials/{id}` as `/utility_credentials/:id`: braces are
/// legal in a label value, but common text-format parsers trip on them.
fn route_label(template: &str) -> String {
    template.replace('{', ":").replace('}', "")
}

/// Counts the request under its matched route template; requests no route
/// matched (unknown paths, static files) share one label.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched".to_string(), |path| route_label(path.as_str()));
    let method = request.method().as_str().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.request(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}
