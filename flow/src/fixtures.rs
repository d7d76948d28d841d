//! Fixtures for the transition table tests: one value per step the flow can
//! be in, and `describe`, the compact spelling the tables compare effects in
//! (`call:submit`, `emit:screen_viewed:consent`, `close:pending:7`).

use protocol::{
    ConnectClaims, ConnectStatus, MfaChallenge, MfaMethod, Mode, SessionInfo,
    SubmitCredentialsRequest, Utility, UtilityRef, VerificationStatus,
};

use crate::*;

pub(crate) fn claims(mode: Mode, exp: i64) -> ConnectClaims {
    let update = mode == Mode::Update;
    ConnectClaims {
        v: 1,
        typ: "connect".into(),
        mode,
        client_id: "cl".into(),
        client_name: "Demo Energy App".into(),
        client_user_id: (!update).then(|| "u".into()),
        utility_credential_id: update.then_some(77),
        utility: update.then(|| UtilityRef {
            id: 4226,
            name: "Consolidated Edison".into(),
        }),
        iat: 0,
        exp,
        jti: "j".into(),
    }
}

pub(crate) fn session() -> SessionInfo {
    SessionInfo {
        mode: Mode::Create,
        client_name: "Demo Energy App".into(),
        logo_url: None,
        utility: None,
        utility_credential_id: None,
        submissions_left: 5,
        terms_url: "/t".into(),
        privacy_url: "/p".into(),
    }
}

pub(crate) fn ctx() -> Ctx {
    Ctx {
        mode: Mode::Create,
        client_name: "Demo Energy App".into(),
        logo_url: None,
        utility_credential_id: None,
        prefill: Prefill::default(),
        outcome: None,
        windows: 0,
        submissions_left: Some(5),
    }
}

pub(crate) fn update_ctx() -> Ctx {
    Ctx {
        mode: Mode::Update,
        utility_credential_id: Some(77),
        ..ctx()
    }
}

pub(crate) fn utility(id: u32, name: &str) -> Utility {
    Utility {
        id,
        name: name.into(),
        display_name: String::new(),
        state: "NY".into(),
        ownership: "Investor Owned".into(),
        service_type: "Bundled".into(),
        needs_account_number: false,
        password_reset_url: None,
    }
}

pub(crate) fn coned() -> Utility {
    utility(4226, "Consolidated Edison")
}

pub(crate) fn choice() -> Choice {
    Choice {
        utility: coned(),
        zip: Some("10001".into()),
        search_query: None,
    }
}

/// Consent as first drawn from the claims, the session not yet answered.
pub(crate) fn unchecked_consent() -> Step {
    Step::Consent {
        ctx: Ctx {
            submissions_left: None,
            ..ctx()
        },
        legal: None,
    }
}

pub(crate) fn consent() -> Step {
    Step::Consent {
        ctx: ctx(),
        legal: Some(Legal {
            terms_url: "/t".into(),
            privacy_url: "/p".into(),
        }),
    }
}

pub(crate) fn picker() -> Picker {
    Picker {
        ctx: ctx(),
        zip: String::new(),
        results: Lookup::Idle,
        selected: None,
        prefer: None,
        search: None,
    }
}

pub(crate) fn picker_loading(zip: &str) -> Step {
    Step::Utility(Picker {
        zip: zip.into(),
        results: Lookup::Loading,
        ..picker()
    })
}

pub(crate) fn picker_found() -> Step {
    Step::Utility(Picker {
        zip: "10001".into(),
        results: Lookup::Done(vec![coned(), utility(1, "Other Power")]),
        selected: Some(4226),
        ..picker()
    })
}

pub(crate) fn searching(query: &str, results: Lookup) -> Step {
    Step::Utility(Picker {
        zip: "99999".into(),
        results: Lookup::Done(Vec::new()),
        search: Some(Search {
            query: query.into(),
            results,
            selected: None,
            prefer: None,
        }),
        ..picker()
    })
}

pub(crate) fn form_with(ctx: Ctx) -> Form {
    Form {
        ctx,
        choice: choice(),
        username: String::new(),
        account_number: String::new(),
        notice: None,
        errors: FieldErrors::default(),
        submitting: false,
    }
}

pub(crate) fn form() -> Step {
    Step::Credentials(form_with(ctx()))
}

pub(crate) fn input(username: &str, password: &str) -> CredentialsInput {
    CredentialsInput {
        username: username.into(),
        password: password.into(),
        account_number: String::new(),
    }
}

/// Sent, waiting for the API to accept the submission.
pub(crate) fn submitting() -> Step {
    Step::Credentials(Form {
        username: "ada".into(),
        submitting: true,
        ..form_with(ctx())
    })
}

