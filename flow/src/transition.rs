//! `start` and `transition`: the whole flow as pure functions.

use protocol::{
    ConnectClaims, Mode, SessionInfo, SubmitCodeRequest, SubmitCredentialsRequest, TokenError,
    Utility, UtilityRef,
};

use super::effect::{CloseStatus, Effect};
use super::event::{Call, CredentialsInput, Event, LookupKey, Origin};
use super::host_event::{HostEvent, UtilitySource};
use super::status_answer::status_answer;
use super::step::{
    Choice, Ctx, Done, Failed, Failure, FailureKind, FieldErrors, Form, Legal, Lookup, Mfa,
    MfaNotice, Notice, Offline, Outcome, Picker, Prefill, Resume, Screen, Search, Step,
};
use super::validate;

/// Pause after the last keystroke before searching by name.
pub const SEARCH_PAUSE_MS: u32 = 250;
/// Shortest name worth searching for.
pub const MIN_SEARCH_LEN: usize = 2;

/// Back-off between status polls: 500 ms growing by half each time, at most 3 s.
pub fn poll_delay_ms(polls: u32) -> u32 {
    let delay = 500.0 * 1.5f64.powi(polls.min(16) as i32);
    delay.min(3000.0) as u32
}

/// The first step, decided from the token alone so that nothing waits on
/// the network: create mode shows consent, update mode the credentials form
/// of its utility, both at once while the session is checked in parallel.
/// Neither takes an action before the session's answer (`Ctx::checked`); a
/// session the server refuses replaces them with its error screen.
pub fn start(
    claims: Result<ConnectClaims, TokenError>,
    now_unix: i64,
    prefill: Prefill,
) -> (Step, Vec<Effect>) {
    let claims = match claims.and_then(|claims| claims.check_expiry(now_unix).map(|()| claims)) {
        Ok(claims) => claims,
        Err(error) => {
            let kind = match error {
                TokenError::Expired => FailureKind::ExpiredToken,
                TokenError::Malformed => FailureKind::InvalidToken,
            };
            let (step, mut effects) = fail(None, Failure::new(kind, error.to_string()), None);
            effects.push(viewed(&step));
            return (step, effects);
        }
    };
    let mut ctx = Ctx {
        mode: claims.mode,
        client_name: claims.client_name,
        logo_url: None,
        utility_credential_id: claims.utility_credential_id,
        prefill: Prefill::default(),
        outcome: None,
        windows: 0,
        submissions_left: None,
    };
    let mut effects = vec![Effect::Call(Call::LoadSession)];
    let step = match (claims.mode, claims.utility) {
        (Mode::Update, Some(utility)) => {
            if !prefill.is_empty() {
                effects.push(Effect::ReportError(Failure::new(
                    FailureKind::InvalidConfig,
                    "newCredentialData is only used in create mode; this connect token is for update mode.",
                )));
            }
            effects.push(Effect::Call(Call::Utilities(LookupKey::Details {
                id: utility.id,
                name: utility.name.clone(),
            })));
            form_step(
                ctx,
                Choice {
                    utility: utility_from_ref(utility),
                    zip: None,
                    search_query: None,
                },
                String::new(),
                String::new(),
                None,
            )
        }
        _ => {
            ctx.prefill = prefill;
            Step::Consent { ctx, legal: None }
        }
    };
    effects.push(viewed(&step));
    (step, effects)
}

/// The next step and the work to do. Total: an event that means nothing in
/// a step (a late answer, a double click) leaves the step as it is.
pub fn transition(step: &Step, event: Event) -> (Step, Vec<Effect>) {
    let (next, mut effects) = next_step(step, event);
    if next.screen() != step.screen() && next.screen() != Screen::Closed {
        effects.push(viewed(&next));
    }
    (next, effects)
}

