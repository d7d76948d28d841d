//! Start-up: configuration, shared state, background workers, the serve loop.

use std::sync::Arc;

use axum::handler::HandlerWithoutStateExt;
use tokio::sync::Notify;

use crate::cli::{ServeOptions, Timing};
use crate::clients;
use crate::crypto::Sealer;
use crate::db::Db;
use crate::directory::Directory;
use crate::keys::Keys;
use crate::login_limit::LoginLimit;
use crate::origins;
use crate::provider::sandbox::SandboxUtility;
use crate::provider::UtilityProvider;
use crate::routes;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub keys: Keys,
    pub sealer: Sealer,
    pub directory: Arc<Directory>,
    pub provider: Arc<dyn UtilityProvider>,
    pub timing: Arc<Timing>,
    pub login_limit: LoginLimit,
    /// Where browsers reach this server, without a trailing slash.
    pub public_url: Arc<str>,
    /// The origin of `public_url`: the hosted `/connect` page's, which may
    /// use any client's connect token.
    pub own_origin: Arc<str>,
    /// Rung when verification work may have become due.
    pub verifier_wake: Arc<Notify>,
    /// Rung when a webhook event was queued.
    pub webhook_wake: Arc<Notify>,
}

pub async fn serve(options: ServeOptions) -> Result<(), String> {
    init_logging();
    // Everything that can be misconfigured is checked before the first
    // request: an operator sees one clear line and a non-zero exit.
    let db = Db::open(&options.data_dir)?;
    let keys = Keys::load_or_create(&options.data_dir)?;
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", options.addr))?;
    let bound = listener
        .local_addr()
        .map_err(|error| format!("cannot read the bound address: {error}"))?;
    db.release_claims()?;
    clients::ensure_sandbox_client(&db)?;

    let provider: Arc<dyn UtilityProvider> = Arc::new(SandboxUtility::new(
        db.clone(),
        keys.sandbox_digest.clone(),
        options.timing.sandbox_delay,
        options.timing.sandbox_timeout,
    ));
    let directory = Directory::load();
    if directory.is_empty() {
        return Err("the built-in utility directory is empty; this build is broken".into());
    }
    tracing::info!("utility directory: {} utilities", directory.len());
    let public_url = options
        .public_url
        .unwrap_or_else(|| format!("http://{bound}"));
    let own_origin = origins::origin_of_url(&public_url)
        .ok_or_else(|| format!("--public-url {public_url:?} has no origin"))?;
    let state = AppState {
        sealer: Sealer::new(&keys.encryption),
        db,
        keys,
        directory: Arc::new(directory),
        provider,
        timing: Arc::new(options.timing),
        login_limit: options.login_limit,
        public_url: public_url.into(),
        own_origin: own_origin.into(),
        verifier_wake: Arc::new(Notify::new()),
        webhook_wake: Arc::new(Notify::new()),
    };
    crate::verification::spawn(state.clone());
    crate::webhooks::delivery::spawn(state.clone());

    let mut router = routes::api_router().merge(routes::page_routes());
    if options.demo_host {
        router = router.merge(crate::demo_host::router());
    }
    if let Some(dir) = &options.static_dir {
        router = router.merge(routes::sdk::router(dir));
    }
    router = match &options.static_dir {
        Some(dir) => router.fallback_service(
            tower_http::services::ServeDir::new(dir)
                .call_fallback_on_method_not_allowed(true)
                .not_found_service(routes::unknown_route.into_service()),
        ),
        None => router.fallback(routes::unknown_route),
    };
    let app = routes::outer_layers(router.with_state(state));

    tracing::info!("listening on http://{bound}");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|error| format!("server stopped: {error}"))
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(ansi)
        .init();
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
    tracing::info!("shutting down");
}
