use protocol::{ConnectClaims, TokenError};

use super::step::{CloseStatus, Effect, Event, Failure, FailureKind, Step};

/// The first step, decided from the token alone so that nothing waits on the network.
pub fn start(claims: Result<ConnectClaims, TokenError>, now_unix: i64) -> (Step, Vec<Effect>) {
    match claims.and_then(|claims| claims.check_expiry(now_unix).map(|()| claims)) {
        Ok(claims) => (
            Step::Starting { mode: claims.mode, client_name: claims.client_name },
            vec![Effect::LoadSession],
        ),
        Err(error) => fail(Failure {
            kind: match error {
                TokenError::Expired => FailureKind::ExpiredToken,
                TokenError::Malformed => FailureKind::InvalidToken,
            },
            message: error.to_string(),
        }),
    }
}

fn fail(failure: Failure) -> (Step, Vec<Effect>) {
    (Step::Failed(failure.clone()), vec![Effect::ReportError(failure)])
}

pub fn transition(step: &Step, event: Event) -> (Step, Vec<Effect>) {
    match (step, event) {
        (Step::Closed, _) => (Step::Closed, vec![]),
        (_, Event::Close) => (Step::Closed, vec![Effect::Close(close_status(step))]),
        (Step::Starting { .. }, Event::SessionLoaded(session)) => {
            (Step::Consent { session }, vec![Effect::Emit("consent_viewed")])
        }
        (Step::Starting { .. }, Event::SessionFailed(failure)) => fail(failure),
        (Step::Consent { .. }, Event::Decline) => {
            (Step::Closed, vec![Effect::Emit("consent_declined"), Effect::Close(CloseStatus::NoSubmit)])
        }
        // Anything else is stale (a late answer, a double click): ignore it.
        (step, _) => (step.clone(), vec![]),
    }
}

fn close_status(step: &Step) -> CloseStatus {
    match step {
        Step::Failed(_) => CloseStatus::Error,
        _ => CloseStatus::NoSubmit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::{Mode, SessionInfo};

    fn claims(exp: i64) -> ConnectClaims {
        ConnectClaims {
            v: 1,
            typ: "connect".into(),
            mode: Mode::Create,
            client_id: "cl".into(),
            client_name: "Demo Energy App".into(),
            client_user_id: Some("u".into()),
            utility_credential_id: None,
            utility: None,
            iat: 0,
            exp,
            jti: "j".into(),
        }
    }

    fn session() -> SessionInfo {
        SessionInfo {
            mode: Mode::Create,
            client_name: "Demo Energy App".into(),
            utility: None,
            utility_credential_id: None,
            submissions_left: 5,
            terms_url: "/t".into(),
            privacy_url: "/p".into(),
        }
    }

    #[test]
    fn a_valid_token_starts_and_loads_the_session() {
        let (step, effects) = start(Ok(claims(100)), 50);
        assert_eq!(step, Step::Starting { mode: Mode::Create, client_name: "Demo Energy App".into() });
        assert_eq!(effects, vec![Effect::LoadSession]);
    }

    #[test]
    fn expired_and_malformed_tokens_fail_and_report() {
        let (step, effects) = start(Ok(claims(100)), 100);
        assert!(matches!(&step, Step::Failed(f) if f.kind == FailureKind::ExpiredToken));
        assert!(matches!(effects.as_slice(), [Effect::ReportError(f)] if f.kind == FailureKind::ExpiredToken));
        let (step, _) = start(Err(TokenError::Malformed), 0);
        assert!(matches!(step, Step::Failed(f) if f.kind == FailureKind::InvalidToken));
    }

    #[test]
    fn session_loaded_shows_consent_and_agree_moves_on() {
        let starting = start(Ok(claims(100)), 0).0;
        let (consent, effects) = transition(&starting, Event::SessionLoaded(session()));
        assert_eq!(consent, Step::Consent { session: session() });
        assert_eq!(effects, vec![Effect::Emit("consent_viewed")]);
    }

    #[test]
    fn a_refused_session_fails_with_the_servers_reason() {
        let starting = start(Ok(claims(100)), 0).0;
        let failure = Failure { kind: FailureKind::InvalidToken, message: "no".into() };
        let (step, effects) = transition(&starting, Event::SessionFailed(failure.clone()));
        assert_eq!(step, Step::Failed(failure.clone()));
        assert_eq!(effects, vec![Effect::ReportError(failure)]);
    }

    #[test]
    fn decline_and_close_report_no_submit_and_closing_twice_does_nothing() {
        let consent = Step::Consent { session: session() };
        let (closed, effects) = transition(&consent, Event::Decline);
        assert_eq!(closed, Step::Closed);
        assert!(effects.contains(&Effect::Close(CloseStatus::NoSubmit)));
        assert_eq!(transition(&closed, Event::Close), (Step::Closed, vec![]));
        let failed = Step::Failed(Failure { kind: FailureKind::Network, message: String::new() });
        assert_eq!(transition(&failed, Event::Close).1, vec![Effect::Close(CloseStatus::Error)]);
    }

    #[test]
    fn stale_events_leave_the_step_alone() {
        let consent = Step::Consent { session: session() };
        assert_eq!(transition(&consent, Event::SessionLoaded(session())), (consent.clone(), vec![]));
    }
}