/// Whether `step` still wants the answer to `call`; the runner also asks
/// before making a delayed call, so stale polls and searches are never sent.
pub fn awaits(step: &Step, call: &Call) -> bool {
    match (step, call) {
        (Step::Offline(offline), call) => awaits(&offline.behind, call),
        (Step::Closed | Step::Failed(_), _) => false,
        (step, Call::LoadSession) => step.ctx().is_some_and(|ctx| !ctx.checked()),
        (Step::Utility(picker), Call::Utilities(LookupKey::Zip(zip))) => {
            picker.zip == *zip && picker.results == Lookup::Loading
        }
        (Step::Utility(picker), Call::Utilities(LookupKey::Name(query))) => {
            picker.search.as_ref().is_some_and(|search| {
                search.query.trim() == query && search.results == Lookup::Loading
            })
        }
        (Step::Credentials(form), Call::Utilities(LookupKey::Details { id, .. })) => {
            form.choice.utility.id == *id
        }
        (step, call) => call
            .origin()
            .is_some_and(|origin| awaits_status(step, origin)),
    }
}

pub(crate) fn awaits_status(step: &Step, origin: Origin) -> bool {
    match (step, origin) {
        (Step::Credentials(form), Origin::Submit) => form.submitting,
        (Step::Verifying(wait), Origin::Poll { window }) => wait.window == window,
        (Step::MfaMethod(mfa), Origin::ChooseMethod) => mfa.busy,
        (Step::MfaCode(mfa), Origin::SubmitCode | Origin::Resend) => mfa.busy,
        _ => false,
    }
}

fn next_step(step: &Step, event: Event) -> (Step, Vec<Effect>) {
    match (step, event) {
        (Step::Closed, _) => stay(step),
        (_, Event::Close) => close(step, close_status(step), Vec::new()),
        (Step::Offline(offline), Event::Retry) => (
            offline.behind.clone(),
            vec![Effect::Call(offline.call.clone())],
        ),
        (Step::Offline(offline), event) => while_offline(offline, event),
        (_, Event::CallFailed { call, failure }) => call_failed(step, call, failure),
        (_, Event::Status { origin, status }) => status_answer(step, origin, status),
        (_, Event::UtilitiesLoaded { lookup, utilities }) => {
            utilities_loaded(step, lookup, utilities)
        }
        (Step::Consent { ctx, .. }, Event::SessionLoaded(session)) if !ctx.checked() => {
            consent(ctx, session)
        }
        (Step::Credentials(form), Event::SessionLoaded(session)) if !form.ctx.checked() => {
            let mut form = form.clone();
            form.ctx.submissions_left = Some(session.submissions_left);
            form.ctx.logo_url = session.logo_url;
            (Step::Credentials(form), Vec::new())
        }
        (Step::Consent { ctx, .. }, Event::Agree) if ctx.checked() => agree(ctx),
        (Step::Consent { ctx, .. }, Event::Decline) if ctx.checked() => close(
            step,
            CloseStatus::NoSubmit,
            vec![Effect::Emit(HostEvent::ConsentDeclined)],
        ),
        (Step::Utility(picker), event) => picker_event(picker, event),
        (Step::Credentials(form), Event::Submit(input)) if !form.busy() => submit(form, input),
        (Step::Credentials(form), Event::Back)
            if form.ctx.mode == Mode::Create && !form.submitting =>
        {
            back(form)
        }
        (Step::Verifying(wait), Event::WindowElapsed(window)) if window == wait.window => (
            Step::TimedOut(Done {
                ctx: wait.ctx.clone(),
                choice: wait.choice.clone(),
            }),
            vec![Effect::Emit(HostEvent::VerificationTimedOut)],
        ),
        (Step::MfaMethod(mfa), Event::ChooseMethod(method))
            if !mfa.busy && mfa.challenge.methods.contains(&method) =>
        {
            let mfa = Mfa {
                busy: true,
                notice: None,
                ..mfa.clone()
            };
            let call = Call::ChooseMethod { id: mfa.id, method };
            (
                Step::MfaMethod(mfa),
                vec![
                    Effect::Emit(HostEvent::MfaMethodSelected(method)),
                    Effect::Call(call),
                ],
            )
        }
        (Step::MfaCode(mfa), Event::SubmitCode(code)) if !mfa.busy => match validate::code(&code) {
            None => (
                Step::MfaCode(Mfa {
                    notice: Some(MfaNotice::EnterCode),
                    ..mfa.clone()
                }),
                Vec::new(),
            ),
            Some(code) => {
                // The notice goes so that a second wrong code is announced again.
                let mfa = Mfa {
                    busy: true,
                    notice: None,
                    ..mfa.clone()
                };
                let call = Call::SubmitCode {
                    id: mfa.id,
                    body: SubmitCodeRequest { code },
                };
                (
                    Step::MfaCode(mfa),
                    vec![
                        Effect::Emit(HostEvent::MfaCodeSubmitted),
                        Effect::Call(call),
                    ],
                )
            }
        },
        (Step::MfaCode(mfa), Event::ResendCode) if !mfa.busy => {
            let mfa = Mfa {
                busy: true,
                notice: None,
                ..mfa.clone()
            };
            let call = Call::Resend { id: mfa.id };
            (
                Step::MfaCode(mfa),
                vec![Effect::Emit(HostEvent::MfaCodeResent), Effect::Call(call)],
            )
        }
        (Step::Verified(_), Event::Done) => close(step, CloseStatus::Verified, Vec::new()),
        (Step::TimedOut(_), Event::Done) => close(step, CloseStatus::TimedOut, Vec::new()),
        (Step::Failed(failed), Event::TryAgain) => match &failed.retry {
            Some(resume) => resume_at(resume),
            None => stay(step),
        },
        _ => stay(step),
    }
}

