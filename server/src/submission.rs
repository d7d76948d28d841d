//! Credential submissions from the component (and the sandbox test route).

use protocol::{ConnectStatus, ErrorType, Mode, SubmitCredentialsRequest, VerificationStatus};

use crate::clock::now_ms;
use crate::credentials::{self, Stage};
use crate::error::Failure;
use crate::login_limit::{self, LoginKey};
use crate::secret::{Login, Secret};
use crate::session::ConnectSession;
use crate::state::AppState;
use crate::token_usage;

/// Generous for any real login; refuses megabyte "passwords".
const MAX_FIELD_CHARS: usize = 512;

pub fn submit(
    state: &AppState,
    session: &ConnectSession,
    request: SubmitCredentialsRequest,
) -> Result<ConnectStatus, Failure> {
    // Secrets move into wiping types first, before any early return.
    let SubmitCredentialsRequest {
        utility_id,
        zip,
        username,
        password,
        account_number,
    } = request;
    let (username, password) = (Secret::new(username), Secret::new(password));
    let account_number = account_number.map(Secret::new);

    let claims = &session.claims;
    let connection = state.db.lock();
    let transaction = connection.unchecked_transaction()?;
    if transaction.dialect() == crate::store::Dialect::Postgres {
        // Replicas: this token's submissions queue here, so the count read
        // below is still the count when this one is added to it.
        transaction.execute(
            "SELECT jti FROM connect_tokens WHERE jti = ?1 FOR UPDATE",
            [&claims.jti],
        )?;
    }
    let usage = token_usage::load(&transaction, &claims.jti)?;
    if usage.spent {
        return Err(Failure::attempts_exhausted());
    }
    if usage.submissions_left() == 0 {
        token_usage::mark_spent(&transaction, &claims.jti)?;
        transaction.commit()?;
        return Err(Failure::attempts_exhausted());
    }

    let existing = match claims.mode {
        Mode::Create => match usage.credential_id {
            Some(id) => credentials::load(&transaction, id)?,
            None => None,
        },
        Mode::Update => {
            let id = claims.utility_credential_id.unwrap_or_default();
            Some(credentials::load_owned(
                &transaction,
                &claims.client_id,
                id,
            )?)
        }
    };
    let utility_id = match (&existing, claims.mode) {
        (Some(row), Mode::Update) => row.utility_id,
        _ => utility_id.ok_or_else(|| Failure::validation("utility_id is required"))?,
    };
    let utility = state
        .directory
        .get(utility_id)
        .ok_or_else(|| Failure::validation(format!("There is no utility with id {utility_id}.")))?;
    if username.expose().trim().is_empty() || password.expose().is_empty() {
        return Err(Failure::validation(
            "username and password must not be empty",
        ));
    }
    let too_long = [Some(&username), Some(&password), account_number.as_ref()]
        .into_iter()
        .flatten()
        .any(|field| field.expose().chars().count() > MAX_FIELD_CHARS);
    if too_long {
        return Err(Failure::validation(format!(
            "fields are limited to {MAX_FIELD_CHARS} characters"
        )));
    }
    if utility.needs_account_number
        && account_number
            .as_ref()
            .is_none_or(|number| number.expose().trim().is_empty())
    {
        return Err(Failure::validation(format!(
            "{} also needs the account number",
            utility.name
        )));
    }
    if zip
        .as_deref()
        .is_some_and(|zip| !protocol::zip::is_valid_zip(zip))
    {
        return Err(Failure::validation("zip must be five digits"));
    }
    let login = Login {
        utility_id,
        username,
        password,
        account_number,
    };

    let now = now_ms();
    // Before anything is counted or stored: a locked login costs the token
    // none of its attempts and never reaches the utility.
    let login_key = LoginKey::new(&state.keys.login_limit, utility_id, login.username.expose());
    login_limit::serialize(&transaction, &login_key)?;
    if let Some(until) = login_limit::locked_until(
        &transaction,
        state.login_limit,
        &login_key,
        &claims.client_id,
        now,
    )? {
        return Err(
            Failure::login_temporarily_locked(&login_limit::rough_wait(until - now))
                .retry_after_ms(until - now),
        );
    }
    let id = match existing {
        Some(row) => {
            if row.stage == Stage::Verifying {
                return Err(Failure::conflict(
                    ErrorType::VerificationInProgress,
                    "The last submission is still being checked; poll its status.",
                ));
            }
            if claims.mode == Mode::Create && row.status == VerificationStatus::Verified {
                return Err(Failure::conflict(
                    ErrorType::AlreadyVerified,
                    "This token already connected a verified account; use a new token for another.",
                ));
            }
            credentials::resubmit(&transaction, &state.sealer, &row, &login, &claims.jti, now)?;
            row.id
        }
        None => {
            let client_user_id = claims.client_user_id.as_deref().unwrap_or_default();
            credentials::insert_submission(
                &transaction,
                &state.sealer,
                &claims.client_id,
                client_user_id,
                &login,
                &claims.jti,
                now,
            )?
        }
    };
    token_usage::count_submission(&transaction, &claims.jti, id)?;
    let row = credentials::load(&transaction, id)?
        .ok_or_else(|| Failure::internal("credential vanished"))?;
    let usage = token_usage::load(&transaction, &claims.jti)?;
    transaction.commit()?;
    state.verifier_wake.notify_one();
    Ok(credentials::to_status(&row, &usage))
}
