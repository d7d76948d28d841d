//! One-time-code steps: choose how to receive the code, enter it, resend it.
//!
//! Each step calls the provider while holding the credential's claim, so a
//! double click cannot send two codes or spend two attempts at once.

use protocol::{ConnectStatus, MfaMethod, VerificationStatus};

use crate::app::AppState;
use crate::clock::{ms, now_ms};
use crate::code_sends;
use crate::credentials::{self, Change, Claim, MfaState, Row, Stage};
use crate::error::Failure;
use crate::login_limit::{self, LoginKey};
use crate::provider::{CodeOutcome, ProviderState, CALL_TIMEOUT};
use crate::routes::extract::ConnectSession;
use crate::secret::{Login, Secret};
use crate::token_usage;
use crate::verification::MFA_CHALLENGE_TTL;

/// Codes the user may ask to be sent again per challenge.
pub const MAX_RESENDS: u8 = 3;

struct Prepared {
    row: Row,
    mfa: MfaState,
    login: Login,
    provider_state: ProviderState,
    _claim: Claim,
}

fn prepare(
    state: &AppState,
    session: &ConnectSession,
    id: i64,
    stages: &[Stage],
) -> Result<Prepared, Failure> {
    let connection = state.db.lock();
    let row = credentials::load(&connection, id)?
        .filter(|row| session.may_see(row))
        .ok_or_else(|| Failure::not_found("Couldn't find UtilityCredential"))?;
    let mfa = match &row.mfa {
        Some(mfa) if stages.contains(&row.stage) => mfa.clone(),
        _ => {
            return Err(Failure::conflict(
                "no_code_requested",
                "The utility is not waiting for a code at this step.",
            ))
        }
    };
    if row.submitted_by.as_deref() != Some(session.claims.jti.as_str()) {
        return Err(Failure::conflict(
            "not_your_submission",
            "Only the session that submitted these credentials can answer.",
        ));
    }
    let login = credentials::open_login(&connection, state, &row).map_err(Failure::internal)?;
    let provider_state =
        credentials::open_provider_state(&connection, state, &row).map_err(Failure::internal)?;
    let claim = Claim::take(&connection, &state.db, row.id, row.generation)?;
    // The claim's drop takes the lock: release it first on every path.
    drop(connection);
    let claim = claim
        .ok_or_else(|| Failure::conflict("busy", "The previous step is still being processed."))?;
    Ok(Prepared {
        row,
        mfa,
        login,
        provider_state,
        _claim: claim,
    })
}

/// Records the step unless a newer submission replaced this one meanwhile,
/// and answers with the credential as it now stands.
fn finish(
    state: &AppState,
    session: &ConnectSession,
    row: &Row,
    change: Change,
    wrong_code: Option<&LoginKey>,
) -> Result<ConnectStatus, Failure> {
    let connection = state.db.lock();
    let transaction = connection.unchecked_transaction()?;
    // The utility saw the guess whether or not a newer submission replaced this one.
    if let Some(key) = wrong_code {
        login_limit::record_wrong_code(&transaction, key, &session.claims.client_id, now_ms())?;
    }
    let current = credentials::load(&transaction, row.id)?
        .ok_or_else(|| Failure::internal("credential vanished"))?;
    let updated = if current.generation == row.generation {
        if wrong_code.is_some() {
            token_usage::count_wrong_code(&transaction, &session.claims.jti)?;
        }
        credentials::apply(&transaction, state, row, change, now_ms())?
    } else {
        current
    };
    let usage = token_usage::load(&transaction, &session.claims.jti)?;
    transaction.commit()?;
    Ok(credentials::to_status(&updated, &usage))
}

/// Every code sent, by any step, counts towards `code_sends`' limits.
async fn send_code(
    state: &AppState,
    session: &ConnectSession,
    row: &Row,
    login: &Login,
    method: MfaMethod,
    provider_state: &mut ProviderState,
) -> Result<(), Failure> {
    let jti = session.claims.jti.as_str();
    code_sends::check(&state.db.lock(), row.id, jti, now_ms())?;
    let sent = send_code_now(state, login, method, provider_state).await;
    code_sends::record(&state.db.lock(), row.id, jti, now_ms())?;
    sent
}

async fn send_code_now(
    state: &AppState,
    login: &Login,
    method: MfaMethod,
    provider_state: &mut ProviderState,
) -> Result<(), Failure> {
    match tokio::time::timeout(
        CALL_TIMEOUT,
        state.provider.send_code(login, method, provider_state),
    )
    .await
    {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => Err(Failure::provider(error.reason)),
        Err(_) => Err(Failure::provider("no answer in time")),
    }
}

