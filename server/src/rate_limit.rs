//! Throttling of the host routes (promise P7): host authentication per
//! network address, token minting per client, and bounds on the token
//! tables. Limits are in memory (GCRA, `governor`): they only need to slow a
//! flood down, and a restart forgetting them gives an attacker one burst.
//! What must survive restarts (login failures, code sends) is counted in
//! the database instead.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

use crate::store::{params, Connection};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::StatusCode;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::Failure;
use crate::state::AppState;

/// `POST /auth/access_token` per address: a host's backend needs one token
/// every two hours, so a burst of 30 then one every two seconds is plenty,
/// and 400 guessed secrets take minutes instead of half a second.
const AUTH_BURST: u32 = 30;
const AUTH_PERIOD: Duration = Duration::from_secs(2);
/// Access tokens minted per client: the same reasoning, per app, with room
/// for an app whose backends run from several addresses.
const ACCESS_BURST: u32 = 60;
const ACCESS_PERIOD: Duration = Duration::from_secs(2);
/// Connect tokens minted per client: one per user opening the widget, so a
/// busy app's peak, but not a script's.
const CONNECT_BURST: u32 = 200;
const CONNECT_PERIOD: Duration = Duration::from_millis(50);
/// Live access tokens kept per client; minting another revokes the oldest.
pub const MAX_LIVE_ACCESS_TOKENS: i64 = 50;

pub struct RateLimits {
    auth_by_address: DefaultKeyedRateLimiter<IpAddr>,
    access_by_client: DefaultKeyedRateLimiter<String>,
    connect_by_client: DefaultKeyedRateLimiter<String>,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            auth_by_address: RateLimiter::keyed(quota(AUTH_BURST, AUTH_PERIOD)),
            access_by_client: RateLimiter::keyed(quota(ACCESS_BURST, ACCESS_PERIOD)),
            connect_by_client: RateLimiter::keyed(quota(CONNECT_BURST, CONNECT_PERIOD)),
        }
    }
}

fn quota(burst: u32, period: Duration) -> Quota {
    Quota::with_period(period)
        .expect("a non-zero period")
        .allow_burst(NonZeroU32::new(burst).expect("a non-zero burst"))
}

impl RateLimits {
    /// Before the secret is even looked at.
    pub fn authentication(&self, from: IpAddr) -> Result<(), Failure> {
        admit(
            &self.auth_by_address,
            &from,
            "Too many authentication attempts from this address.",
        )
    }

    pub fn access_token(&self, client_id: &str) -> Result<(), Failure> {
        admit(
            &self.access_by_client,
            &client_id.to_string(),
            "Too many access tokens requested for this client.",
        )
    }

    pub fn connect_token(&self, client_id: &str) -> Result<(), Failure> {
        admit(
            &self.connect_by_client,
            &client_id.to_string(),
            "Too many connect tokens requested for this client.",
        )
    }

    /// Forgets keys whose limits are back to full, so a scan from many
    /// addresses does not leave the map growing.
    fn forget_idle(&self) {
        self.auth_by_address.retain_recent();
        self.auth_by_address.shrink_to_fit();
        self.access_by_client.retain_recent();
        self.connect_by_client.retain_recent();
    }
}

fn admit<K: std::hash::Hash + Eq + Clone>(
    limiter: &DefaultKeyedRateLimiter<K>,
    key: &K,
    description: &str,
) -> Result<(), Failure> {
    limiter.check_key(key).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        Failure::new(
            StatusCode::TOO_MANY_REQUESTS,
            protocol::ErrorType::RateLimited,
            format!("{description} Retry after the time in the Retry-After header."),
        )
        .retry_after_ms(wait.as_millis().min(i64::MAX as u128) as i64)
    })
}

/// The TCP peer's address. Not `X-Forwarded-For`, which any caller can
/// write; behind a proxy every caller shares the proxy's address and limit.
pub struct PeerAddress(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for PeerAddress {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let address = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        Ok(PeerAddress(address))
    }
}

/// Keeps a client's newest `MAX_LIVE_ACCESS_TOKENS`; call after inserting one.
pub fn cap_access_tokens(connection: &Connection, client_id: &str) -> crate::store::Result<usize> {
    // Insertion order: SQLite's rowid, PostgreSQL's identity column.
    let minted_order = match connection.dialect() {
        crate::store::Dialect::Sqlite => "rowid",
        crate::store::Dialect::Postgres => "seq",
    };
    connection.execute(
        &format!(
            "DELETE FROM access_tokens WHERE client_id = ?1 AND token_hash NOT IN (
                 SELECT token_hash FROM access_tokens WHERE client_id = ?1
                 ORDER BY {minted_order} DESC LIMIT ?2)"
        ),
        params![client_id, MAX_LIVE_ACCESS_TOKENS],
    )
}

/// Periodic pruning, from the verification worker's housekeeping: expired
/// access tokens (also pruned on minting, but a client that stops minting
/// would keep its last ones), code sends out of their window, idle limiter keys.
pub fn housekeeping(state: &AppState, now_ms: i64) {
    let connection = state.db.lock();
    if let Err(error) = connection.execute(
        "DELETE FROM access_tokens WHERE expires_at <= ?1",
        [now_ms / 1000],
    ) {
        tracing::warn!("cannot prune expired access tokens: {error}");
    }
    if let Err(error) = crate::code_sends::prune(&connection, now_ms) {
        tracing::warn!("cannot prune old code sends: {error}");
    }
    drop(connection);
    state.limits.forget_idle();
}
