//! Table tests: every `(step, event)` pair the flow acts on, and the stale
//! ones it must ignore. Effects are compared through `describe`, a compact
//! spelling (`call:submit`, `emit:screen_viewed:consent`, `close:pending:7`).

use super::*;
// Named, so that the fixture wins over the private `transition::consent`.
use crate::fixtures::{consent, *};
use protocol::{ConnectStatus, MfaChallenge, MfaMethod, VerificationStatus};

/// Every transition the flow makes, as `(name, from, event, screen after, effects)`.
#[test]
fn transition_table() {
    use Screen as S;
    let verified = VerificationStatus::Verified;
    let pending = VerificationStatus::Pending;
    let rejected = VerificationStatus::Rejected;
    let cases: Vec<(&str, Step, Event, Screen, Vec<&str>)> = vec![
        // Consent drawn from the claims, the session being checked
        (
            "session confirms the consent already shown",
            unchecked_consent(),
            Event::SessionLoaded(session()),
            S::Consent,
            vec![],
        ),
        (
            "agree before the session answered",
            unchecked_consent(),
            Event::Agree,
            S::Consent,
            vec![],
        ),
        (
            "decline before the session answered",
            unchecked_consent(),
            Event::Decline,
            S::Consent,
            vec![],
        ),
        (
            "session refused",
            unchecked_consent(),
            failed_call(Call::LoadSession, FailureKind::InvalidToken),
            S::InvalidToken,
            vec![
                "error:invalid_connect_token",
                "emit:screen_viewed:invalid_token",
            ],
        ),
        (
            "page origin not registered for the client: its own dead end, not a bad token",
            unchecked_consent(),
            failed_call(Call::LoadSession, FailureKind::OriginNotAllowed),
            S::OriginNotAllowed,
            vec![
                "error:origin_not_allowed",
                "emit:screen_viewed:origin_not_allowed",
            ],
        ),
        (
            "session expired",
            unchecked_consent(),
            failed_call(Call::LoadSession, FailureKind::ExpiredToken),
            S::SessionExpired,
            vec![
                "error:connect_token_expired",
                "emit:screen_viewed:session_expired",
            ],
        ),
        (
            "session 5xx",
            unchecked_consent(),
            failed_call(Call::LoadSession, FailureKind::Server),
            S::Error,
            vec!["error:server_error", "emit:screen_viewed:error"],
        ),
        (
            "session offline",
            unchecked_consent(),
            failed_call(Call::LoadSession, FailureKind::Network),
            S::Consent,
            vec![],
        ),
        (
            "close before the session answered",
            unchecked_consent(),
            Event::Close,
            S::Closed,
            vec!["emit:closed:no_submit", "close:no_submit"],
        ),
        // Consent
        (
            "agree",
            consent(),
            Event::Agree,
            S::Utility,
            vec!["emit:consent_accepted", "emit:screen_viewed:utility"],
        ),
        (
            "decline",
            consent(),
            Event::Decline,
            S::Closed,
            vec![
                "emit:consent_declined",
                "emit:closed:no_submit",
                "close:no_submit",
            ],
        ),
        (
            "stale session on consent",
            consent(),
            Event::SessionLoaded(session()),
            S::Consent,
            vec![],
        ),
        // Utility
        (
            "zip typed",
            Step::Utility(picker()),
            Event::ZipChanged("10001".into()),
            S::Utility,
            vec!["call:zip:10001"],
        ),
        (
            "partial zip",
            Step::Utility(picker()),
            Event::ZipChanged("100".into()),
            S::Utility,
            vec![],
        ),
        (
            "zip answer",
            picker_loading("10001"),
            Event::UtilitiesLoaded {
                lookup: LookupKey::Zip("10001".into()),
                utilities: vec![coned()],
            },
            S::Utility,
            vec![],
        ),
        (
            "zip 5xx",
            picker_loading("10001"),
            failed_call(
                Call::Utilities(LookupKey::Zip("10001".into())),
                FailureKind::Server,
            ),
            S::Error,
            vec!["error:server_error", "emit:screen_viewed:error"],
        ),
        (
            "zip offline",
            picker_loading("10001"),
            failed_call(
                Call::Utilities(LookupKey::Zip("10001".into())),
                FailureKind::Network,
            ),
            S::Utility,
            vec![],
        ),
        (
            "select",
            picker_found(),
            Event::SelectUtility(1),
            S::Utility,
            vec![],
        ),
        (
            "open search",
            picker_found(),
            Event::OpenSearch,
            S::Utility,
            vec!["emit:utility_search_opened"],
        ),
        (
            "search typed",
            searching("", Lookup::Idle),
            Event::SearchChanged("con".into()),
            S::Utility,
            vec!["after250:name:con"],
        ),
        (
            "search too short",
            searching("", Lookup::Idle),
            Event::SearchChanged("c".into()),
            S::Utility,
            vec![],
        ),
        (
            "search answer",
            searching("con", Lookup::Loading),
            Event::UtilitiesLoaded {
                lookup: LookupKey::Name("con".into()),
                utilities: vec![coned()],
            },
            S::Utility,
            vec![],
        ),
        (
            "close search",
            searching("con", Lookup::Idle),
            Event::CloseSearch,
            S::Utility,
            vec![],
        ),
        (
            "continue from zip",
            picker_found(),
            Event::ContinueWithUtility,
            S::Credentials,
            vec![
                "emit:utility_selected:4226:zip",
                "emit:screen_viewed:credentials",
            ],
        ),
        (
            "continue with nothing chosen",
            Step::Utility(picker()),
            Event::ContinueWithUtility,
            S::Utility,
            vec![],
        ),
        (
            "utility missing from the zip's list",
            picker_found(),
            Event::UtilityMissing,
            S::Closed,
            vec![
                "emit:utility_not_listed:zip",
                "emit:closed:no_submit",
                "close:no_submit",
            ],
        ),
        (
            "utility missing from the search",
            searching("zzz", Lookup::Done(Vec::new())),
            Event::UtilityMissing,
            S::Closed,
            vec![
                "emit:utility_not_listed:search",
                "emit:closed:no_submit",
                "close:no_submit",
            ],
        ),
        (
            "close on utility",
            picker_found(),
            Event::Close,
            S::Closed,
            vec!["emit:closed:no_submit", "close:no_submit"],
        ),
        // Credentials
        (
            "submit",
            form(),
            Event::Submit(input("ada", "verified")),
            S::Credentials,
            vec!["call:submit"],
        ),
        (
            "submit with blanks",
            form(),
            Event::Submit(input(" ", "")),
            S::Credentials,
            vec![],
        ),
        (
            "back",
            form(),
            Event::Back,
            S::Utility,
            vec!["call:zip:10001", "emit:screen_viewed:utility"],
        ),
        (
            "no back in update mode",
            Step::Credentials(form_with(update_ctx())),
            Event::Back,
            S::Credentials,
            vec![],
        ),
        (
            "close before submit",
            form(),
            Event::Close,
            S::Closed,
            vec!["emit:closed:no_submit", "close:no_submit"],
        ),
        (
            "double submit",
            submitting(),
            Event::Submit(input("ada", "verified")),
            S::Credentials,
            vec![],
        ),
        (
            "back while submitting",
            submitting(),
            Event::Back,
            S::Credentials,
            vec![],
        ),
        (
            "submitted, pending",
            submitting(),
            answer(Origin::Submit, pending),
            S::Verifying,
            vec![
                "submitted:7",
                "emit:credentials_submitted:7",
                "window:1",
                "after500:poll:7/1",
                "emit:screen_viewed:verifying",
            ],
        ),
        // Verifying
        (
            "submitted, verified at once",
            submitting(),
            answer(Origin::Submit, verified),
            S::Verified,
            vec![
                "submitted:7",
                "emit:credentials_submitted:7",
                "emit:verification_succeeded",
                "emit:screen_viewed:verified",
            ],
        ),
        (
            "poll pending",
            polling(0),
            answer(Origin::Poll { window: 1 }, pending),
            S::Verifying,
            vec!["after750:poll:7/1"],
        ),
        (
            "poll verified",
            polling(2),
            answer(Origin::Poll { window: 1 }, verified),
            S::Verified,
            vec!["emit:verification_succeeded", "emit:screen_viewed:verified"],
        ),
        (
            "poll rejected",
            polling(2),
            answer(Origin::Poll { window: 1 }, rejected),
            S::Credentials,
            vec![
                "emit:verification_rejected",
                "emit:screen_viewed:credentials",
            ],
        ),
        (
            "poll error",
            polling(2),
            answer(Origin::Poll { window: 1 }, VerificationStatus::Error),
            S::Error,
            vec!["emit:verification_error", "emit:screen_viewed:error"],
        ),
        (
            "poll revoked",
            polling(2),
            answer(Origin::Poll { window: 1 }, VerificationStatus::Revoked),
            S::Error,
            vec!["emit:verification_error", "emit:screen_viewed:error"],
        ),
        (
            "poll asks for mfa",
            polling(0),
            Event::Status {
                origin: Origin::Poll { window: 1 },
                status: status(pending, Some(challenge(None))),
            },
            S::MfaMethod,
            vec!["emit:mfa_requested", "emit:screen_viewed:mfa_method"],
        ),
        (
            "stale poll of an older window",
            polling(0),
            answer(Origin::Poll { window: 0 }, verified),
            S::Verifying,
            vec![],
        ),
        (
            "window runs out",
            polling(3),
            Event::WindowElapsed(1),
            S::TimedOut,
            vec![
                "emit:verification_timed_out",
                "emit:screen_viewed:timed_out",
            ],
        ),
        (
            "older window ignored",
            polling(3),
            Event::WindowElapsed(0),
            S::Verifying,
            vec![],
        ),
        (
            "close while verifying",
            polling(0),
            Event::Close,
            S::Closed,
            vec!["emit:closed:pending", "close:pending:7"],
        ),
        (
            "close while submitting",
            submitting(),
            Event::Close,
            S::Closed,
            vec!["emit:closed:pending", "close:pending"],
        ),
        (
            "submit refused (422)",
            submitting(),
            failed_call(submit_call(), FailureKind::Invalid),
            S::Credentials,
            vec![],
        ),
        (
            "submit refused: login locked (429)",
            submitting(),
            failed_call(submit_call(), FailureKind::LoginLocked),
            S::Credentials,
            vec![],
        ),
        (
            "submit exhausted (429)",
            submitting(),
            failed_call(submit_call(), FailureKind::AttemptsExhausted),
            S::AttemptsExhausted,
            vec![
                "error:attempts_exhausted",
                "emit:screen_viewed:attempts_exhausted",
            ],
        ),
        (
            "submit 5xx",
            submitting(),
            failed_call(submit_call(), FailureKind::Server),
            S::Error,
            vec!["error:server_error", "emit:screen_viewed:error"],
        ),
        (
            "submit offline",
            submitting(),
            failed_call(submit_call(), FailureKind::Network),
            S::Credentials,
            vec![],
        ),
        (
            "poll offline",
            polling(1),
            failed_call(Call::Poll { id: 7, window: 1 }, FailureKind::Network),
            S::Verifying,
            vec![],
        ),
        // MFA
        (
            "choose sms",
            Step::MfaMethod(mfa(None, false)),
            Event::ChooseMethod(MfaMethod::Sms),
            S::MfaMethod,
            vec!["emit:mfa_method_selected:sms", "call:method:Sms"],
        ),
        (
            "choose twice",
            Step::MfaMethod(mfa(None, true)),
            Event::ChooseMethod(MfaMethod::Sms),
            S::MfaMethod,
            vec![],
        ),
        (
            "method chosen, code sent",
            Step::MfaMethod(mfa(None, true)),
            Event::Status {
                origin: Origin::ChooseMethod,
                status: status(pending, Some(challenge(Some(MfaMethod::Sms)))),
            },
            S::MfaCode,
            vec!["emit:screen_viewed:mfa_code"],
        ),
        (
            "code submitted",
            Step::MfaCode(mfa(Some(MfaMethod::Sms), false)),
            Event::SubmitCode("123456".into()),
            S::MfaCode,
            vec!["emit:mfa_code_submitted", "call:code"],
        ),
        (
            "code twice",
            Step::MfaCode(mfa(Some(MfaMethod::Sms), true)),
            Event::SubmitCode("123456".into()),
            S::MfaCode,
            vec![],
        ),
        (
            "empty code",
            Step::MfaCode(mfa(Some(MfaMethod::Sms), false)),
            Event::SubmitCode("".into()),
            S::MfaCode,
            vec![],
        ),
        (
            "wrong code",
            Step::MfaCode(mfa(Some(MfaMethod::Sms), true)),
            Event::Status {
                origin: Origin::SubmitCode,
                status: status(
                    pending,
                    Some(MfaChallenge {
                        code_attempts_left: 4,
                        last_code_rejected: true,
                        ..challenge(Some(MfaMethod::Sms))
                    }),
                ),
            },
            S::MfaCode,
            vec!["emit:mfa_code_rejected:4"],
        ),
        (
            "right code, then wait",
            Step::MfaCode(mfa(Some(MfaMethod::Sms), true)),
            answer(Origin::SubmitCode, pending),
            S::Verifying,
            vec![
                "window:2",
                "after500:poll:7/2",
                "emit:screen_viewed:verifying",
            ],
        ),
        (
            "right code, verified",
            Step::MfaCode(mfa(Some(MfaMethod::Sms), true)),
            answer(Origin::SubmitCode, verified),
            S::Verified,
            vec!["emit:verification_succeeded", "emit:screen_viewed:verified"],
        ),
        (
            "codes used up",
            Step::MfaCode(mfa(Some(MfaMethod::Sms), true)),
            answer(Origin::SubmitCode, rejected),
            S::Credentials,
            vec![
                "emit:verification_rejected",
                "emit:screen_viewed:credentials",
            ],
        ),
        (
            "resend",
            Step::MfaCode(mfa(Some(MfaMethod::Sms), false)),
            Event::ResendCode,
            S::MfaCode,
            vec!["emit:mfa_code_resent", "call:resend"],
        ),
        (
            "resent",
            Step::MfaCode(mfa(Some(MfaMethod::Sms), true)),
            Event::Status {
                origin: Origin::Resend,
                status: status(pending, Some(challenge(Some(MfaMethod::Sms)))),
            },
            S::MfaCode,
            vec![],
        ),
        (
            "code 429",
            Step::MfaCode(mfa(Some(MfaMethod::Sms), true)),
            failed_call(
                Call::SubmitCode {
                    id: 7,
                    body: SubmitCodeRequest { code: "1".into() },
                },
                FailureKind::AttemptsExhausted,
            ),
            S::AttemptsExhausted,
            vec![
                "error:attempts_exhausted",
                "emit:screen_viewed:attempts_exhausted",
            ],
        ),
        (
            "close in mfa",
            Step::MfaCode(mfa(Some(MfaMethod::Sms), false)),
            Event::Close,
            S::Closed,
            vec!["emit:closed:pending", "close:pending:7"],
        ),
        // Results
        (
            "done verified",
            done(true),
            Event::Done,
            S::Closed,
            vec!["emit:closed:verified", "close:verified:7"],
        ),
        (
            "done timed out",
            done(false),
            Event::Done,
            S::Closed,
            vec!["emit:closed:timed_out", "close:timed_out:7"],
        ),
        (
            "late poll after timeout",
            done(false),
            answer(Origin::Poll { window: 1 }, verified),
            S::TimedOut,
            vec![],
        ),
        (
            "try again after 5xx on poll",
            server_error_with_retry(polling(2), Some(Call::Poll { id: 7, window: 1 })),
            Event::TryAgain,
            S::Verifying,
            vec!["window:2", "call:poll:7/2", "emit:screen_viewed:verifying"],
        ),
        (
            "try again after 5xx on session",
            server_error_with_retry(unchecked_consent(), Some(Call::LoadSession)),
            Event::TryAgain,
            S::Consent,
            vec!["call:session", "emit:screen_viewed:consent"],
        ),
        (
            "close on error",
            server_error_with_retry(unchecked_consent(), Some(Call::LoadSession)),
            Event::Close,
            S::Closed,
            vec!["emit:closed:error", "close:error"],
        ),
        // Offline
        (
            "retry",
            offline(polling(1), Call::Poll { id: 7, window: 1 }),
            Event::Retry,
            S::Verifying,
            vec!["call:poll:7/1"],
        ),
        (
            "retry submit",
            offline(submitting(), submit_call()),
            Event::Retry,
            S::Credentials,
            vec!["call:submit"],
        ),
        (
            "window runs out while offline",
            offline(polling(1), Call::Poll { id: 7, window: 1 }),
            Event::WindowElapsed(1),
            S::TimedOut,
            vec![
                "emit:verification_timed_out",
                "emit:screen_viewed:timed_out",
            ],
        ),
        (
            "close while offline",
            offline(submitting(), submit_call()),
            Event::Close,
            S::Closed,
            vec!["emit:closed:pending", "close:pending"],
        ),
        (
            "method 5xx",
            Step::MfaMethod(mfa(None, true)),
            failed_call(
                Call::ChooseMethod {
                    id: 7,
                    method: MfaMethod::Sms,
                },
                FailureKind::Server,
            ),
            S::Error,
            vec!["error:server_error", "emit:screen_viewed:error"],
        ),
        (
            "try again after a method 5xx",
            Step::Failed(Box::new(Failed {
                failure: failure(FailureKind::Server),
                ctx: Some(ctx()),
                retry: Some(Resume {
                    step: Step::MfaMethod(mfa(None, false)),
                    call: None,
                }),
            })),
            Event::TryAgain,
            S::MfaMethod,
            vec!["emit:screen_viewed:mfa_method"],
        ),
        (
            "code refused (422)",
            Step::MfaCode(mfa(Some(MfaMethod::Sms), true)),
            failed_call(
                Call::SubmitCode {
                    id: 7,
                    body: SubmitCodeRequest { code: "1".into() },
                },
                FailureKind::Invalid,
            ),
            S::MfaCode,
            vec![],
        ),
        (
            "resend offline",
            Step::MfaCode(mfa(Some(MfaMethod::Sms), true)),
            failed_call(Call::Resend { id: 7 }, FailureKind::Network),
            S::MfaCode,
            vec![],
        ),
        // Update mode extras
        (
            "session while on the update form",
            Step::Credentials(form_with(update_ctx())),
            Event::SessionLoaded(session()),
            S::Credentials,
            vec![],
        ),
        (
            "details lookup fails quietly",
            Step::Credentials(form_with(update_ctx())),
            failed_call(
                Call::Utilities(LookupKey::Details {
                    id: 4226,
                    name: "Consolidated Edison".into(),
                }),
                FailureKind::Server,
            ),
            S::Credentials,
            vec![],
        ),
        (
            "search refused (400)",
            searching("con", Lookup::Loading),
            failed_call(
                Call::Utilities(LookupKey::Name("con".into())),
                FailureKind::Invalid,
            ),
            S::Utility,
            vec![],
        ),
        (
            "session expires mid-wait",
            polling(1),
            failed_call(Call::Poll { id: 7, window: 1 }, FailureKind::ExpiredToken),
            S::SessionExpired,
            vec![
                "error:connect_token_expired",
                "emit:screen_viewed:session_expired",
            ],
        ),
        // Closed
        (
            "closed stays closed",
            Step::Closed,
            Event::Close,
            S::Closed,
            vec![],
        ),
        (
            "late answer after close",
            Step::Closed,
            answer(Origin::Submit, verified),
            S::Closed,
            vec![],
        ),
    ];
    for (name, from, event, screen, effects) in cases {
        let (to, actual) = transition(&from, event);
        assert_eq!(to.screen(), screen, "{name}: screen");
        assert_eq!(describe(&actual), effects, "{name}: effects");
    }
}