pub(crate) fn stay(step: &Step) -> (Step, Vec<Effect>) {
    (step.clone(), Vec::new())
}

fn viewed(step: &Step) -> Effect {
    Effect::Emit(HostEvent::ScreenViewed(step.screen().as_str()))
}

fn utility_from_ref(utility: UtilityRef) -> Utility {
    Utility {
        id: utility.id,
        name: utility.name,
        display_name: String::new(),
        state: String::new(),
        ownership: String::new(),
        service_type: String::new(),
        needs_account_number: false,
        password_reset_url: None,
    }
}

pub(crate) fn form_step(
    ctx: Ctx,
    choice: Choice,
    username: String,
    account_number: String,
    notice: Option<Notice>,
) -> Step {
    Step::Credentials(Form {
        ctx,
        choice,
        username,
        account_number,
        notice,
        errors: FieldErrors::default(),
        submitting: false,
    })
}

/// An error screen, reported to `onError`.
fn fail(ctx: Option<Ctx>, failure: Failure, retry: Option<Resume>) -> (Step, Vec<Effect>) {
    let effects = vec![Effect::ReportError(failure.clone())];
    (
        Step::Failed(Box::new(Failed {
            failure,
            ctx,
            retry,
        })),
        effects,
    )
}

fn close(step: &Step, status: CloseStatus, mut effects: Vec<Effect>) -> (Step, Vec<Effect>) {
    let utility_credential_id = step.ctx().and_then(|ctx| ctx.utility_credential_id);
    effects.push(Effect::Emit(HostEvent::Closed(status.as_str())));
    effects.push(Effect::Close {
        status,
        utility_credential_id,
    });
    (Step::Closed, effects)
}

/// What `onClose` reports when the user (or the host) closes in `step`.
pub fn close_status(step: &Step) -> CloseStatus {
    let last_verdict = |step: &Step| match step.ctx().and_then(|ctx| ctx.outcome) {
        Some(Outcome::Rejected) => CloseStatus::Rejected,
        Some(Outcome::Error) => CloseStatus::Error,
        None => CloseStatus::NoSubmit,
    };
    match step {
        Step::Offline(offline) => close_status(&offline.behind),
        Step::Verifying(_) | Step::MfaMethod(_) | Step::MfaCode(_) => CloseStatus::Pending,
        Step::Credentials(form) if form.submitting => CloseStatus::Pending,
        Step::Verified(_) => CloseStatus::Verified,
        Step::TimedOut(_) => CloseStatus::TimedOut,
        Step::Failed(failed)
            if failed.failure.kind == FailureKind::AttemptsExhausted
                && last_verdict(step) == CloseStatus::Rejected =>
        {
            CloseStatus::Rejected
        }
        Step::Failed(_) => CloseStatus::Error,
        Step::Closed => CloseStatus::NoSubmit,
        Step::Consent { .. } | Step::Utility(_) | Step::Credentials(_) => last_verdict(step),
    }
}

