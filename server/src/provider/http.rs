//! A provider service run by the operator, reached over HTTP: the seam for
//! real utilities that needs no Rust. The protocol is in `PROVIDER.md` and
//! `provider-openapi.json`.
//!
//! Each call is a JSON POST to `<provider-url>/<call>` signed the Standard
//! Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`)
//! with the provider secret, so the provider knows the login came from this
//! server. The login is decrypted only for the call, into a zeroizing body.
//! Network failures and 5xx are retried; whatever still fails, or does not
//! answer in time, becomes the `error` outcome the component already shows.

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use protocol::MfaMethod;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{
    BoxFuture, CodeOutcome, LoginOutcome, MfaOffer, ProviderError, ProviderState, UtilityProvider,
};
use crate::clients::random_token;
use crate::clock::now_unix;
use crate::secret::{Login, Secret};
use crate::webhooks::signing;

/// Attempts per call: the first and two retries, 250 ms then 1 s apart.
const RETRY_DELAYS: [Duration; 2] = [Duration::from_millis(250), Duration::from_secs(1)];

pub struct HttpProvider {
    base: String,
    key: Zeroizing<Vec<u8>>,
    http: reqwest::Client,
}

impl HttpProvider {
    /// `url` must be https, or http to a loopback host (tests, a sidecar).
    pub fn new(url: &str, secret: &str, timeout: Duration) -> Result<HttpProvider, String> {
        let parsed =
            reqwest::Url::parse(url).map_err(|_| format!("--provider-url {url:?} is not a URL"))?;
        let host = parsed.host_str().unwrap_or("");
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let loopback = host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        match parsed.scheme() {
            "https" => {}
            "http" if loopback => {}
            _ => {
                return Err(format!(
                    "--provider-url {url:?} must be https (http only for a loopback host)"
                ))
            }
        }
        let key = signing::secret_bytes(secret.trim())
            .ok_or("the provider secret must be whsec_ followed by base64")?;
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!(
                "utility-connect-provider-client/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .map_err(|error| format!("cannot build the provider client: {error}"))?;
        Ok(HttpProvider {
            base: url.trim_end_matches('/').to_string(),
            key: Zeroizing::new(key),
            http,
        })
    }

    /// One call with retries: the parsed answer, or why there is none.
    async fn call(&self, path: &str, request: &Request<'_>) -> Result<Answer, String> {
        let body = Zeroizing::new(serde_json::to_string(request).expect("strings serialize"));
        let id = random_token("msg_", 16);
        let mut last_error = String::new();
        for attempt in 0..=RETRY_DELAYS.len() {
            if attempt > 0 {
                tokio::time::sleep(RETRY_DELAYS[attempt - 1]).await;
            }
            let timestamp = now_unix();
            let sent = self
                .http
                .post(format!("{}/{path}", self.base))
                .header("content-type", "application/json")
                .header("webhook-id", &id)
                .header("webhook-timestamp", timestamp.to_string())
                .header(
                    "webhook-signature",
                    signing::sign(&self.key, &id, timestamp, &body),
                )
                .body(body.as_bytes().to_vec())
                .send()
                .await;
            match sent {
                Ok(response) if response.status().is_success() => {
                    return response
                        .json::<Answer>()
                        .await
                        .map_err(|error| format!("provider {path}: unreadable answer: {error}"));
                }
                Ok(response) if response.status().is_server_error() => {
                    last_error = format!("provider {path}: HTTP {}", response.status().as_u16());
                }
                // 4xx: the provider refused this request; asking again will not help.
                Ok(response) => {
                    return Err(format!(
                        "provider {path}: HTTP {}",
                        response.status().as_u16()
                    ))
                }
                Err(error) if error.is_timeout() => {
                    last_error = format!("provider {path}: no answer in time");
                }
                Err(error) => last_error = format!("provider {path}: {}", without_url(&error)),
            }
        }
        Err(last_error)
    }

    async fn login_call(
        &self,
        path: &str,
        login: &Login,
        state: &mut ProviderState,
    ) -> LoginOutcome {
        let request = Request::new(login, state);
        match self.call(path, &request).await {
            Ok(answer) => answer.into_login_outcome(state),
            Err(reason) => LoginOutcome::Error { reason },
        }
    }
}

/// reqwest's error text names the URL; keep the log to the cause.
fn without_url(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    if let Some(url) = error.url() {
        text = text.replace(url.as_str(), "<provider>");
    }
    text
}

/// What the server sends: the login, the provider's own state, and per call
/// the method or code. Never logged; zeroized with its body.
#[derive(Serialize)]
struct Request<'a> {
    utility_id: u32,
    username: &'a str,
    password: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    account_number: Option<&'a str>,
    state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    method: Option<MfaMethod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
}