#[test]
fn a_valid_create_token_shows_consent_at_once_and_checks_the_session() {
    let (step, effects) = start(Ok(claims(Mode::Create, 100)), 50, Prefill::default());
    assert_eq!(step, unchecked_consent());
    assert_eq!(
        describe(&effects),
        ["call:session", "emit:screen_viewed:consent"]
    );
    assert!(awaits(&step, &Call::LoadSession));
    // Until the server answers, no consent action is taken (the view shows
    // them disabled and busy); closing is always possible.
    for event in [Event::Agree, Event::Decline] {
        assert_eq!(transition(&step, event), (step.clone(), vec![]));
    }
    let (step, effects) = transition(&step, Event::SessionLoaded(session()));
    assert_eq!(step, consent(), "links and submissions from the session");
    assert!(
        effects.is_empty(),
        "the same screen: no second screen_viewed"
    );
    assert!(
        !awaits(&step, &Call::LoadSession),
        "a late second answer is stale"
    );
    let (_, effects) = transition(&step, Event::Agree);
    assert!(describe(&effects).contains(&"emit:consent_accepted".to_string()));
}

#[test]
fn a_session_refused_after_consent_is_drawn_replaces_it_with_its_error() {
    let cases = [
        (FailureKind::ExpiredToken, Screen::SessionExpired),
        (FailureKind::InvalidToken, Screen::InvalidToken),
        (FailureKind::OriginNotAllowed, Screen::OriginNotAllowed),
        (FailureKind::AttemptsExhausted, Screen::AttemptsExhausted),
    ];
    for mode in [Mode::Create, Mode::Update] {
        for (kind, screen) in cases {
            let (first, _) = start(Ok(claims(mode, 100)), 0, Prefill::default());
            let (step, effects) = transition(&first, failed_call(Call::LoadSession, kind));
            assert_eq!(step.screen(), screen, "{mode:?} {kind:?}");
            assert_eq!(
                describe(&effects),
                [
                    format!("error:{}", kind.as_str()),
                    format!("emit:screen_viewed:{}", screen.as_str())
                ]
            );
            assert_eq!(transition(&step, Event::TryAgain).0, step, "a dead end");
        }
    }
}