/// Events reach the screen behind the offline alert; the alert goes away
/// when the screen changes or a new call replaces the one that failed.
fn while_offline(offline: &Offline, event: Event) -> (Step, Vec<Effect>) {
    let (behind, effects) = next_step(&offline.behind, event);
    let new_call = effects
        .iter()
        .any(|effect| matches!(effect, Effect::Call(_) | Effect::CallAfter { .. }));
    if new_call || behind.screen() != offline.behind.screen() || behind.is_offline() {
        return (behind, effects);
    }
    (
        Step::Offline(Box::new(Offline {
            behind,
            call: offline.call.clone(),
        })),
        effects,
    )
}

fn resume_at(resume: &Resume) -> (Step, Vec<Effect>) {
    let mut effects = Vec::new();
    let mut step = resume.step.clone();
    // A wait starts a fresh verification window: the old one may have run out.
    if let Step::Verifying(wait) = &mut step {
        wait.ctx.windows += 1;
        wait.window = wait.ctx.windows;
        effects.push(Effect::StartWindow(wait.window));
    }
    if let Some(call) = &resume.call {
        let call = match (call, &step) {
            (Call::Poll { id, .. }, Step::Verifying(wait)) => Call::Poll {
                id: *id,
                window: wait.window,
            },
            (call, _) => call.clone(),
        };
        effects.push(Effect::Call(call));
    }
    (step, effects)
}

fn call_failed(step: &Step, call: Call, failure: Failure) -> (Step, Vec<Effect>) {
    // The update-mode details lookup is a nicety: without it the form
    // simply doesn't ask for an account number.
    if !awaits(step, &call) || matches!(call, Call::Utilities(LookupKey::Details { .. })) {
        return stay(step);
    }
    let ctx = step.ctx().cloned();
    match failure.kind {
        FailureKind::Network => (
            Step::Offline(Box::new(Offline {
                behind: step.clone(),
                call,
            })),
            Vec::new(),
        ),
        FailureKind::ExpiredToken
        | FailureKind::InvalidToken
        | FailureKind::OriginNotAllowed
        | FailureKind::AttemptsExhausted => fail(ctx, failure, None),
        FailureKind::Invalid | FailureKind::LoginLocked => refused(step, call, failure),
        _ => {
            let retry = retry_for(step, call);
            fail(ctx, failure, Some(retry))
        }
    }
}

/// Where "Try again" goes after a server error during `call`: the same call
/// again, or (for calls with a secret or a choice in them) the screen the
/// user acted on, to act again.
fn retry_for(step: &Step, call: Call) -> Resume {
    let before = match step {
        Step::Credentials(form) => Some(Step::Credentials(Form {
            submitting: false,
            ..form.clone()
        })),
        Step::MfaMethod(mfa) => Some(Step::MfaMethod(Mfa {
            busy: false,
            notice: None,
            ..mfa.clone()
        })),
        Step::MfaCode(mfa) => Some(Step::MfaCode(Mfa {
            busy: false,
            notice: None,
            ..mfa.clone()
        })),
        _ => None,
    };
    match before {
        Some(step) => Resume { step, call: None },
        None if call.carries_secret() => Resume {
            step: step.clone(),
            call: None,
        },
        None => Resume {
            step: step.clone(),
            call: Some(call),
        },
    }
}

/// A 400/422: the request itself was refused.
fn refused(step: &Step, call: Call, failure: Failure) -> (Step, Vec<Effect>) {
    match (step, &call) {
        (Step::Utility(picker), Call::Utilities(LookupKey::Zip(_))) => {
            let picker = Picker {
                results: Lookup::Done(Vec::new()),
                selected: None,
                ..picker.clone()
            };
            (Step::Utility(picker), Vec::new())
        }
        (Step::Utility(picker), Call::Utilities(LookupKey::Name(_))) => {
            let mut picker = picker.clone();
            if let Some(search) = &mut picker.search {
                search.results = Lookup::Done(Vec::new());
            }
            (Step::Utility(picker), Vec::new())
        }
        (Step::Credentials(form), Call::Submit(_)) => (
            Step::Credentials(Form {
                submitting: false,
                notice: Some(if failure.kind == FailureKind::LoginLocked {
                    Notice::LoginLocked
                } else {
                    Notice::NotAccepted
                }),
                ..form.clone()
            }),
            Vec::new(),
        ),
        (Step::MfaCode(mfa), Call::SubmitCode { .. }) => (
            Step::MfaCode(Mfa {
                busy: false,
                notice: Some(MfaNotice::EnterCode),
                ..mfa.clone()
            }),
            Vec::new(),
        ),
        _ => {
            let retry = retry_for(step, call);
            fail(
                step.ctx().cloned(),
                Failure {
                    kind: FailureKind::Server,
                    ..failure
                },
                Some(retry),
            )
        }
    }
}

