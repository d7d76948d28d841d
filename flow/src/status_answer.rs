//! A `ConnectStatus` answer to a submission, a poll or an MFA request, one
//! function per verdict.

use protocol::{ConnectStatus, MfaChallenge, VerificationStatus};

use super::effect::Effect;
use super::event::{Call, Origin};
use super::host_event::HostEvent;
use super::step::{
    Choice, Ctx, Done, Failed, Failure, FailureKind, Mfa, MfaNotice, Notice, Outcome, Resume, Step,
    Wait,
};
use super::transition::{awaits_status, form_step, poll_delay_ms, stay};

/// What a waiting step carries into whichever step the answer leads to.
struct Answered {
    ctx: Ctx,
    choice: Choice,
    username: String,
    account_number: String,
    id: i64,
    /// The answer came while a code was asked for.
    in_mfa: bool,
}

impl Answered {
    fn form(self, notice: Option<Notice>) -> Step {
        form_step(
            self.ctx,
            self.choice,
            self.username,
            self.account_number,
            notice,
        )
    }
}

pub(crate) fn status_answer(
    step: &Step,
    origin: Origin,
    status: ConnectStatus,
) -> (Step, Vec<Effect>) {
    if !awaits_status(step, origin) {
        return stay(step);
    }
    let (mut ctx, choice, username, account_number) = match step {
        Step::Credentials(form) => (
            form.ctx.clone(),
            form.choice.clone(),
            form.username.clone(),
            form.account_number.clone(),
        ),
        Step::Verifying(wait) => (
            wait.ctx.clone(),
            wait.choice.clone(),
            wait.username.clone(),
            wait.account_number.clone(),
        ),
        Step::MfaMethod(mfa) | Step::MfaCode(mfa) => (
            mfa.ctx.clone(),
            mfa.choice.clone(),
            mfa.username.clone(),
            mfa.account_number.clone(),
        ),
        _ => return stay(step),
    };
    let id = status.utility_credential_id;
    ctx.utility_credential_id = Some(id);
    ctx.submissions_left = Some(status.submissions_left);
    let answered = Answered {
        ctx,
        choice,
        username,
        account_number,
        id,
        in_mfa: matches!(step, Step::MfaMethod(_) | Step::MfaCode(_)),
    };
    let mut effects = Vec::new();
    if origin == Origin::Submit {
        effects.push(Effect::CredentialsSubmitted(id));
        effects.push(Effect::Emit(HostEvent::CredentialsSubmitted {
            utility_credential_id: id,
        }));
    }
    let next = match status.verification_status {
        VerificationStatus::Verified => verified(answered, &mut effects),
        VerificationStatus::Rejected => rejected(answered, status.submissions_left, &mut effects),
        VerificationStatus::Error | VerificationStatus::Revoked => {
            not_checked(answered, &mut effects)
        }
        VerificationStatus::Pending => match status.mfa {
            Some(challenge) => code_asked(answered, origin, challenge, &mut effects),
            None => still_pending(answered, step, &mut effects),
        },
    };
    (next, effects)
}

fn verified(answered: Answered, effects: &mut Vec<Effect>) -> Step {
    effects.push(Effect::Emit(HostEvent::VerificationSucceeded));
    Step::Verified(Done {
        ctx: answered.ctx,
        choice: answered.choice,
    })
}

/// Back to the form with the reason, or to the end when no submission is left.
fn rejected(mut answered: Answered, submissions_left: u8, effects: &mut Vec<Effect>) -> Step {
    answered.ctx.outcome = Some(Outcome::Rejected);
    effects.push(Effect::Emit(HostEvent::VerificationRejected));
    if submissions_left == 0 {
        let failure = Failure::new(
            FailureKind::AttemptsExhausted,
            "No login attempts are left on this connect token.",
        );
        effects.push(Effect::ReportError(failure.clone()));
        return Step::Failed(Box::new(Failed {
            failure,
            ctx: Some(answered.ctx),
            retry: None,
        }));
    }
    let notice = if answered.in_mfa {
        Notice::CodesUsedUp
    } else {
        Notice::Rejected
    };
    answered.form(Some(notice))
}

/// The utility could not check the login: an error screen whose "Try
/// again" goes back to the form.
fn not_checked(mut answered: Answered, effects: &mut Vec<Effect>) -> Step {
    answered.ctx.outcome = Some(Outcome::Error);
    effects.push(Effect::Emit(HostEvent::VerificationError));
    let ctx = answered.ctx.clone();
    let retry = Resume {
        step: answered.form(None),
        call: None,
    };
    let failure = Failure::new(
        FailureKind::Utility,
        "The utility could not check these login details.",
    );
    Step::Failed(Box::new(Failed {
        failure,
        ctx: Some(ctx),
        retry: Some(retry),
    }))
}

/// The utility wants a one-time code: choose where to send it, or type it.
fn code_asked(
    answered: Answered,
    origin: Origin,
    challenge: MfaChallenge,
    effects: &mut Vec<Effect>,
) -> Step {
    if !answered.in_mfa {
        effects.push(Effect::Emit(HostEvent::MfaRequested));
    }
    let notice = match origin {
        Origin::SubmitCode if challenge.last_code_rejected => {
            let attempts_left = challenge.code_attempts_left;
            effects.push(Effect::Emit(HostEvent::MfaCodeRejected { attempts_left }));
            Some(MfaNotice::WrongCode)
        }
        Origin::Resend => Some(MfaNotice::CodeResent),
        _ => None,
    };
    let has_method = challenge.method.is_some();
    let mfa = Mfa {
        ctx: answered.ctx,
        choice: answered.choice,
        id: answered.id,
        challenge,
        busy: false,
        notice,
        username: answered.username,
        account_number: answered.account_number,
    };
    if has_method {
        Step::MfaCode(mfa)
    } else {
        Step::MfaMethod(mfa)
    }
}

/// No verdict yet: poll again, with back-off inside the current window.
fn still_pending(mut answered: Answered, step: &Step, effects: &mut Vec<Effect>) -> Step {
    let (window, polls) = match step {
        Step::Verifying(wait) => (wait.window, wait.polls + 1),
        // Accepted (a submission or a code): a fresh window for the verdict.
        _ => {
            answered.ctx.windows += 1;
            effects.push(Effect::StartWindow(answered.ctx.windows));
            (answered.ctx.windows, 0)
        }
    };
    effects.push(Effect::CallAfter {
        call: Call::Poll {
            id: answered.id,
            window,
        },
        delay_ms: poll_delay_ms(polls),
    });
    Step::Verifying(Wait {
        ctx: answered.ctx,
        choice: answered.choice,
        id: answered.id,
        polls,
        window,
        username: answered.username,
        account_number: answered.account_number,
    })
}
