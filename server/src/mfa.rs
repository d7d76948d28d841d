//! One-time-code steps: choose how to receive the code, enter it, resend it.
//!
//! Each step calls the provider while holding the credential's row lock, so
//! a double click cannot send two codes or spend two attempts at once.

use protocol::{ConnectStatus, ErrorType, MfaMethod, VerificationStatus};

use crate::clock::{ms, now_ms};
use crate::code_guesses::{self, HeldGuess};
use crate::code_sends;
use crate::credentials::{self, Change, CredentialLock, MfaState, Row, Stage};
use crate::error::Failure;
use crate::login_limit::{self, LoginKey};
use crate::provider::{CodeOutcome, ProviderState, CALL_TIMEOUT};
use crate::secret::{Login, Secret};
use crate::session::ConnectSession;
use crate::state::AppState;
use crate::token_usage;
use crate::verification::MFA_CHALLENGE_TTL;

/// Codes the user may ask to be sent again per challenge.
pub const MAX_RESENDS: u8 = 3;

/// A step ready to call the provider: the caller's own submission, at a
/// stage that takes the step, its secrets opened and its row locked.
struct Prepared {
    row: Row,
    mfa: MfaState,
    login: Login,
    provider_state: ProviderState,
    _lock: CredentialLock,
}

impl Prepared {
    /// The way the user chose to get the code; resending and entering a code need one.
    fn chosen_method(&self) -> Result<MfaMethod, Failure> {
        self.mfa.method.ok_or_else(|| {
            Failure::conflict(
                ErrorType::NoCodeRequested,
                "Choose how to receive the code first.",
            )
        })
    }

    /// Has the utility send a code by `method`, then records the challenge
    /// as waiting for it. The row stays locked until the step is recorded.
    async fn send_code_and_wait(
        mut self,
        state: &AppState,
        session: &ConnectSession,
        method: MfaMethod,
    ) -> Result<ConnectStatus, Failure> {
        send_code(
            state,
            session,
            &self.row,
            &self.login,
            method,
            &mut self.provider_state,
        )
        .await?;
        let change = waiting_for_code(self.mfa, self.provider_state);
        finish(state, session, &self.row, change, None)
    }
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
        .ok_or_else(Failure::credential_not_found)?;
    let mfa = match &row.mfa {
        Some(mfa) if stages.contains(&row.stage) => mfa.clone(),
        _ => {
            return Err(Failure::conflict(
                ErrorType::NoCodeRequested,
                "The utility is not waiting for a code at this step.",
            ))
        }
    };
    if row.submitted_by.as_deref() != Some(session.claims.jti.as_str()) {
        return Err(Failure::conflict(
            ErrorType::NotYourSubmission,
            "Only the session that submitted these credentials can answer.",
        ));
    }
    let login =
        credentials::open_login(&connection, &state.sealer, &row).map_err(Failure::internal)?;
    let provider_state = credentials::open_provider_state(&connection, &state.sealer, &row)
        .map_err(Failure::internal)?;
    let lock = CredentialLock::take(&connection, &state.db, row.id, row.generation)?;
    // The row lock's drop takes the database lock: release that first on every path.
    drop(connection);
    let lock = lock.ok_or_else(|| {
        Failure::conflict(
            ErrorType::Busy,
            "The previous step is still being processed.",
        )
    })?;
    Ok(Prepared {
        row,
        mfa,
        login,
        provider_state,
        _lock: lock,
    })
}

/// Records the step unless a newer submission replaced this one meanwhile,
/// and answers with the credential as it now stands.
fn finish(
    state: &AppState,
    session: &ConnectSession,
    row: &Row,
    change: Change,
    wrong_code: Option<&HeldGuess>,
) -> Result<ConnectStatus, Failure> {
    let connection = state.db.lock();
    let transaction = connection.unchecked_transaction()?;
    // The utility saw the guess whether or not a newer submission replaced this one.
    if let Some(guess) = wrong_code {
        code_guesses::spend(&transaction, guess, now_ms())?;
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
    let mut prepared = prepare(state, session, id, &[Stage::ChooseMethod, Stage::EnterCode])?;
    if prepared.mfa.destination(method).is_none() {
        return Err(Failure::validation(
            "The utility cannot send a code that way.",
        ));
    }
    prepared.mfa.method = Some(method);
    prepared.mfa.last_code_rejected = false;
    prepared.mfa.resends = 0;
    prepared.send_code_and_wait(state, session, method).await
}

pub async fn resend(
    state: &AppState,
    session: &ConnectSession,
    id: i64,
) -> Result<ConnectStatus, Failure> {
    let mut prepared = prepare(state, session, id, &[Stage::EnterCode])?;
    let method = prepared.chosen_method()?;
    if prepared.mfa.resends >= MAX_RESENDS {
        return Err(Failure::new(
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            ErrorType::ResendLimitReached,
            "The code was already sent again several times.",
        ));
    }
    prepared.mfa.resends += 1;
    prepared.send_code_and_wait(state, session, method).await
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
    let prepared = prepare(state, session, id, &[Stage::EnterCode])?;
    prepared.chosen_method()?;
    let Prepared {
        row,
        mut mfa,
        login,
        mut provider_state,
        _lock,
    } = prepared;
    // Guesses count per login too: a new connect token buys no new guesses.
    let login_key = LoginKey::new(
        &state.keys.login_limit,
        login.utility_id,
        login.username.expose(),
    );
    let now = now_ms();
    let held = code_guesses::hold(
        &state.db.lock(),
        state.login_limit,
        &login_key,
        &session.claims.client_id,
        now,
    )?;
    let (login_codes_left, guess) = match held {
        Ok(held) => held,
        Err(at) => {
            return Err(
                Failure::login_temporarily_locked(&login_limit::rough_wait(at - now))
                    .retry_after_ms(at - now),
            )
        }
    };
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
    if !matches!(outcome, CodeOutcome::Wrong) {
        code_guesses::give_back(&state.db.lock(), &guess)?;
    }
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
                    mfa: Some(mfa),
                    ..Change::settled(VerificationStatus::Rejected)
                }
            } else {
                Change {
                    due_at_ms: row.due_at_ms,
                    ..waiting_for_code(mfa, provider_state)
                }
            };
            finish(state, session, &row, change, Some(&guess))
        }
        CodeOutcome::Error { reason } => Err(Failure::provider(reason)),
    }
}