fn consent(ctx: &Ctx, session: SessionInfo) -> (Step, Vec<Effect>) {
    let ctx = Ctx {
        submissions_left: Some(session.submissions_left),
        logo_url: session.logo_url,
        ..ctx.clone()
    };
    (
        Step::Consent {
            ctx,
            legal: Some(Legal {
                terms_url: session.terms_url,
                privacy_url: session.privacy_url,
            }),
        },
        Vec::new(),
    )
}

fn agree(ctx: &Ctx) -> (Step, Vec<Effect>) {
    let zip = ctx.prefill.zip.clone().unwrap_or_default();
    let prefer = ctx.prefill.utility_id;
    let mut effects = vec![Effect::Emit(HostEvent::ConsentAccepted)];
    let picker = picker_at(ctx.clone(), zip, prefer, &mut effects);
    (Step::Utility(picker), effects)
}

/// A picker for `zip`, looking it up when it is a zip.
fn picker_at(ctx: Ctx, zip: String, prefer: Option<u32>, effects: &mut Vec<Effect>) -> Picker {
    let results = if validate::is_zip(&zip) {
        effects.push(Effect::Call(Call::Utilities(LookupKey::Zip(zip.clone()))));
        Lookup::Loading
    } else {
        Lookup::Idle
    };
    Picker {
        ctx,
        zip,
        results,
        selected: None,
        prefer,
        search: None,
    }
}

fn picker_event(picker: &Picker, event: Event) -> (Step, Vec<Effect>) {
    let mut picker = picker.clone();
    let mut effects = Vec::new();
    match event {
        Event::ZipChanged(zip) if zip != picker.zip => {
            picker = picker_at(picker.ctx, zip, picker.prefer, &mut effects);
        }
        Event::SelectUtility(id) => {
            let (list, selected) = match &mut picker.search {
                Some(search) => (&search.results, &mut search.selected),
                None => (&picker.results, &mut picker.selected),
            };
            if !list.utilities().iter().any(|utility| utility.id == id) {
                return (Step::Utility(picker), effects);
            }
            *selected = Some(id);
        }
        Event::OpenSearch if picker.search.is_none() => {
            picker.search = Some(Search::default());
            effects.push(Effect::Emit(HostEvent::UtilitySearchOpened));
        }
        Event::CloseSearch => picker.search = None,
        Event::SearchChanged(query) => {
            let Some(search) = &mut picker.search else {
                return (Step::Utility(picker), effects);
            };
            if search.query == query {
                return (Step::Utility(picker), effects);
            }
            search.query = query;
            search.selected = None;
            let key = search.query.trim();
            if key.chars().count() >= MIN_SEARCH_LEN {
                search.results = Lookup::Loading;
                let call = Call::Utilities(LookupKey::Name(key.to_string()));
                effects.push(Effect::CallAfter {
                    call,
                    delay_ms: SEARCH_PAUSE_MS,
                });
            } else {
                search.results = Lookup::Idle;
            }
        }
        Event::UtilityMissing => {
            let source = if picker.search.is_some() {
                UtilitySource::Search
            } else {
                UtilitySource::Zip
            };
            let step = Step::Utility(picker);
            return close(
                &step,
                CloseStatus::NoSubmit,
                vec![Effect::Emit(HostEvent::UtilityNotListed { source })],
            );
        }
        Event::ContinueWithUtility => {
            let Some((utility, from_search)) = picker.chosen().map(|(u, s)| (u.clone(), s)) else {
                return (Step::Utility(picker), effects);
            };
            let source = if from_search {
                UtilitySource::Search
            } else {
                UtilitySource::Zip
            };
            effects.push(Effect::Emit(HostEvent::UtilitySelected {
                utility_id: utility.id,
                source,
            }));
            let zip = validate::is_zip(&picker.zip).then(|| picker.zip.clone());
            let search_query = picker
                .search
                .as_ref()
                .filter(|_| from_search)
                .map(|search| search.query.clone());
            let choice = Choice {
                utility,
                zip,
                search_query,
            };
            return (
                form_step(picker.ctx, choice, String::new(), String::new(), None),
                effects,
            );
        }
        _ => {}
    }
    (Step::Utility(picker), effects)
}

