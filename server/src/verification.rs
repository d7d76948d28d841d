//! The background worker that talks to the provider for submissions in
//! flight (`Stage::Verifying`), expires unanswered code challenges, and runs
//! re-checks (see `recheck`).
//!
//! Work is found in the database (`due_at_ms`), not in memory, so a restart
//! or a `kill -9` loses nothing: whatever was due or mid-call is picked up
//! again by the next process.

use std::sync::Arc;
use std::time::Duration;

use crate::store::params;
use protocol::VerificationStatus;
use tokio::sync::Semaphore;

use crate::clock::{ms, now_ms, now_unix};
use crate::credentials::{self, Change, CredentialLock, MfaState, Row, Stage};
use crate::login_limit::{self, LoginKey};
use crate::provider::{LoginOutcome, CALL_TIMEOUT};
use crate::recheck;
use crate::state::AppState;
use crate::token_usage;
use crate::webhooks::outbox;

/// Provider calls in flight at once; each is mostly waiting on a utility.
const MAX_CONCURRENT_CALLS: usize = 16;
/// How long a one-time-code challenge waits for the user before it ends in `error`.
pub const MFA_CHALLENGE_TTL: Duration = Duration::from_secs(10 * 60);
/// The longest the worker sleeps without looking at the table again.
const MAX_IDLE: Duration = Duration::from_secs(1);
const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(600);

pub fn spawn(state: AppState) {
    tokio::spawn(run(state));
}

async fn run(state: AppState) {
    let permits = Arc::new(Semaphore::new(MAX_CONCURRENT_CALLS));
    let mut last_housekeeping = 0i64;
    loop {
        let now = now_ms();
        if now - last_housekeeping >= ms(HOUSEKEEPING_EVERY) {
            last_housekeeping = now;
            if let Err(error) = token_usage::prune(&state.db.lock(), now_unix()) {
                tracing::warn!("cannot prune old connect tokens: {error}");
            }
            if let Err(error) = outbox::prune_delivered(&state.db.lock(), now) {
                tracing::warn!("cannot prune old webhook events: {error}");
            }
            if let Err(error) = login_limit::prune(&state.db.lock(), state.login_limit, now) {
                tracing::warn!("cannot prune old login failures: {error}");
            }
            crate::rate_limit::housekeeping(&state, now);
        }
        let (due, next_due) = match take_due(&state, now, permits.available_permits()) {
            Ok(found) => found,
            Err(error) => {
                tracing::error!("verification worker cannot read the database: {error}");
                (Vec::new(), None)
            }
        };
        for (id, generation) in due {
            let Ok(permit) = permits.clone().acquire_owned().await else {
                return;
            };
            let state = state.clone();
            tokio::spawn(async move {
                let lock = CredentialLock::adopt(&state.db, id);
                process(&state, id, generation).await;
                drop(lock);
                drop(permit);
                // Whatever this call scheduled may be due already.
                state.verifier_wake.notify_one();
            });
        }
        let idle = next_due
            .map(|at| Duration::from_millis((at - now_ms()).clamp(0, ms(MAX_IDLE)) as u64))
            .unwrap_or(MAX_IDLE);
        tokio::select! {
            _ = tokio::time::sleep(idle) => {}
            _ = state.verifier_wake.notified() => {}
        }
    }
}

/// (credential id, generation) pairs to process, and when the next one is due.
type DueWork = (Vec<(i64, i64)>, Option<i64>);