pub(crate) fn polling(polls: u32) -> Step {
    Step::Verifying(Wait {
        ctx: Ctx {
            windows: 1,
            utility_credential_id: Some(7),
            ..ctx()
        },
        choice: choice(),
        id: 7,
        polls,
        window: 1,
        username: "ada".into(),
        account_number: String::new(),
    })
}

pub(crate) fn challenge(method: Option<MfaMethod>) -> MfaChallenge {
    MfaChallenge {
        methods: vec![MfaMethod::Sms, MfaMethod::Email],
        method,
        destination: method.map(|_| "•••-•••-0142".into()),
        destinations: Vec::new(),
        code_attempts_left: 5,
        last_code_rejected: false,
    }
}

pub(crate) fn mfa(method: Option<MfaMethod>, busy: bool) -> Mfa {
    Mfa {
        ctx: Ctx {
            windows: 1,
            utility_credential_id: Some(7),
            ..ctx()
        },
        choice: choice(),
        id: 7,
        challenge: challenge(method),
        busy,
        notice: None,
        username: "ada".into(),
        account_number: String::new(),
    }
}

pub(crate) fn status(
    verification_status: VerificationStatus,
    mfa: Option<MfaChallenge>,
) -> ConnectStatus {
    ConnectStatus {
        utility_credential_id: 7,
        verification_status,
        mfa,
        submissions_left: 4,
    }
}

pub(crate) fn answer(origin: Origin, verification_status: VerificationStatus) -> Event {
    Event::Status {
        origin,
        status: status(verification_status, None),
    }
}

pub(crate) fn failure(kind: FailureKind) -> Failure {
    Failure::new(kind, "x")
}

pub(crate) fn failed_call(call: Call, kind: FailureKind) -> Event {
    Event::CallFailed {
        call,
        failure: failure(kind),
    }
}

pub(crate) fn submit_call() -> Call {
    Call::Submit(SubmitCredentialsRequest {
        utility_id: Some(4226),
        zip: Some("10001".into()),
        username: "ada".into(),
        password: "verified".into(),
        account_number: None,
    })
}

pub(crate) fn done(verified: bool) -> Step {
    let done = Done {
        ctx: Ctx {
            utility_credential_id: Some(7),
            ..ctx()
        },
        choice: choice(),
    };
    if verified {
        Step::Verified(done)
    } else {
        Step::TimedOut(done)
    }
}

pub(crate) fn server_error_with_retry(resume: Step, call: Option<Call>) -> Step {
    Step::Failed(Box::new(Failed {
        failure: failure(FailureKind::Server),
        ctx: resume.ctx().cloned(),
        retry: Some(Resume { step: resume, call }),
    }))
}

pub(crate) fn offline(behind: Step, call: Call) -> Step {
    Step::Offline(Box::new(Offline { behind, call }))
}

pub(crate) fn call_name(call: &Call) -> String {
    match call {
        Call::LoadSession => "session".into(),
        Call::Utilities(LookupKey::Zip(zip)) => format!("zip:{zip}"),
        Call::Utilities(LookupKey::Name(name)) => format!("name:{name}"),
        Call::Utilities(LookupKey::Details { id, .. }) => format!("details:{id}"),
        Call::Submit(_) => "submit".into(),
        Call::Poll { id, window } => format!("poll:{id}/{window}"),
        Call::ChooseMethod { method, .. } => format!("method:{method:?}"),
        Call::SubmitCode { .. } => "code".into(),
        Call::Resend { .. } => "resend".into(),
    }
}

pub(crate) fn describe(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .map(|effect| match effect {
            Effect::Call(call) => format!("call:{}", call_name(call)),
            Effect::CallAfter { call, delay_ms } => format!("after{delay_ms}:{}", call_name(call)),
            Effect::StartWindow(window) => format!("window:{window}"),
            Effect::CredentialsSubmitted(id) => format!("submitted:{id}"),
            Effect::Emit(event) => {
                let mut text = format!("emit:{}", event.name());
                for (_, value) in event.metadata() {
                    match value {
                        MetaValue::Str(s) => text.push_str(&format!(":{s}")),
                        MetaValue::Num(n) => text.push_str(&format!(":{n}")),
                    }
                }
                text
            }
            Effect::ReportError(failure) => format!("error:{}", failure.kind.as_str()),
            Effect::Close {
                status,
                utility_credential_id,
            } => match utility_credential_id {
                Some(id) => format!("close:{}:{id}", status.as_str()),
                None => format!("close:{}", status.as_str()),
            },
        })
        .collect()
}