fn utilities_loaded(
    step: &Step,
    lookup: LookupKey,
    utilities: Vec<Utility>,
) -> (Step, Vec<Effect>) {
    if !awaits(step, &Call::Utilities(lookup.clone())) {
        return stay(step);
    }
    match (step, lookup) {
        (Step::Utility(picker), LookupKey::Zip(_)) => {
            let mut picker = picker.clone();
            let listed = |id: &u32| utilities.iter().any(|utility| utility.id == *id);
            picker.selected = picker
                .prefer
                .filter(listed)
                .or_else(|| utilities.first().map(|utility| utility.id));
            picker.results = Lookup::Done(utilities);
            (Step::Utility(picker), Vec::new())
        }
        (Step::Utility(picker), LookupKey::Name(_)) => {
            let mut picker = picker.clone();
            if let Some(search) = &mut picker.search {
                let listed = |id: &u32| utilities.iter().any(|utility| utility.id == *id);
                search.selected = search.prefer.filter(listed);
                search.results = Lookup::Done(utilities);
            }
            (Step::Utility(picker), Vec::new())
        }
        (Step::Credentials(form), LookupKey::Details { id, .. }) => {
            let mut form = form.clone();
            if let Some(utility) = utilities.into_iter().find(|utility| utility.id == id) {
                form.choice.utility = utility;
            }
            (Step::Credentials(form), Vec::new())
        }
        _ => stay(step),
    }
}

fn submit(form: &Form, input: CredentialsInput) -> (Step, Vec<Effect>) {
    let needs_account_number = form.choice.utility.needs_account_number;
    let errors = FieldErrors {
        username: input.username.trim().is_empty(),
        password: input.password.is_empty(),
        account_number: needs_account_number && input.account_number.trim().is_empty(),
    };
    if errors.any() {
        let form = Form {
            username: input.username,
            account_number: input.account_number,
            errors,
            ..form.clone()
        };
        return (Step::Credentials(form), Vec::new());
    }
    let request = SubmitCredentialsRequest {
        utility_id: Some(form.choice.utility.id),
        zip: form.choice.zip.clone(),
        username: input.username.clone(),
        password: input.password,
        account_number: needs_account_number.then(|| input.account_number.clone()),
    };
    let form = Form {
        username: input.username,
        account_number: input.account_number,
        notice: None,
        errors: FieldErrors::default(),
        submitting: true,
        ..form.clone()
    };
    (
        Step::Credentials(form),
        vec![Effect::Call(Call::Submit(request))],
    )
}

/// Back to where the utility was picked: the zip's list, or the search
/// with what was typed in it.
fn back(form: &Form) -> (Step, Vec<Effect>) {
    let mut effects = Vec::new();
    let zip = form.choice.zip.clone().unwrap_or_default();
    let chosen = form.choice.utility.id;
    let mut picker = picker_at(form.ctx.clone(), zip, Some(chosen), &mut effects);
    if let Some(query) = &form.choice.search_query {
        let key = query.trim();
        let results = if key.chars().count() >= MIN_SEARCH_LEN {
            effects.push(Effect::Call(Call::Utilities(LookupKey::Name(
                key.to_string(),
            ))));
            Lookup::Loading
        } else {
            Lookup::Idle
        };
        picker.search = Some(Search {
            query: query.clone(),
            results,
            selected: None,
            prefer: Some(chosen),
        });
    }
    (Step::Utility(picker), effects)
}

#[cfg(test)]
#[path = "transition_tests.rs"]
mod tests;