#[test]
fn offline_while_checking_keeps_the_first_screen_inactive_until_retry_answers() {
    let (first, _) = start(Ok(claims(Mode::Create, 100)), 0, Prefill::default());
    let (offline, effects) =
        transition(&first, failed_call(Call::LoadSession, FailureKind::Network));
    assert!(offline.is_offline() && effects.is_empty());
    assert_eq!(transition(&offline, Event::Agree).0.visible(), &first);
    let (retried, effects) = transition(&offline, Event::Retry);
    assert_eq!(
        (retried.clone(), describe(&effects)),
        (first, vec!["call:session".to_string()])
    );
    let (checked, _) = transition(&retried, Event::SessionLoaded(session()));
    assert_eq!(checked, consent());
}

#[test]
fn expired_and_malformed_tokens_fail_and_report() {
    let (step, effects) = start(Ok(claims(Mode::Create, 100)), 100, Prefill::default());
    assert_eq!(step.screen(), Screen::SessionExpired);
    assert_eq!(
        describe(&effects),
        [
            "error:connect_token_expired",
            "emit:screen_viewed:session_expired"
        ]
    );
    let (step, _) = start(Err(TokenError::Malformed), 0, Prefill::default());
    assert_eq!(step.screen(), Screen::InvalidToken);
    assert_eq!(
        transition(&step, Event::TryAgain).0,
        step,
        "no way back from a bad token"
    );
    assert_eq!(
        describe(&transition(&step, Event::Close).1),
        ["emit:closed:error", "close:error"]
    );
}

