//! Start-up: configuration checks, shared state, background workers, the
//! router's assembly and the serve loop.

use std::path::Path;
use std::sync::Arc;

use axum::handler::HandlerWithoutStateExt;
use axum::Router;
use tokio::sync::Notify;

use crate::cli::{LogFormat, RemoteProvider, ServeOptions};
use crate::clients;
use crate::config::{LoginLimit, Timing};
use crate::directory::Directory;
use crate::keys::Keys;
use crate::origins;
use crate::provider::http::HttpProvider;
use crate::provider::sandbox::SandboxUtility;
use crate::provider::UtilityProvider;
use crate::routes;
use crate::state::AppState;
use crate::store::Db;

pub async fn serve(options: ServeOptions) -> Result<(), String> {
    init_logging(options.log_format);
    crate::leases::set_lease(options.work_lease);
    // Everything that can be misconfigured is checked before the first
    // request: an operator sees one clear line and a non-zero exit.
    let db = Db::open_at(&options.store)?;
    let keys = Keys::load_or_create(&options.data_dir)?;
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", options.addr))?;
    let bound = listener
        .local_addr()
        .map_err(|error| format!("cannot read the bound address: {error}"))?;
    let public_url = options
        .public_url
        .unwrap_or_else(|| format!("http://{bound}"));
    if options.sandbox {
        clients::ensure_sandbox_client(&db, &keys)?;
    }
    let mut state = open_state(
        db,
        keys,
        public_url,
        options.timing,
        options.login_limit,
        options.sandbox,
    )?;
    match &options.provider {
        Some(remote) => {
            state.provider = Arc::new(remote_provider(remote)?);
            tracing::info!("utility provider: {}", remote.url);
        }
        None if !options.sandbox => tracing::warn!(
            "no --provider-url: logins are checked by the built-in sandbox utility (magic passwords)"
        ),
        None => {}
    }
    spawn_workers(&state);
    let db = state.db.clone();
    let app = router(state, options.demo_host, options.static_dir.as_deref());

    tracing::info!("listening on http://{bound}");
    // On SIGTERM or Ctrl-C: stop accepting, let in-flight requests finish.
    crate::http_layer::serve(listener, app, shutdown_signal())
        .await
        .map_err(|error| format!("server stopped: {error}"))?;
    // Work this process claimed and will not finish becomes due again now,
    // for whichever process takes over the data dir.
    db.release_own_leases()?;
    tracing::info!("stopped; job claims released");
    Ok(())
}

/// The secret comes from the file or the environment, never a flag (a
/// flag's value shows in the process list).
fn remote_provider(remote: &RemoteProvider) -> Result<HttpProvider, String> {
    let secret = match &remote.secret_file {
        Some(path) => zeroize::Zeroizing::new(std::fs::read_to_string(path).map_err(|error| {
            format!(
                "cannot read --provider-secret-file {}: {error}",
                path.display()
            )
        })?),
        None => zeroize::Zeroizing::new(std::env::var(PROVIDER_SECRET_ENV).map_err(|_| {
            format!("--provider-url needs --provider-secret-file or {PROVIDER_SECRET_ENV}")
        })?),
    };
    HttpProvider::new(&remote.url, &secret, remote.timeout)
}

const PROVIDER_SECRET_ENV: &str = "UTILITY_CONNECT_PROVIDER_SECRET";

/// The shared state over an opened database and keys: claims left by a
/// killed process released, webhook secrets of older data dirs sealed, the
/// directory loaded. In `sandbox` mode the sandbox client must exist already
/// (`clients::ensure_sandbox_client`); outside it, that client is refused.
pub fn open_state(
    db: Db,
    keys: Keys,
    public_url: String,
    timing: Timing,
    login_limit: LoginLimit,
    sandbox: bool,
) -> Result<AppState, String> {
    db.release_work_locks()?;
    let sealer = keys.sealer();
    let sealed = crate::webhooks::secrets::seal_plaintext_rows(&db.lock(), &sealer)
        .map_err(|error| format!("cannot seal webhook secrets: {error}"))?;
    if sealed > 0 {
        tracing::info!("sealed the webhook signing secrets of {sealed} clients");
    }
    let provider: Arc<dyn UtilityProvider> = Arc::new(SandboxUtility::new(
        db.clone(),
        keys.sandbox_digest.clone(),
        timing.sandbox_delay,
        timing.sandbox_timeout,
    ));
    let directory = Directory::load();
    if directory.is_empty() {
        return Err("the built-in utility directory is empty; this build is broken".into());
    }
    tracing::info!("utility directory: {} utilities", directory.len());
    let own_origin = origins::origin_of_url(&public_url)
        .ok_or_else(|| format!("--public-url {public_url:?} has no origin"))?;
    Ok(AppState {
        sealer,
        sandbox,
        db,
        keys,
        directory: Arc::new(directory),
        provider,
        timing: Arc::new(timing),
        metrics: Arc::default(),
        login_limit,
        limits: Arc::default(),
        public_url: public_url.into(),
        own_origin: own_origin.into(),
        verifier_wake: Arc::new(Notify::new()),
        webhook_wake: Arc::new(Notify::new()),
    })
}

/// The verification worker and the webhook sender, on the current runtime.
pub fn spawn_workers(state: &AppState) {
    crate::verification::spawn(state.clone());
    crate::webhooks::delivery::spawn(state.clone());
}

/// Everything the server answers: the API, the pages, optionally the demo
/// host's backend and static files, inside the outer layers.
pub fn router(state: AppState, demo_host: bool, static_dir: Option<&Path>) -> Router {
    let mut router = routes::api_router().merge(routes::page_routes());
    if state.sandbox {
        router = router.merge(routes::sandbox_routes());
    }
    if demo_host {
        router = router.merge(routes::demo_host::router());
    }
    if let Some(dir) = static_dir {
        router = router.merge(routes::sdk::router(dir));
    }
    router = match static_dir {
        Some(dir) => router.fallback_service(routes::sdk::precompressed(
            tower_http::services::ServeDir::new(dir)
                .call_fallback_on_method_not_allowed(true)
                .not_found_service(routes::unknown_route.into_service()),
        )),
        None => router.fallback(routes::unknown_route),
    };
    let metrics = state.metrics.clone();
    let router = router
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(
            metrics,
            routes::ops::track,
        ));
    routes::outer_layers(router)
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    match format {
        // One JSON object per line, for log shippers.
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
            .init(),
    }
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
