//! What every request handler and background worker shares. Handlers and
//! workers hold the whole; a domain function that needs only a part or two
//! (the sealer, the directory, an interval) takes just those.

use std::sync::Arc;

use tokio::sync::Notify;

use crate::config::{LoginLimit, Timing};
use crate::crypto::Sealer;
use crate::directory::Directory;
use crate::keys::Keys;
use crate::provider::UtilityProvider;
use crate::rate_limit::RateLimits;
use crate::store::Db;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub keys: Keys,
    pub sealer: Sealer,
    /// `serve --sandbox`: the sandbox client and `/sandbox/*` exist.
    pub sandbox: bool,
    pub directory: Arc<Directory>,
    pub provider: Arc<dyn UtilityProvider>,
    pub timing: Arc<Timing>,
    pub metrics: Arc<crate::metrics::Metrics>,
    pub login_limit: LoginLimit,
    /// Host-call throttles, in memory.
    pub limits: Arc<RateLimits>,
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