#[test]
fn update_mode_goes_straight_to_the_credentials_of_its_utility() {
    let (step, effects) = start(Ok(claims(Mode::Update, 100)), 0, Prefill::default());
    let Step::Credentials(form) = &step else {
        panic!("{step:?}")
    };
    assert_eq!(form.choice.utility.name, "Consolidated Edison");
    assert_eq!(form.ctx.utility_credential_id, Some(77));
    assert_eq!(
        describe(&effects),
        [
            "call:session",
            "call:details:4226",
            "emit:screen_viewed:credentials"
        ]
    );
    // The form takes no submission before the session is confirmed.
    let Step::Credentials(form) = &step else {
        unreachable!()
    };
    assert!(form.busy());
    let input = CredentialsInput {
        username: "u".into(),
        password: "verified".into(),
        account_number: String::new(),
    };
    assert_eq!(
        transition(&step, Event::Submit(input.clone())),
        (step.clone(), vec![])
    );
    let (step, effects) = transition(
        &step,
        Event::SessionLoaded(SessionInfo {
            logo_url: Some("https://logo.example/l.png".into()),
            ..session()
        }),
    );
    assert!(effects.is_empty());
    let Step::Credentials(form) = &step else {
        panic!("{step:?}")
    };
    assert!(!form.busy());
    assert_eq!(
        form.ctx.logo_url.as_deref(),
        Some("https://logo.example/l.png"),
        "what only the session knows arrives with it"
    );
    assert_eq!(
        describe(&transition(&step, Event::Submit(input)).1),
        ["call:submit"]
    );
    // The details lookup tells whether the form needs the account number.
    let details = Utility {
        needs_account_number: true,
        ..coned()
    };
    let (step, _) = transition(
        &step,
        Event::UtilitiesLoaded {
            lookup: LookupKey::Details {
                id: 4226,
                name: "Consolidated Edison".into(),
            },
            utilities: vec![utility(1, "Other"), details.clone()],
        },
    );
    assert_eq!(step.choice().unwrap().utility, details);
    // Closing reports the credential the token is about.
    assert_eq!(
        describe(&transition(&step, Event::Close).1),
        ["emit:closed:no_submit", "close:no_submit:77"]
    );
}