fn take_due(state: &AppState, now: i64, limit: usize) -> crate::store::Result<DueWork> {
    let connection = state.db.lock();
    let transaction = connection.unchecked_transaction()?;
    let candidates: Vec<(i64, i64)> = transaction.query_map(
        &format!(
            "SELECT id, generation FROM utility_credentials
             WHERE due_at_ms IS NOT NULL AND due_at_ms <= ?1 AND claimed < ?1 ORDER BY due_at_ms LIMIT ?2{}",
            crate::leases::skip_locked(transaction.dialect(), "utility_credentials")
        ),
        params![now, limit as i64],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let mut due = Vec::with_capacity(candidates.len());
    for (id, generation) in candidates {
        // Conditional: another replica may have leased it since the SELECT.
        let taken = transaction.execute(
            "UPDATE utility_credentials SET claimed = ?2, lease_owner = ?3 WHERE id = ?1 AND claimed < ?4",
            params![id, crate::leases::expiry(now), state.db.owner(), now],
        )?;
        if taken == 1 {
            due.push((id, generation));
        }
    }
    let next_due = transaction.query_row(
        "SELECT MIN(due_at_ms) FROM utility_credentials WHERE due_at_ms > ?1 AND claimed < ?1",
        [now],
        |row| row.get(0),
    )?;
    transaction.commit()?;
    Ok((due, next_due))
}

async fn process(state: &AppState, id: i64, generation: i64) {
    let loaded = {
        let connection = state.db.lock();
        credentials::load(&connection, id).map(|row| {
            row.filter(|row| row.generation == generation).map(|row| {
                let secrets =
                    credentials::open_login(&connection, &state.sealer, &row).and_then(|login| {
                        Ok((
                            login,
                            credentials::open_provider_state(&connection, &state.sealer, &row)?,
                        ))
                    });
                (row, secrets)
            })
        })
    };
    let (row, secrets) = match loaded {
        Ok(Some(found)) => found,
        Ok(None) => return,
        Err(error) => {
            tracing::error!("cannot load credential {id}: {error}");
            return;
        }
    };
    let (login, mut provider_state) = match secrets {
        Ok(secrets) => secrets,
        Err(reason) => {
            tracing::error!("{reason}");
            // The stored provider state cannot be opened either: leave it be.
            let change = Change {
                provider_state: None,
                ..Change::settled(VerificationStatus::Error)
            };
            finish(state, &row, change, None);
            return;
        }
    };
    // The utility's verdict on a submitted login, for the per-login cap.
    // Re-checks are left out: they replay a login the user no longer types.
    let mut verdict = None;
    let change = match row.stage {
        Stage::Verifying => {
            let call = state.provider.log_in(&login, &mut provider_state);
            let outcome = tokio::time::timeout(CALL_TIMEOUT, call)
                .await
                .unwrap_or_else(|_| timed_out());
            state.metrics.verification(&outcome);
            let key = LoginKey::new(
                &state.keys.login_limit,
                login.utility_id,
                login.username.expose(),
            );
            verdict = Some((key, outcome.clone()));
            login_change(state, &row, outcome, provider_state)
        }
        Stage::ChooseMethod | Stage::EnterCode => {
            tracing::info!("credential {id}: one-time code not entered in time");
            Change::settled(VerificationStatus::Error)
        }
        Stage::Settled if row.status == VerificationStatus::Verified => {
            let call = state.provider.recheck(&login, &mut provider_state);
            let outcome = tokio::time::timeout(CALL_TIMEOUT, call)
                .await
                .unwrap_or_else(|_| timed_out());
            recheck::change_after(state.timing.recheck_interval, &row, outcome, provider_state)
        }
        Stage::Settled => Change {
            mfa: row.mfa.clone(),
            provider_state: None,
            ..Change::settled(row.status)
        },
    };
    finish(state, &row, change, verdict.as_ref());
}

fn timed_out() -> LoginOutcome {
    LoginOutcome::Error {
        reason: format!("no answer within {} s", CALL_TIMEOUT.as_secs()),
    }
}

/// Writes a worker result unless a newer submission replaced the one it was
/// for. The verdict counts either way: the utility saw the attempt.
fn finish(state: &AppState, row: &Row, change: Change, verdict: Option<&(LoginKey, LoginOutcome)>) {
    let result = (|| {
        let connection = state.db.lock();
        let transaction = connection.unchecked_transaction()?;
        if let Some((key, outcome)) = verdict {
            login_limit::record_outcome(&transaction, key, &row.client_id, outcome, now_ms())?;
        }
        let current = credentials::load(&transaction, row.id)?;
        if current
            .as_ref()
            .is_some_and(|current| current.generation == row.generation)
        {
            credentials::apply(&transaction, state, row, change, now_ms())?;
        }
        transaction.commit()
    })();
    if let Err(error) = result {
        tracing::error!(
            "cannot record the result for credential {}: {error}",
            row.id
        );
    }
}

fn login_change(
    state: &AppState,
    row: &Row,
    outcome: LoginOutcome,
    provider_state: crate::provider::ProviderState,
) -> Change {
    let now = now_ms();
    let settled = Change::settled;
    match outcome {
        LoginOutcome::Verified => {
            Change::verified(now + ms(state.timing.recheck_interval), provider_state)
        }
        LoginOutcome::Rejected => settled(VerificationStatus::Rejected),
        LoginOutcome::Error { reason } => {
            tracing::warn!("credential {}: provider error: {reason}", row.id);
            settled(VerificationStatus::Error)
        }
        LoginOutcome::MfaRequired { offers } if offers.is_empty() => {
            tracing::warn!(
                "credential {}: provider asked for a code but offered no way to send it",
                row.id
            );
            settled(VerificationStatus::Error)
        }
        LoginOutcome::MfaRequired { offers } => {
            let codes_left = codes_left_for(&state.db.lock(), row);
            Change {
                status: VerificationStatus::Pending,
                stage: Stage::ChooseMethod,
                due_at_ms: Some(now + ms(MFA_CHALLENGE_TTL)),
                mfa: Some(MfaState::new(offers, codes_left)),
                provider_state: Some(provider_state),
            }
        }
        LoginOutcome::Pending { retry_after } => Change {
            status: VerificationStatus::Pending,
            stage: Stage::Verifying,
            due_at_ms: Some(now + ms(retry_after)),
            mfa: None,
            provider_state: Some(provider_state),
        },
    }
}

/// Wrong codes are limited per connect token, over all its challenges.
fn codes_left_for(connection: &crate::store::Connection, row: &Row) -> u8 {
    let Some(jti) = &row.submitted_by else {
        return token_usage::MAX_WRONG_CODES;
    };
    token_usage::load(connection, jti)
        .map(|usage| usage.codes_left())
        .unwrap_or(token_usage::MAX_WRONG_CODES)
}
