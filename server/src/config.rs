//! Runtime settings the running server reads: delays and limits, chosen on
//! the command line (or by tests) and shared by the workers and routes.

use std::time::Duration;

/// Every delay the server waits on, gathered so tests can shrink them.
#[derive(Clone, Debug)]
pub struct Timing {
    pub sandbox_delay: Duration,
    pub sandbox_timeout: Duration,
    pub recheck_interval: Duration,
    pub webhook_retry_base: Duration,
    pub webhook_max_attempts: u32,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            sandbox_delay: Duration::from_millis(1500),
            sandbox_timeout: Duration::from_secs(60),
            recheck_interval: Duration::from_secs(3600),
            webhook_retry_base: Duration::from_millis(5000),
            webhook_max_attempts: 9,
        }
    }
}

/// `--login-failure-limit`, `--login-failure-global-limit` and
/// `--login-failure-window-secs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginLimit {
    /// Rejections of one login through one client that lock it for that client.
    pub failures: u32,
    /// Rejections of one login through all clients together that lock it for
    /// every client: the most failures the utility may ever see in a window.
    pub global_failures: u32,
    pub window: Duration,
}

impl Default for LoginLimit {
    fn default() -> Self {
        LoginLimit {
            failures: 3,
            global_failures: 5,
            window: Duration::from_secs(86_400),
        }
    }
}