#[test]
fn prefill_in_update_mode_is_reported_and_ignored() {
    let prefill = Prefill {
        zip: Some("10001".into()),
        utility_id: None,
    };
    let (step, effects) = start(Ok(claims(Mode::Update, 100)), 0, prefill);
    assert_eq!(step.screen(), Screen::Credentials);
    assert!(describe(&effects).contains(&"error:invalid_config".to_string()));
}

#[test]
fn prefill_looks_up_the_zip_and_preselects_the_utility() {
    let prefill = Prefill {
        zip: Some("10001".into()),
        utility_id: Some(1),
    };
    let (first, _) = start(Ok(claims(Mode::Create, 100)), 0, prefill);
    let (consent, _) = transition(&first, Event::SessionLoaded(session()));
    let (picker, effects) = transition(&consent, Event::Agree);
    assert!(describe(&effects).contains(&"call:zip:10001".to_string()));
    let (picker, _) = transition(
        &picker,
        Event::UtilitiesLoaded {
            lookup: LookupKey::Zip("10001".into()),
            utilities: vec![coned(), utility(1, "Other")],
        },
    );
    let Step::Utility(picker) = picker else {
        panic!()
    };
    assert_eq!(
        picker.selected,
        Some(1),
        "the host's utility wins over the first"
    );
}

