//! The Connect API as the component sees it: each `flow::Call` becomes one
//! request, and every answer (or way of failing) becomes one `flow::Event`.
//! Bodies are read as text and parsed here, so no server answer can panic.

use js_sys::Promise;
use protocol::{
    error_types, routes, ChooseMfaMethodRequest, ConnectStatus, ErrorBody, SessionInfo,
    UtilitiesResponse,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

use crate::flow::{Call, Event, Failure, FailureKind, LookupKey};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, bound directly (not through `window`) so that it
    /// also exists in a worker. A thin binding instead of an HTTP client
    /// crate: the component sends a handful of JSON requests, and a client
    /// crate's method tables, stream adapters and error texts cost the
    /// download more than this whole module.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn fetch_with_init(url: &str, init: &RequestInit) -> Result<Promise, JsValue>;
}

#[derive(Clone)]
pub struct ApiClient {
    base_url: String,
    connect_token: String,
}

impl ApiClient {
    /// `base_url` without a trailing slash; empty means the page's own origin.
    pub fn new(base_url: &str, connect_token: &str) -> Self {
        ApiClient {
            base_url: base_url.trim_end_matches('/').to_string(),
            connect_token: connect_token.to_string(),
        }
    }

    /// Sends one request and answers its status and body text. Not generic
    /// (the callers decode), so that its future is compiled once. `body` is
    /// JSON text, already encoded, so that the password is handed to `fetch`
    /// and nothing else.
    async fn send(
        &self,
        method: &str,
        path_and_query: &str,
        body: Option<String>,
    ) -> Result<(u16, String), Failure> {
        let init = RequestInit::new();
        init.set_method(method);
        let headers = Headers::new().map_err(|_| network_failure())?;
        let mut authorization = String::from("Bearer ");
        authorization.push_str(&self.connect_token);
        let _ = headers.set("Authorization", &authorization);
        let _ = headers.set("Accept", "application/json");
        if let Some(body) = body {
            let _ = headers.set("Content-Type", "application/json");
            init.set_body(&JsValue::from(body));
        }
        init.set_headers(&headers);
        let mut url = self.base_url.clone();
        url.push_str(path_and_query);
        let answer = async {
            let response: Response = JsFuture::from(fetch_with_init(&url, &init)?)
                .await?
                .dyn_into()?;
            let text = JsFuture::from(response.text()?).await?;
            Ok::<_, JsValue>((response.status(), text.as_string().unwrap_or_default()))
        };
        answer.await.map_err(|_| network_failure())
    }

    /// `query` is one name and a value, encoded here as a form would be (as
    /// `URLSearchParams` writes it: a space is `+`).
    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: Option<(&str, &str)>,
    ) -> Result<T, Failure> {
        let mut target = path.to_string();
        if let Some((name, value)) = query {
            target.push('?');
            target.push_str(name);
            target.push('=');
            target.extend(form_urlencoded::byte_serialize(value.as_bytes()));
        }
        let (status, text) = self.send("GET", &target, None).await?;
        read_json(status, &text)
    }

    /// Every POST answers a `ConnectStatus`.
    async fn post(&self, path: &str, body: Option<String>) -> Result<ConnectStatus, Failure> {
        let (status, text) = self.send("POST", path, body).await?;
        read_json(status, &text)
    }

    pub async fn session(&self) -> Result<SessionInfo, Failure> {
        self.get(routes::CONNECT_SESSION, None).await
    }

    /// Performs `call` and turns its outcome into the event the flow expects.
    /// The call is moved in, so a password leaves memory with the request;
    /// on a failure it is handed back (`CallFailed`) for the flow to decide.
    pub async fn perform(&self, call: Call) -> Event {
        let result = match &call {
            Call::LoadSession => match self.session().await {
                Ok(session) => return Event::SessionLoaded(session),
                Err(failure) => Err(failure),
            },
            Call::Utilities(lookup) => {
                let query = match lookup {
                    LookupKey::Zip(zip) => ("zip", zip.as_str()),
                    LookupKey::Name(name) | LookupKey::Details { name, .. } => ("q", name.as_str()),
                };
                match self
                    .get::<UtilitiesResponse>(routes::UTILITIES, Some(query))
                    .await
                {
                    Ok(answer) => {
                        return Event::UtilitiesLoaded {
                            lookup: lookup.clone(),
                            utilities: answer.utilities,
                        }
                    }
                    Err(failure) => Err(failure),
                }
            }
            Call::Submit(request) => match encode(request) {
                Ok(body) => self.post(routes::CONNECT_CREDENTIALS, Some(body)).await,
                Err(failure) => Err(failure),
            },
            Call::Poll { id, .. } => {
                self.get::<ConnectStatus>(&routes::with_id(routes::CONNECT_CREDENTIAL, id), None)
                    .await
            }
            Call::ChooseMethod { id, method } => {
                match encode(&ChooseMfaMethodRequest { method: *method }) {
                    Ok(body) => {
                        self.post(&routes::with_id(routes::CONNECT_MFA_METHOD, id), Some(body))
                            .await
                    }
                    Err(failure) => Err(failure),
                }
            }
            Call::SubmitCode { id, body } => match encode(body) {
                Ok(body) => {
                    self.post(&routes::with_id(routes::CONNECT_MFA_CODE, id), Some(body))
                        .await
                }
                Err(failure) => Err(failure),
            },
            Call::Resend { id } => {
                self.post(&routes::with_id(routes::CONNECT_MFA_RESEND, id), None)
                    .await
            }
        };
        match (result, call.origin()) {
            (Ok(status), Some(origin)) => Event::Status { origin, status },
            (Err(failure), _) => Event::CallFailed { call, failure },
            (Ok(_), None) => Event::CallFailed {
                call,
                failure: Failure::new(FailureKind::Server, "Unexpected answer."),
            },
        }
    }
}

