//! The Connect API as the component sees it: typed calls, and every way a
//! call can go wrong folded into a `flow::Failure`.

use gloo_net::http::{Request, Response};
use protocol::{error_types, ErrorBody, SessionInfo};
use serde::de::DeserializeOwned;

use crate::flow::{Failure, FailureKind};

#[derive(Clone, Debug)]
pub struct ApiClient {
    base_url: String,
    connect_token: String,
}

impl ApiClient {
    /// `base_url` without a trailing slash; empty means the page's own origin.
    pub fn new(base_url: &str, connect_token: &str) -> Self {
        ApiClient { base_url: base_url.trim_end_matches('/').to_string(), connect_token: connect_token.to_string() }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    fn authorization(&self) -> String {
        format!("Bearer {}", self.connect_token)
    }

    pub async fn session(&self) -> Result<SessionInfo, Failure> {
        let response = Request::get(&self.url("/connect/session"))
            .header("Authorization", &self.authorization())
            .send()
            .await
            .map_err(|_| network_failure())?;
        read_json(response).await
    }
}

fn network_failure() -> Failure {
    Failure { kind: FailureKind::Network, message: "The Connect service could not be reached.".into() }
}

/// Reads a success body, or turns an error answer into a failure. Bodies are
/// read as text first so that malformed JSON is a failure, never a panic.
async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, Failure> {
    let status = response.status();
    let text = response.text().await.map_err(|_| network_failure())?;
    if (200..300).contains(&status) {
        return serde_json::from_str(&text).map_err(|_| Failure {
            kind: FailureKind::Server,
            message: "The Connect service sent an answer we could not read.".into(),
        });
    }
    Err(classify_error(status, &text))
}

/// Maps an error answer to a failure; public so the rules are tested natively.
pub fn classify_error(status: u16, body: &str) -> Failure {
    let parsed: Option<ErrorBody> = serde_json::from_str(body).ok();
    let kind_text = parsed.as_ref().map(|body| body.error.kind.as_str()).unwrap_or("");
    let kind = match (status, kind_text) {
        (_, error_types::CONNECT_TOKEN_EXPIRED) => FailureKind::ExpiredToken,
        (401, _) | (_, error_types::INVALID_CONNECT_TOKEN) => FailureKind::InvalidToken,
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
    fn error_answers_map_to_failure_kinds() {
        let expired = r#"{"error":{"type":"connect_token_expired","description":"The connect token has expired."}}"#;
        assert_eq!(classify_error(401, expired).kind, FailureKind::ExpiredToken);
        let invalid = r#"{"error":{"type":"invalid_connect_token","description":"x"}}"#;
        assert_eq!(classify_error(401, invalid).kind, FailureKind::InvalidToken);
        assert_eq!(classify_error(401, "not json").kind, FailureKind::InvalidToken);
        let failure = classify_error(502, "<html>bad gateway</html>");
        assert_eq!(failure.kind, FailureKind::Server);
        assert!(failure.message.contains("502"));
    }
}