#[test]
fn the_first_utility_is_preselected_and_an_empty_zip_says_no_data() {
    let (step, _) = transition(
        &picker_loading("10001"),
        Event::UtilitiesLoaded {
            lookup: LookupKey::Zip("10001".into()),
            utilities: vec![coned(), utility(1, "Other")],
        },
    );
    let Step::Utility(found) = &step else {
        panic!()
    };
    assert_eq!(found.selected, Some(4226));
    let (step, _) = transition(
        &picker_loading("99999"),
        Event::UtilitiesLoaded {
            lookup: LookupKey::Zip("99999".into()),
            utilities: vec![],
        },
    );
    let Step::Utility(empty) = &step else {
        panic!()
    };
    assert_eq!(empty.results, Lookup::Done(vec![]));
}

#[test]
fn an_answer_for_an_older_zip_is_ignored() {
    let step = picker_loading("10002");
    let (after, effects) = transition(
        &step,
        Event::UtilitiesLoaded {
            lookup: LookupKey::Zip("10001".into()),
            utilities: vec![coned()],
        },
    );
    assert_eq!((after, effects), (step, vec![]));
}

#[test]
fn zip_errors_show_only_for_non_empty_invalid_input() {
    let with_zip = |zip: &str| Picker {
        zip: zip.into(),
        ..picker()
    };
    assert!(!with_zip("").zip_error());
    assert!(!with_zip("10001").zip_error());
    assert!(with_zip("1000").zip_error());
    assert!(with_zip("abcde").zip_error());
}

#[test]
fn a_search_pick_continues_with_source_search() {
    let (step, _) = transition(
        &searching("con", Lookup::Loading),
        Event::UtilitiesLoaded {
            lookup: LookupKey::Name("con".into()),
            utilities: vec![utility(1, "A"), coned()],
        },
    );
    let (step, _) = transition(&step, Event::SelectUtility(4226));
    let (step, effects) = transition(&step, Event::ContinueWithUtility);
    assert_eq!(describe(&effects)[0], "emit:utility_selected:4226:search");
    assert_eq!(step.choice().unwrap().utility, coned());
    assert_eq!(step.choice().unwrap().zip.as_deref(), Some("99999"));
    assert_eq!(step.choice().unwrap().search_query.as_deref(), Some("con"));
}

#[test]
fn search_results_choose_nothing_for_the_user() {
    let (step, _) = transition(
        &searching("con", Lookup::Loading),
        Event::UtilitiesLoaded {
            lookup: LookupKey::Name("con".into()),
            utilities: vec![coned(), utility(1, "A")],
        },
    );
    let Step::Utility(picker) = &step else {
        panic!()
    };
    assert_eq!(picker.search.as_ref().unwrap().selected, None);
    assert_eq!(transition(&step, Event::ContinueWithUtility).0, step);
}

#[test]
fn back_returns_to_the_search_with_its_query_and_pick() {
    let from_search = Form {
        choice: Choice {
            search_query: Some("con ed".into()),
            ..choice()
        },
        ..form_with(ctx())
    };
    let (step, effects) = transition(&Step::Credentials(from_search), Event::Back);
    assert_eq!(
        describe(&effects),
        vec![
            "call:zip:10001",
            "call:name:con ed",
            "emit:screen_viewed:utility"
        ]
    );
    let (step, _) = transition(
        &step,
        Event::UtilitiesLoaded {
            lookup: LookupKey::Name("con ed".into()),
            utilities: vec![utility(1, "A"), coned()],
        },
    );
    let Step::Utility(picker) = &step else {
        panic!()
    };
    let search = picker.search.as_ref().unwrap();
    assert_eq!(search.query, "con ed");
    // What the user had picked is picked again; nothing else would be.
    assert_eq!(search.selected, Some(4226));
    assert_eq!(picker.zip, "10001");
}

