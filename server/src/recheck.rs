//! Re-checks: a verified credential is logged into again every
//! `--recheck-interval-secs`; when the login stops working (the user changed
//! their password at the utility) it becomes `revoked` and the host is told
//! by a `utility_credential_revoked` webhook, so it can send the user back
//! through Connect in update mode.

use std::time::Duration;

use crate::store::{params, Connection};
use protocol::VerificationStatus;
use tokio::sync::Notify;

use crate::clock::{ms, now_ms};
use crate::credentials::{Change, Row};
use crate::provider::{LoginOutcome, ProviderState};

/// After a sandbox `change_password`, the revocation shows within this long
/// (or the re-check interval, if shorter), rather than after a full interval.
pub const SANDBOX_RECHECK_AFTER_CHANGE: Duration = Duration::from_secs(5);
/// A re-check that could not reach the utility is retried this soon (or
/// after the interval, if shorter): a site outage is not a revocation.
const RETRY_AFTER_ERROR: Duration = Duration::from_secs(300);

pub fn change_after(
    interval: Duration,
    row: &Row,
    outcome: LoginOutcome,
    provider_state: ProviderState,
) -> Change {
    let keep_verified =
        |next: Duration| Change::verified(now_ms() + ms(next), provider_state.clone());
    match outcome {
        LoginOutcome::Verified => keep_verified(interval),
        LoginOutcome::Rejected => {
            tracing::info!(
                "credential {}: re-check refused by the utility: revoked",
                row.id
            );
            Change::settled(VerificationStatus::Revoked)
        }
        LoginOutcome::Error { reason } => {
            tracing::warn!(
                "credential {}: re-check failed, will retry: {reason}",
                row.id
            );
            keep_verified(interval.min(RETRY_AFTER_ERROR))
        }
        LoginOutcome::Pending { retry_after } => keep_verified(retry_after.min(interval)),
        LoginOutcome::MfaRequired { .. } => {
            // Re-checks run unattended: nobody can type a code. The host
            // sees `revoked` and brings the user back in update mode.
            tracing::info!(
                "credential {}: utility wants a new one-time code: revoked",
                row.id
            );
            Change::settled(VerificationStatus::Revoked)
        }
    }
}

/// Brings a verified credential's next re-check forward (sandbox
/// `change_password`), never back.
pub fn expedite(
    connection: &Connection,
    interval: Duration,
    wake: &Notify,
    id: i64,
) -> crate::store::Result<()> {
    let at = now_ms() + ms(SANDBOX_RECHECK_AFTER_CHANGE.min(interval));
    connection.execute(
        "UPDATE utility_credentials SET due_at_ms = CASE WHEN due_at_ms < ?2 THEN due_at_ms ELSE ?2 END
         WHERE id = ?1 AND status = 'verified' AND stage = 'settled'",
        params![id, at],
    )?;
    wake.notify_one();
    Ok(())
}
