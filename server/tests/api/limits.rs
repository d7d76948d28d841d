//! Attempt limits per connect token: 5 submissions, 5 wrong codes.

use std::time::Duration;

use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn the_sixth_submission_spends_the_token_even_after_a_restart() {
    // One login rejected five times: the per-login cap (login_limit.rs) is
    // raised so that this test sees the per-token limit alone.
    let mut server = Server::start_binary(&["--login-failure-limit", "10"]).await;
    let token = server.create_token(&server.sandbox, "guesser").await;
    let mut id = None;
    for n in 1..=5 {
        let (code, body) = server.submit(&token, COMED, &format!("rejected-{n}")).await;
        assert_eq!(code, 201, "{body}");
        assert_eq!(body["submissions_left"], 5 - n);
        let this = body["utility_credential_id"].as_i64().unwrap();
        assert_eq!(*id.get_or_insert(this), this);
        let status = server.poll_status(&token, this, "rejected").await;
        // Every kind of wrong login looks the same to the component.
        assert_eq!(
            status,
            json!({"utility_credential_id": this, "verification_status": "rejected", "mfa": null, "submissions_left": 5 - n})
        );
        if n == 3 {
            server.restart().await;
        }
    }
    let (code, body) = server.submit(&token, COMED, "verified").await;
    assert_eq!(code, 429, "{body}");
    assert_eq!(body["error"]["type"], "attempts_exhausted");
    for path in [
        "/connect/session".to_string(),
        format!("/connect/credentials/{}", id.unwrap()),
        "/utilities?zip=10001".into(),
    ] {
        let (code, body) = server.get(&path, Some(&token)).await;
        assert_eq!(code, 429, "{path}: {body}");
    }
    server.restart().await;
    let (code, _) = server.get("/connect/session", Some(&token)).await;
    assert_eq!(code, 429, "the limit survives a restart");
    // A fresh token for the same user starts over.
    let fresh = server.create_token(&server.sandbox, "guesser").await;
    let (code, session) = server.get("/connect/session", Some(&fresh)).await;
    assert_eq!((code, session["submissions_left"].as_u64()), (200, Some(5)));
}

#[tokio::test]
async fn five_wrong_codes_reject_and_spend_the_token() {
    let receiver = Receiver::start().await;
    let server = Server::start(&[]).await;
    let client = server.add_client("Codes App", Some(&receiver.url));
    let token = server.create_token(&client, "code-guesser").await;
    let id = server.submit_ok(&token, "mfa-9").await;
    server
        .poll_until(&token, id, Duration::from_secs(10), |b| !b["mfa"].is_null())
        .await;
    let (code, _) = server
        .post(
            &format!("/connect/credentials/{id}/mfa/method"),
            Some(&token),
            json!({"method": "sms"}),
        )
        .await;
    assert_eq!(code, 200);
    let path = format!("/connect/credentials/{id}/mfa/code");
    for left in (0..5).rev() {
        let (code, body) = server
            .post(&path, Some(&token), json!({"code": format!("00000{left}")}))
            .await;
        assert_eq!(code, 200, "{body}");
        assert_eq!(body["mfa"]["code_attempts_left"], left);
        assert_eq!(body["mfa"]["last_code_rejected"], true);
        let expected = if left == 0 { "rejected" } else { "pending" };
        assert_eq!(body["verification_status"], expected);
    }
    let (code, body) = server
        .post(&path, Some(&token), json!({"code": "123456"}))
        .await;
    assert_eq!(
        (code, body["error"]["type"].as_str()),
        (429, Some("attempts_exhausted"))
    );
    let (code, _) = server
        .get(&format!("/connect/credentials/{id}"), Some(&token))
        .await;
    assert_eq!(code, 429);

    let access = server.access_token(&client).await;
    let (_, credential) = server
        .get(&format!("/utility_credentials/{id}"), Some(&access))
        .await;
    assert_eq!(credential["verification_status"], "rejected");
    let event = receiver
        .wait_for_event("utility_credential_rejected", id, Duration::from_secs(10))
        .await;
    verify_signature(&client.webhook_signing_secret, &event);
}