#[test]
fn the_submission_carries_the_password_and_the_step_does_not() {
    let needs = Form {
        choice: Choice {
            utility: Utility {
                needs_account_number: true,
                ..coned()
            },
            ..choice()
        },
        ..form_with(ctx())
    };
    let (step, _) = transition(
        &Step::Credentials(needs.clone()),
        Event::Submit(input("ada", "pw")),
    );
    let Step::Credentials(form) = &step else {
        panic!()
    };
    assert!(form.errors.account_number && !form.errors.username && !form.errors.password);
    let entered = CredentialsInput {
        account_number: "123".into(),
        ..input("ada", "s3cret-pw")
    };
    let (step, effects) = transition(&Step::Credentials(needs), Event::Submit(entered));
    let [Effect::Call(Call::Submit(request))] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(request.password, "s3cret-pw");
    assert_eq!(request.account_number.as_deref(), Some("123"));
    assert_eq!(
        (request.utility_id, request.zip.as_deref()),
        (Some(4226), Some("10001"))
    );
    let printed = format!("{step:?}{effects:?}");
    assert!(!printed.contains("s3cret"), "{printed}");
    let Step::Credentials(form) = &step else {
        panic!()
    };
    assert!(form.submitting);
    assert_eq!(form.username, "ada");
}

#[test]
fn a_rejection_keeps_the_username_and_says_why_and_closing_reports_rejected() {
    let (step, _) = transition(
        &polling(1),
        answer(Origin::Poll { window: 1 }, VerificationStatus::Rejected),
    );
    let Step::Credentials(form) = &step else {
        panic!()
    };
    assert_eq!(form.username, "ada");
    assert_eq!(form.notice, Some(Notice::Rejected));
    assert_eq!(
        describe(&transition(&step, Event::Close).1),
        ["emit:closed:rejected", "close:rejected:7"]
    );
    // Submitting again and closing before the verdict is pending.
    let (step, _) = transition(&step, Event::Submit(input("ada", "again")));
    assert_eq!(
        describe(&transition(&step, Event::Close).1),
        ["emit:closed:pending", "close:pending:7"]
    );
}

#[test]
fn a_rejection_with_no_submissions_left_ends_on_too_many_attempts() {
    let spent = ConnectStatus {
        submissions_left: 0,
        ..status(VerificationStatus::Rejected, None)
    };
    let (step, effects) = transition(
        &polling(1),
        Event::Status {
            origin: Origin::Poll { window: 1 },
            status: spent,
        },
    );
    assert_eq!(step.screen(), Screen::AttemptsExhausted);
    assert!(describe(&effects).contains(&"error:attempts_exhausted".to_string()));
    assert_eq!(
        describe(&transition(&step, Event::Close).1),
        ["emit:closed:rejected", "close:rejected:7"]
    );
}

#[test]
fn a_utility_error_offers_to_try_again_from_the_form() {
    let (failed, _) = transition(
        &polling(1),
        answer(Origin::Poll { window: 1 }, VerificationStatus::Error),
    );
    let (step, effects) = transition(&failed, Event::TryAgain);
    let Step::Credentials(form) = &step else {
        panic!()
    };
    assert_eq!((form.username.as_str(), form.notice), ("ada", None));
    assert_eq!(describe(&effects), ["emit:screen_viewed:credentials"]);
    assert_eq!(
        describe(&transition(&failed, Event::Close).1),
        ["emit:closed:error", "close:error:7"]
    );
    assert_eq!(
        describe(&transition(&step, Event::Close).1),
        ["emit:closed:error", "close:error:7"]
    );
}

#[test]
fn a_5xx_on_submit_goes_back_to_the_form_not_resending_the_password() {
    let (failed, _) = transition(
        &submitting(),
        failed_call(submit_call(), FailureKind::Server),
    );
    let Step::Failed(inner) = &failed else {
        panic!()
    };
    assert_eq!(inner.retry.as_ref().unwrap().call, None);
    let (step, effects) = transition(&failed, Event::TryAgain);
    assert_eq!(step.screen(), Screen::Credentials);
    assert!(!describe(&effects).iter().any(|e| e.starts_with("call")));
}

#[test]
fn offline_keeps_the_screen_and_retry_resumes_the_same_call() {
    let call = Call::Utilities(LookupKey::Zip("10001".into()));
    let (step, _) = transition(
        &picker_loading("10001"),
        failed_call(call.clone(), FailureKind::Network),
    );
    assert!(step.is_offline());
    assert_eq!(step.visible(), &picker_loading("10001"));
    let (step, effects) = transition(&step, Event::Retry);
    assert_eq!(step, picker_loading("10001"));
    assert_eq!(effects, vec![Effect::Call(call)]);
}

