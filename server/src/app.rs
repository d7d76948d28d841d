//! The HTTP application: shared state, routes, and the serve loop.

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use protocol::{
    AccessTokenRequest, AccessTokenResponse, ConnectTokenRequest, ConnectTokenResponse, SessionInfo,
};

use crate::cli::ServeOptions;
use crate::clients;
use crate::db::Db;
use crate::error::{Failure, JsonBody};
use crate::keys::Keys;
use crate::tokens::{self, now_unix, Scope};

/// Bodies are small JSON documents; anything bigger is a mistake or an attack.
const MAX_BODY_BYTES: usize = 16 * 1024;
/// Credential submissions allowed on one connect token.
pub const MAX_SUBMISSIONS: u8 = 5;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub keys: Keys,
}

pub async fn serve(options: ServeOptions) -> Result<(), String> {
    init_logging();
    let db = Db::open(&options.data_dir)?;
    let keys = Keys::load_or_create(&options.data_dir)?;
    clients::ensure_sandbox_client(&db)?;
    let state = AppState { db, keys };
    let mut router = api_router(state.clone());
    if options.demo_host {
        router = router.merge(crate::demo_host::router(state));
    }
    if let Some(dir) = &options.static_dir {
        router = router.fallback_service(tower_http::services::ServeDir::new(dir));
    }
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", options.addr))?;
    // With port 0 the OS picks one; tests read the real address from this line.
    let bound = listener.local_addr().map_err(|error| format!("cannot read bound address: {error}"))?;
    tracing::info!("listening on http://{bound}");
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|error| format!("server stopped: {error}"))
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_target(false).init();
}

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
}

pub fn api_router(state: AppState) -> Router {
    let component_routes = Router::new()
        .route("/connect/session", get(session))
        // The component may run on a host page of another origin; it sends
        // its token in a header, never cookies, so any origin may call.
        .layer(tower_http::cors::CorsLayer::permissive());
    Router::new()
        .route("/auth/access_token", post(access_token))
        .route("/auth/connect_token", post(connect_token))
        .merge(component_routes)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

async fn access_token(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<AccessTokenRequest>,
) -> Result<Json<AccessTokenResponse>, Failure> {
    let connection = state.db.lock();
    let client = clients::authenticate(&connection, &request.client_id, &request.client_secret)?
        .ok_or_else(|| Failure::unauthorized("The supplied credentials are invalid."))?;
    let now = now_unix();
    let access_token = tokens::issue_access_token(&connection, &client.id, now)?;
    Ok(Json(AccessTokenResponse {
        access_token,
        token_type: "Bearer".into(),
        expires_in: tokens::ACCESS_TOKEN_LIFETIME_SECS,
        created_at: now,
    }))
}

async fn connect_token(
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<ConnectTokenRequest>,
) -> Result<Json<ConnectTokenResponse>, Failure> {
    let now = now_unix();
    let client = tokens::client_from_access_token(&state.db.lock(), &headers, now)?;
    let scope = scope_for(&request)?;
    let (connect_token, expires_at) = tokens::mint_connect_token(&state.keys, &client, scope, now);
    Ok(Json(ConnectTokenResponse { connect_token, expires_at: tokens::rfc3339(expires_at) }))
}

pub fn scope_for(request: &ConnectTokenRequest) -> Result<Scope, Failure> {
    match (&request.client_user_id, request.utility_credential_id) {
        (Some(user), None) if !user.trim().is_empty() && user.len() <= 255 => {
            Ok(Scope::Create { client_user_id: user.clone() })
        }
        (Some(_), None) => Err(Failure::validation("client_user_id must be 1 to 255 characters")),
        (None, Some(_)) => Err(Failure::not_found("Couldn't find UtilityCredential")),
        (Some(_), Some(_)) => Err(Failure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_parameters",
            "You cannot pass both client_user_id and utility_credential_id. Please only pass one",
        )),
        (None, None) => Err(Failure::validation(
            "Param is missing or the value is empty: client_user_id or utility_credential_id",
        )),
    }
}

async fn session(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<SessionInfo>, Failure> {
    let claims = tokens::connect_claims_from_headers(&state.keys, &headers, now_unix())?;
    Ok(Json(SessionInfo {
        mode: claims.mode,
        client_name: claims.client_name,
        utility: claims.utility,
        utility_credential_id: claims.utility_credential_id,
        submissions_left: MAX_SUBMISSIONS,
        terms_url: "/legal/terms".into(),
        privacy_url: "/legal/privacy".into(),
    }))
}