fn waiting_for_code(mfa: MfaState, provider_state: ProviderState) -> Change {
    Change {
        status: VerificationStatus::Pending,
        stage: Stage::EnterCode,
        due_at_ms: Some(now_ms() + ms(MFA_CHALLENGE_TTL)),
        mfa: Some(mfa),
        provider_state: Some(provider_state),
    }
}

pub async fn choose_method(
    state: &AppState,
    session: &ConnectSession,
    id: i64,
    method: MfaMethod,
) -> Result<ConnectStatus, Failure> {
    let Prepared {
        row,
        mut mfa,
        login,
        mut provider_state,
        _claim,
    } = prepare(state, session, id, &[Stage::ChooseMethod, Stage::EnterCode])?;
    if mfa.destination(method).is_none() {
        return Err(Failure::validation(
            "The utility cannot send a code that way.",
        ));
    }
    send_code(state, session, &row, &login, method, &mut provider_state).await?;
    mfa.method = Some(method);
    mfa.last_code_rejected = false;
    mfa.resends = 0;
    finish(
        state,
        session,
        &row,
        waiting_for_code(mfa, provider_state),
        None,
    )
}

pub async fn resend(
    state: &AppState,
    session: &ConnectSession,
    id: i64,
) -> Result<ConnectStatus, Failure> {
    let Prepared {
        row,
        mut mfa,
        login,
        mut provider_state,
        _claim,
    } = prepare(state, session, id, &[Stage::EnterCode])?;
    let method = mfa.method.ok_or_else(|| {
        Failure::conflict("no_code_requested", "Choose how to receive the code first.")
    })?;
    if mfa.resends >= MAX_RESENDS {
        return Err(Failure::new(
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            "resend_limit_reached",
            "The code was already sent again several times.",
        ));
    }
    send_code(state, session, &row, &login, method, &mut provider_state).await?;
    mfa.resends += 1;
    finish(
        state,
        session,
        &row,
        waiting_for_code(mfa, provider_state),
        None,
    )
}

pub async fn submit_code(
    state: &AppState,
    session: &ConnectSession,
    id: i64,
    code: Secret,
) -> Result<ConnectStatus, Failure> {
    let code_chars = code.expose().trim().chars().count();
    if code_chars == 0 || code_chars > 32 {
        return Err(Failure::validation("code must be 1 to 32 characters"));
    }
    let Prepared {
        row,
        mut mfa,
        login,
        mut provider_state,
        _claim,
    } = prepare(state, session, id, &[Stage::EnterCode])?;
    if mfa.method.is_none() {
        return Err(Failure::conflict(
            "no_code_requested",
            "Choose how to receive the code first.",
        ));
    }
    // Guesses count per login too: a new connect token buys no new guesses.
    let login_key = LoginKey::new(
        &state.keys.login_limit,
        login.utility_id,
        login.username.expose(),
    );
    let now = now_ms();
    let (login_codes_left, more_at) =
        login_limit::codes_left(&state.db.lock(), state.login_limit, &login_key, now)?;
    if let Some(at) = more_at.filter(|_| login_codes_left == 0) {
        return Err(
            Failure::login_temporarily_locked(&login_limit::rough_wait(at - now))
                .retry_after_ms(at - now),
        );
    }
    let checked = tokio::time::timeout(
        CALL_TIMEOUT,
        state
            .provider
            .check_code(&login, &code, &mut provider_state),
    )
    .await;
    let outcome = checked.unwrap_or_else(|_| CodeOutcome::Error {
        reason: "no answer in time".into(),
    });
    match outcome {
        CodeOutcome::Accepted => {
            let change = Change {
                status: VerificationStatus::Pending,
                stage: Stage::Verifying,
                due_at_ms: Some(now_ms()),
                mfa: None,
                provider_state: Some(provider_state),
            };
            let status = finish(state, session, &row, change, None);
            state.verifier_wake.notify_one();
            status
        }
        CodeOutcome::Wrong => {
            mfa.code_attempts_left = session
                .usage
                .codes_left()
                .min(mfa.code_attempts_left)
                .min(login_codes_left.min(u8::MAX as u32) as u8)
                .saturating_sub(1);
            mfa.last_code_rejected = true;
            let change = if mfa.code_attempts_left == 0 {
                Change {
                    status: VerificationStatus::Rejected,
                    stage: Stage::Settled,
                    due_at_ms: None,
                    mfa: Some(mfa),
                    provider_state: Some(None),
                }
            } else {
                Change {
                    due_at_ms: row.due_at_ms,
                    ..waiting_for_code(mfa, provider_state)
                }
            };
            finish(state, session, &row, change, Some(&login_key))
        }
        CodeOutcome::Error { reason } => Err(Failure::provider(reason)),
    }
}
