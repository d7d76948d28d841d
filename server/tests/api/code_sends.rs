//! One-time codes sent: limited per credential and per token, across method
//! changes, resends and new submissions, with `Retry-After`.

use std::time::Duration;

use serde_json::{json, Value};

use crate::common::*;

/// Status, `Retry-After` seconds and body of a POST.
pub async fn post_with_retry_after(
    server: &Server,
    path: &str,
    bearer: &str,
    body: Value,
) -> (u16, Option<u64>, Value) {
    let response = server
        .http
        .post(format!("{}{path}", server.url))
        .bearer_auth(bearer)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|value| value.to_str().unwrap().parse().unwrap());
    (status, retry_after, response.json().await.unwrap())
}

async fn wait_for_challenge(server: &Server, token: &str, id: i64) {
    server
        .poll_until(token, id, Duration::from_secs(10), |b| !b["mfa"].is_null())
        .await;
}

#[tokio::test]
async fn code_sends_are_limited_across_method_changes_resends_and_tokens() {
    let server = Server::start(&[]).await;
    let token = server.create_token(&server.sandbox, &unique("user")).await;
    let id = server.submit_ok(&token, "mfa").await;
    wait_for_challenge(&server, &token, id).await;
    let method = format!("/connect/credentials/{id}/mfa/method");
    let resend = format!("/connect/credentials/{id}/mfa/resend");

    // Switching methods used to reset the resend count: five sends is the share.
    for n in 0..5 {
        let way = if n % 2 == 0 { "sms" } else { "email" };
        let (code, _, body) =
            post_with_retry_after(&server, &method, &token, json!({"method": way})).await;
        assert_eq!(code, 200, "send {n}: {body}");
    }
    for (path, body) in [(&method, json!({"method": "sms"})), (&resend, json!({}))] {
        let (code, retry_after, body) = post_with_retry_after(&server, path, &token, body).await;
        assert_eq!(code, 429, "{body}");
        assert_eq!(body["error"]["type"], "too_many_codes_sent", "{body}");
        let wait = retry_after.expect("a Retry-After header");
        assert!((1..=15 * 60).contains(&wait), "{wait}");
        let description = body["error"]["description"].as_str().unwrap();
        assert!(
            description.contains("You can ask for another in about 15 minutes"),
            "{description}"
        );
    }
    // The code already sent still works: the limit stops sends, not sign-ins.
    let (code, body) = server
        .post(
            &format!("/connect/credentials/{id}/mfa/code"),
            Some(&token),
            json!({"code": "123456"}),
        )
        .await;
    assert_eq!(code, 200, "{body}");
    server.poll_status(&token, id, "verified").await;

    // A new token and a new submission of the same credential get no new share.
    let access = server.access_token(&server.sandbox).await;
    let update = server
        .connect_token(&access, json!({"utility_credential_id": id}))
        .await;
    let (code, body) = server.submit(&update, COMED, "mfa").await;
    assert_eq!(code, 201, "{body}");
    wait_for_challenge(&server, &update, id).await;
    let (code, retry_after, body) =
        post_with_retry_after(&server, &method, &update, json!({"method": "email"})).await;
    assert_eq!(
        (code, body["error"]["type"].as_str()),
        (429, Some("too_many_codes_sent")),
        "{body}"
    );
    assert!(retry_after.is_some());
}