#[test]
fn typing_while_offline_replaces_the_failed_call() {
    let call = Call::Utilities(LookupKey::Zip("10001".into()));
    let step = offline(picker_loading("10001"), call);
    let (step, effects) = transition(&step, Event::ZipChanged("60601".into()));
    assert!(!step.is_offline());
    assert_eq!(describe(&effects), ["call:zip:60601"]);
    // A keystroke that calls nothing keeps the alert.
    let step = offline(
        picker_loading("10001"),
        Call::Utilities(LookupKey::Zip("10001".into())),
    );
    let (step, _) = transition(&step, Event::OpenSearch);
    assert!(step.is_offline());
}

#[test]
fn the_poll_back_off_grows_to_three_seconds() {
    let delays: Vec<u32> = (0..7).map(poll_delay_ms).collect();
    assert_eq!(delays, [500, 750, 1125, 1687, 2531, 3000, 3000]);
    assert_eq!(poll_delay_ms(u32::MAX), 3000);
}

#[test]
fn stale_delayed_calls_are_not_wanted() {
    assert!(awaits(&polling(1), &Call::Poll { id: 7, window: 1 }));
    assert!(!awaits(&polling(1), &Call::Poll { id: 7, window: 0 }));
    assert!(!awaits(&done(false), &Call::Poll { id: 7, window: 1 }));
    assert!(awaits(
        &searching("con", Lookup::Loading),
        &Call::Utilities(LookupKey::Name("con".into()))
    ));
    assert!(!awaits(
        &searching("cons", Lookup::Loading),
        &Call::Utilities(LookupKey::Name("con".into()))
    ));
    assert!(!awaits(&Step::Closed, &Call::LoadSession));
}

#[test]
fn mfa_wrong_code_keeps_the_screen_with_the_attempts_left() {
    let wrong = MfaChallenge {
        code_attempts_left: 2,
        last_code_rejected: true,
        ..challenge(Some(MfaMethod::Sms))
    };
    let (step, _) = transition(
        &Step::MfaCode(mfa(Some(MfaMethod::Sms), true)),
        Event::Status {
            origin: Origin::SubmitCode,
            status: status(VerificationStatus::Pending, Some(wrong)),
        },
    );
    let Step::MfaCode(after) = &step else {
        panic!()
    };
    assert_eq!(
        (after.notice, after.busy, after.challenge.code_attempts_left),
        (Some(MfaNotice::WrongCode), false, 2)
    );
    // A poll reporting the same flag later does not repeat the message.
    let (step, _) = transition(
        &Step::MfaCode(mfa(Some(MfaMethod::Sms), true)),
        Event::Status {
            origin: Origin::Resend,
            status: status(
                VerificationStatus::Pending,
                Some(challenge(Some(MfaMethod::Sms))),
            ),
        },
    );
    let Step::MfaCode(after) = &step else {
        panic!()
    };
    assert_eq!(after.notice, Some(MfaNotice::CodeResent));
}

#[test]
fn an_unoffered_mfa_method_is_ignored() {
    let only_email = Mfa {
        challenge: MfaChallenge {
            methods: vec![MfaMethod::Email],
            ..challenge(None)
        },
        ..mfa(None, false)
    };
    let step = Step::MfaMethod(only_email);
    assert_eq!(
        transition(&step, Event::ChooseMethod(MfaMethod::Sms)),
        (step.clone(), vec![])
    );
}

#[test]
fn codes_used_up_go_back_to_the_form_with_their_own_message() {
    let (step, _) = transition(
        &Step::MfaCode(mfa(Some(MfaMethod::Sms), true)),
        answer(Origin::SubmitCode, VerificationStatus::Rejected),
    );
    let Step::Credentials(form) = &step else {
        panic!()
    };
    assert_eq!(form.notice, Some(Notice::CodesUsedUp));
}

#[test]
fn update_mode_submission_keeps_the_same_credential_id() {
    let form = Step::Credentials(form_with(update_ctx()));
    let (step, _) = transition(&form, Event::Submit(input("ada", "verified")));
    let answer = ConnectStatus {
        utility_credential_id: 77,
        ..status(VerificationStatus::Verified, None)
    };
    let (step, effects) = transition(
        &step,
        Event::Status {
            origin: Origin::Submit,
            status: answer,
        },
    );
    assert_eq!(
        describe(&effects)[..2],
        ["submitted:77", "emit:credentials_submitted:77"]
    );
    assert_eq!(
        describe(&transition(&step, Event::Done).1),
        ["emit:closed:verified", "close:verified:77"]
    );
}

#[test]
fn a_locked_login_stays_on_the_form_with_its_own_message_and_the_username_kept() {
    let (step, effects) = transition(
        &submitting(),
        failed_call(submit_call(), FailureKind::LoginLocked),
    );
    let Step::Credentials(form) = &step else {
        panic!("{step:?}")
    };
    assert_eq!(
        (form.username.as_str(), form.notice, form.submitting),
        ("ada", Some(Notice::LoginLocked), false)
    );
    // Not the token's fault: nothing is reported to the host as an error.
    assert!(describe(&effects)
        .iter()
        .all(|effect| !effect.starts_with("error:")));
}
