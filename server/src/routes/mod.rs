//! The router: which route is whose, and the layers every response passes.

pub mod auth;
pub mod connect;
pub mod credentials;
pub mod demo_host;
pub mod extract;
pub mod frame;
pub mod headers;
#[cfg(test)]
mod input_props;
pub mod ops;
pub mod pages;
pub mod sandbox;
pub mod sdk;
pub mod utilities;
pub mod webhook_events;

use std::time::Instant;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use protocol::{routes, ErrorType};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowHeaders, AllowOrigin, Any, CorsLayer};

use crate::error::Failure;
use crate::state::AppState;

/// Bodies are small JSON documents; anything bigger is a mistake or an attack.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// Routes the component calls from the user's browser, on the host's page.
fn component_routes() -> Router<AppState> {
    Router::new()
        .route(routes::CONNECT_SESSION, get(connect::session))
        .route(routes::CONNECT_CREDENTIALS, post(connect::submit))
        .route(routes::CONNECT_CREDENTIAL, get(connect::status))
        .route(routes::CONNECT_MFA_METHOD, post(connect::choose_method))
        .route(routes::CONNECT_MFA_CODE, post(connect::submit_code))
        .route(routes::CONNECT_MFA_RESEND, post(connect::resend))
        .route(routes::UTILITIES, get(utilities::search))
        .layer(component_cors())
}

/// The token travels in a header, never a cookie, so answering any origin's
/// preflight is safe (a preflight carries no token to check): a page without
/// the token gets nothing, and a page with one that its client did not
/// register gets 403 (`origins::check`). The origin is echoed rather than `*`
/// so that responses name the page they are for, and the 403 stays readable
/// for the component. Request headers are echoed too: the Fetch standard
/// does not let `*` cover `Authorization`, and Firefox enforces that.
/// Browsers cache a preflight per URL for `max_age` (Chromium at most 2 h), so
/// an inline component's status polls, which repeat one URL, pay the extra
/// round trip once instead of before every poll.
fn component_cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_headers(AllowHeaders::mirror_request())
        .allow_methods(Any)
        .expose_headers(Any)
        .max_age(PREFLIGHT_CACHE)
}

const PREFLIGHT_CACHE: std::time::Duration = std::time::Duration::from_secs(600);

/// Routes the host's backend calls, server to server: no CORS.
fn host_routes() -> Router<AppState> {
    Router::new()
        .route(routes::AUTH_ACCESS_TOKEN, post(auth::access_token))
        .route(routes::AUTH_CONNECT_TOKEN, post(auth::connect_token))
        .route(routes::AUTH_CONNECT_URL, post(auth::connect_url))
        .route(routes::UTILITY_CREDENTIALS, get(credentials::list))
        .route(routes::UTILITY_CREDENTIAL, get(credentials::get_one))
        .route(routes::WEBHOOK_EVENTS, get(webhook_events::list))
        .route(routes::WEBHOOK_EVENT, get(webhook_events::get_one))
        .route(routes::WEBHOOK_EVENT_REPLAY, post(webhook_events::replay))
}

/// Arcadia's sandbox routes, mounted only by `serve --sandbox`.
pub fn sandbox_routes() -> Router<AppState> {
    Router::new()
        .route(
            routes::SANDBOX_SUBMIT_TEST_CREDENTIALS,
            post(sandbox::submit_test_credentials),
        )
        .route(
            routes::SANDBOX_CHANGE_PASSWORD,
            post(sandbox::change_password),
        )
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

/// Every API route, with the API's own layers; the app adds pages and static files.
pub fn api_router() -> Router<AppState> {
    Router::new()
        .merge(component_routes())
        .merge(host_routes())
        .route(routes::OPENAPI, get(openapi))
        .route(routes::PING, get(ping))
        .route(routes::HEALTHZ, get(ops::healthz))
        .route(routes::READYZ, get(ops::readyz))
        .route(routes::METRICS, get(ops::metrics))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

pub fn page_routes() -> Router<AppState> {
    Router::new()
        .route(routes::CONNECT_PAGE, get(pages::connect_page))
        .route(frame::FRAME_PATH, get(frame::frame_page))
        .route(routes::LEGAL_TERMS, get(pages::terms))
        .route(routes::LEGAL_PRIVACY, get(pages::privacy))
}

/// Layers for everything the server answers, static files included.
pub fn outer_layers(router: Router) -> Router {
    router
        .layer(middleware::from_fn(json_method_not_allowed))
        .layer(middleware::from_fn(log_request))
        .layer(CatchPanicLayer::custom(|_| {
            // The panic itself was reported by the hook in main, without its payload.
            Failure::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorType::InternalError,
                "Something went wrong on our side.",
            )
            .into_response()
        }))
        .layer(middleware::from_fn(crate::http_layer::request_limits))
        // Outermost, so that nothing leaves without the headers.
        .layer(middleware::from_fn(headers::security_headers))
}

async fn openapi() -> Json<serde_json::Value> {
    Json(crate::openapi::document())
}

async fn ping() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

pub async fn unknown_route(request: Request) -> Failure {
    Failure::new(
        StatusCode::NOT_FOUND,
        ErrorType::UnknownRoute,
        format!(
            "There is no route {} {}.",
            request.method(),
            request.uri().path()
        ),
    )
}

/// axum answers a known path with the wrong method by an empty 405; give it
/// our error shape. (A middleware rather than `method_not_allowed_fallback`,
/// which would also swallow the CORS preflights of the component routes.)
async fn json_method_not_allowed(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    if response.status() != StatusCode::METHOD_NOT_ALLOWED
        || response.headers().contains_key(header::CONTENT_TYPE)
    {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut replaced = Failure::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorType::MethodNotAllowed,
        format!("{method} is not allowed on {path}."),
    )
    .into_response();
    if let Some(allow) = allow {
        replaced.headers_mut().insert(header::ALLOW, allow);
    }
    replaced
}

/// One line per request: method, path without the query, status, time.
/// Never headers or bodies, which carry tokens and passwords.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        "{method} {path} {} {}ms",
        response.status().as_u16(),
        started.elapsed().as_millis()
    );
    response
}