impl<'a> Request<'a> {
    fn new(login: &'a Login, state: &ProviderState) -> Request<'a> {
        Request {
            utility_id: login.utility_id,
            username: login.username.expose(),
            password: login.password.expose(),
            account_number: login.account_number.as_ref().map(Secret::expose),
            state: state
                .as_ref()
                .map(|bytes| URL_SAFE_NO_PAD.encode(bytes.as_slice())),
            method: None,
            code: None,
        }
    }
}

#[derive(Deserialize)]
struct Answer {
    outcome: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    offers: Vec<Offer>,
    #[serde(default)]
    retry_after_ms: Option<u64>,
    /// Absent: keep the state; null: clear it; a string: replace it.
    #[serde(default, deserialize_with = "present")]
    state: Option<Option<String>>,
}

#[derive(Deserialize)]
struct Offer {
    method: MfaMethod,
    destination: String,
}

fn present<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

impl Answer {
    fn reason(&self) -> String {
        format!(
            "provider: {}",
            self.reason.as_deref().unwrap_or("no reason given")
        )
    }

    /// Applies the answer's state; false if it is not base64url.
    fn store_state(&self, state: &mut ProviderState) -> bool {
        match &self.state {
            None => true,
            Some(None) => {
                *state = None;
                true
            }
            Some(Some(text)) => match URL_SAFE_NO_PAD.decode(text) {
                Ok(bytes) => {
                    *state = Some(Zeroizing::new(bytes));
                    true
                }
                Err(_) => false,
            },
        }
    }

    fn into_login_outcome(self, state: &mut ProviderState) -> LoginOutcome {
        if !self.store_state(state) {
            return LoginOutcome::Error {
                reason: "provider: state is not base64url".into(),
            };
        }
        match self.outcome.as_str() {
            "verified" => LoginOutcome::Verified,
            "rejected" => LoginOutcome::Rejected,
            "error" => LoginOutcome::Error {
                reason: self.reason(),
            },
            "mfa_required" => LoginOutcome::MfaRequired {
                offers: self
                    .offers
                    .into_iter()
                    .map(|offer| MfaOffer {
                        method: offer.method,
                        destination: offer.destination,
                    })
                    .collect(),
            },
            "pending" => LoginOutcome::Pending {
                retry_after: Duration::from_millis(
                    self.retry_after_ms.unwrap_or(1000).clamp(100, 60_000),
                ),
            },
            other => LoginOutcome::Error {
                reason: format!("provider: unknown outcome {other:?}"),
            },
        }
    }
}

impl UtilityProvider for HttpProvider {
    fn sandboxed(&self) -> bool {
        false
    }

    fn log_in<'a>(
        &'a self,
        login: &'a Login,
        state: &'a mut ProviderState,
    ) -> BoxFuture<'a, LoginOutcome> {
        Box::pin(self.login_call("log_in", login, state))
    }

    fn send_code<'a>(
        &'a self,
        login: &'a Login,
        method: MfaMethod,
        state: &'a mut ProviderState,
    ) -> BoxFuture<'a, Result<(), ProviderError>> {
        Box::pin(async move {
            let request = Request {
                method: Some(method),
                ..Request::new(login, state)
            };
            let answer = self
                .call("send_code", &request)
                .await
                .map_err(|reason| ProviderError { reason })?;
            if !answer.store_state(state) {
                return Err(ProviderError {
                    reason: "provider: state is not base64url".into(),
                });
            }
            match answer.outcome.as_str() {
                "sent" => Ok(()),
                _ => Err(ProviderError {
                    reason: answer.reason(),
                }),
            }
        })
    }

    fn check_code<'a>(
        &'a self,
        login: &'a Login,
        code: &'a Secret,
        state: &'a mut ProviderState,
    ) -> BoxFuture<'a, CodeOutcome> {
        Box::pin(async move {
            let request = Request {
                code: Some(code.expose()),
                ..Request::new(login, state)
            };
            let answer = match self.call("check_code", &request).await {
                Ok(answer) => answer,
                Err(reason) => return CodeOutcome::Error { reason },
            };
            if !answer.store_state(state) {
                return CodeOutcome::Error {
                    reason: "provider: state is not base64url".into(),
                };
            }
            match answer.outcome.as_str() {
                "accepted" => CodeOutcome::Accepted,
                "wrong" => CodeOutcome::Wrong,
                _ => CodeOutcome::Error {
                    reason: answer.reason(),
                },
            }
        })
    }

    fn recheck<'a>(
        &'a self,
        login: &'a Login,
        state: &'a mut ProviderState,
    ) -> BoxFuture<'a, LoginOutcome> {
        Box::pin(self.login_call("recheck", login, state))
    }
}
