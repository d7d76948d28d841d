//! The seam between the Connect API and the utilities themselves.
//!
//! The API owns everything the user and the host see (statuses, attempt
//! limits, webhooks); a provider only answers "did this login work?". The
//! sandbox implements it with magic passwords; a real integration (a scraper
//! fleet, an aggregator's API) implements the same trait and is handed to
//! `app::serve` instead.

pub mod http;
pub mod sandbox;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use protocol::MfaMethod;
use zeroize::Zeroizing;

use crate::secret::{Login, Secret};

/// The longest the server waits on one provider call; a utility that has not
/// answered by then counts as unreachable (the sandbox's slowest is 80 s).
pub const CALL_TIMEOUT: Duration = Duration::from_secs(120);

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Opaque bytes a provider keeps per credential between calls (a session
/// cookie, a challenge id). The server stores them encrypted and hands them
/// back on the next call for the same credential; a new submission starts
/// from `None`.
pub type ProviderState = Option<Zeroizing<Vec<u8>>>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MfaOffer {
    pub method: MfaMethod,
    /// Already masked by the utility ("•••-•••-0142").
    pub destination: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginOutcome {
    Verified,
    /// The utility refused the username or password.
    Rejected,
    /// The utility could not be asked (site down, unexpected page). `reason`
    /// goes to the log and must not contain the login.
    Error {
        reason: String,
    },
    /// The utility wants a one-time code first.
    MfaRequired {
        offers: Vec<MfaOffer>,
    },
    /// No answer yet: call `log_in` again after `retry_after`.
    Pending {
        retry_after: Duration,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeOutcome {
    /// The login continues: the server calls `log_in` again for the verdict.
    Accepted,
    Wrong,
    Error {
        reason: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderError {
    pub reason: String,
}

pub trait UtilityProvider: Send + Sync {
    /// Credentials checked by this provider are test data (`sandboxed: true`).
    fn sandboxed(&self) -> bool;

    /// Logs in with a new submission, or continues one (after `Pending`, or
    /// after `CodeOutcome::Accepted`).
    fn log_in<'a>(
        &'a self,
        login: &'a Login,
        state: &'a mut ProviderState,
    ) -> BoxFuture<'a, LoginOutcome>;

    /// Asks the utility to send a one-time code by `method`.
    fn send_code<'a>(
        &'a self,
        login: &'a Login,
        method: MfaMethod,
        state: &'a mut ProviderState,
    ) -> BoxFuture<'a, Result<(), ProviderError>>;

    fn check_code<'a>(
        &'a self,
        login: &'a Login,
        code: &'a Secret,
        state: &'a mut ProviderState,
    ) -> BoxFuture<'a, CodeOutcome>;

    /// Logs in again with stored, once-verified credentials. `Rejected` means
    /// they stopped working (the user changed their password): revoked.
    fn recheck<'a>(
        &'a self,
        login: &'a Login,
        state: &'a mut ProviderState,
    ) -> BoxFuture<'a, LoginOutcome>;

    /// Sandbox only: act as if the user changed their password at the utility.
    fn simulate_password_change<'a>(
        &'a self,
        _login: &'a Login,
    ) -> BoxFuture<'a, Result<(), ProviderError>> {
        Box::pin(async {
            Err(ProviderError {
                reason: "only the sandbox utility can change passwords".into(),
            })
        })
    }
}