fn encode<B: Serialize>(body: &B) -> Result<String, Failure> {
    serde_json::to_string(body)
        .map_err(|_| Failure::new(FailureKind::Server, "The request could not be encoded."))
}

fn network_failure() -> Failure {
    Failure::new(
        FailureKind::Network,
        "The Connect service could not be reached.",
    )
}

/// Reads a success body, or turns an error answer into a failure. Bodies are
/// read as text first so that malformed JSON is a failure, never a panic.
fn read_json<T: DeserializeOwned>(status: u16, text: &str) -> Result<T, Failure> {
    if (200..300).contains(&status) {
        return parse_success(text);
    }
    Err(classify_error(status, text))
}

/// Parses a 2xx body; public so the rule is tested natively.
pub fn parse_success<T: DeserializeOwned>(text: &str) -> Result<T, Failure> {
    protocol::json::from_str(text).map_err(|_| {
        Failure::new(
            FailureKind::Server,
            "The Connect service sent an answer we could not read.",
        )
    })
}

/// Maps an error answer to a failure; public so the rules are tested natively.
pub fn classify_error(status: u16, body: &str) -> Failure {
    let parsed: Option<ErrorBody> = protocol::json::from_str(body).ok();
    let kind_text = parsed
        .as_ref()
        .map(|body| body.error.kind.as_str())
        .unwrap_or("");
    let kind = match (status, kind_text) {
        (_, error_types::CONNECT_TOKEN_EXPIRED) => FailureKind::ExpiredToken,
        (_, error_types::LOGIN_TEMPORARILY_LOCKED) => FailureKind::LoginLocked,
        (_, error_types::ORIGIN_NOT_ALLOWED) => FailureKind::OriginNotAllowed,
        // A cool-down, not a spent token: keep the session; the description
        // says when another code may be asked for.
        (_, error_types::TOO_MANY_CODES_SENT) => FailureKind::Server,
        (_, error_types::ATTEMPTS_EXHAUSTED) | (429, _) => FailureKind::AttemptsExhausted,
        (401, _) | (403, _) | (_, error_types::INVALID_CONNECT_TOKEN) => FailureKind::InvalidToken,
        (400 | 422, _) | (_, error_types::VALIDATION) => FailureKind::Invalid,
        _ => FailureKind::Server,
    };
    let message = parsed
        .map(|body| body.error.description)
        .unwrap_or_else(|| format!("The Connect service answered with status {status}."));
    Failure { kind, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_send_cool_down_is_not_a_spent_token() {
        let body = r#"{"error":{"type":"too_many_codes_sent","description":"Several codes were sent already. You can ask for another in about 15 minutes."}}"#;
        let failure = classify_error(429, body);
        assert_eq!(failure.kind, FailureKind::Server);
        assert!(failure.message.ends_with("about 15 minutes."));
    }

    #[test]
    fn a_locked_login_is_not_a_spent_token() {
        let locked = r#"{"error":{"type":"login_temporarily_locked","description":"Too many failed sign-in attempts for this login. Try again in about 23 hours."}}"#;
        assert_eq!(classify_error(429, locked).kind, FailureKind::LoginLocked);
        let spent = r#"{"error":{"type":"attempts_exhausted","description":"x"}}"#;
        assert_eq!(
            classify_error(429, spent).kind,
            FailureKind::AttemptsExhausted
        );
    }

    #[test]
    fn error_answers_map_to_failure_kinds() {
        let expired = r#"{"error":{"type":"connect_token_expired","description":"The connect token has expired."}}"#;
        assert_eq!(classify_error(401, expired).kind, FailureKind::ExpiredToken);
        let wrong_origin = r#"{"error":{"type":"origin_not_allowed","description":"x"}}"#;
        assert_eq!(
            classify_error(403, wrong_origin).kind,
            FailureKind::OriginNotAllowed,
            "a page the client did not register is not a bad token"
        );
        let invalid = r#"{"error":{"type":"invalid_connect_token","description":"x"}}"#;
        assert_eq!(classify_error(401, invalid).kind, FailureKind::InvalidToken);
        assert_eq!(
            classify_error(401, "not json").kind,
            FailureKind::InvalidToken
        );
        let spent = r#"{"error":{"type":"attempts_exhausted","description":"x"}}"#;
        assert_eq!(
            classify_error(429, spent).kind,
            FailureKind::AttemptsExhausted
        );
        let refused = r#"{"error":{"type":"validation_error","description":"x"}}"#;
        assert_eq!(classify_error(422, refused).kind, FailureKind::Invalid);
        assert_eq!(classify_error(400, "").kind, FailureKind::Invalid);
        let failure = classify_error(502, "<html>bad gateway</html>");
        assert_eq!(failure.kind, FailureKind::Server);
        assert!(failure.message.contains("502"));
        assert_eq!(classify_error(404, "{}").kind, FailureKind::Server);
    }

    #[test]
    fn malformed_or_mistyped_success_bodies_are_server_failures() {
        for body in [
            "{not json",
            "",
            "null",
            r#"{"utility_credential_id":"seven"}"#,
            "[]",
        ] {
            let parsed: Result<ConnectStatus, Failure> = parse_success(body);
            assert_eq!(parsed.unwrap_err().kind, FailureKind::Server, "{body}");
        }
        let parsed: Result<UtilitiesResponse, Failure> = parse_success(r#"{"utilities":[]}"#);
        assert!(parsed.unwrap().utilities.is_empty());
    }
}
