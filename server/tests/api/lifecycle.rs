//! Update mode, re-checks, `change_password`, revocation.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn change_password_revokes_and_update_mode_restores_the_same_id() {
    // The production re-check interval: the sandbox's change_password must
    // still show the revocation within 10 s.
    let receiver = Receiver::start().await;
    let server = Server::start(&["--recheck-interval-secs", "3600"]).await;
    let client = server.add_client("Lifecycle App", Some(&receiver.url));
    let access = server.access_token(&client).await;
    let token = server
        .connect_token(&access, json!({"client_user_id": "life"}))
        .await;
    let id = server.submit_ok(&token, "verified-old").await;
    server.poll_status(&token, id, "verified").await;
    let verified = receiver
        .wait_for_event("utility_credential_verified", id, Duration::from_secs(10))
        .await;
    verify_signature(&client.webhook_signing_secret, &verified);

    let (code, body) = server
        .post(
            &format!("/sandbox/utility_credentials/{id}/change_password"),
            Some(&access),
            json!({}),
        )
        .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(
        body["verification_status"], "verified",
        "not until the re-check"
    );
    let changed_at = Instant::now();
    let revoked = receiver
        .wait_for_event("utility_credential_revoked", id, Duration::from_secs(10))
        .await;
    assert!(changed_at.elapsed() < Duration::from_secs(10));
    verify_signature(&client.webhook_signing_secret, &revoked);
    assert_eq!(revoked.json()["data"]["verification_status"], "revoked");
    let (_, credential) = server
        .get(&format!("/utility_credentials/{id}"), Some(&access))
        .await;
    assert_eq!(credential["verification_status"], "revoked");

    // The host brings the user back in update mode.
    let update = server
        .connect_token(&access, json!({"utility_credential_id": id}))
        .await;
    let (code, session) = server.get("/connect/session", Some(&update)).await;
    assert_eq!(code, 200);
    assert_eq!(session["mode"], "update");
    assert_eq!(session["utility_credential_id"], id);
    assert_eq!(
        session["utility"],
        json!({"id": COMED, "name": "Commonwealth Edison Co"})
    );

    // The old password no longer works at the utility.
    let (code, body) = server
        .post(
            "/connect/credentials",
            Some(&update),
            json!({"username": "someone@example.com", "password": "verified-old"}),
        )
        .await;
    assert_eq!(code, 201, "{body}");
    assert_eq!(body["utility_credential_id"], id);
    server.poll_status(&update, id, "rejected").await;

    let (code, body) = server
        .post("/connect/credentials", Some(&update), json!({"utility_id": 999, "username": "someone@example.com", "password": "verified-new"}))
        .await;
    assert_eq!(code, 201, "utility_id is ignored in update mode: {body}");
    assert_eq!(body["utility_credential_id"], id);
    assert_eq!(body["submissions_left"], 3);
    server.poll_status(&update, id, "verified").await;
    let reverified = receiver
        .wait_for(Duration::from_secs(10), |all| {
            all.iter()
                .filter(|r| {
                    r.json()["type"] == "utility_credential_verified"
                        && r.json()["data"]["id"] == id
                })
                .count()
                == 2
        })
        .await;
    assert!(reverified.iter().all(|r| r.json()["data"]["id"] == id));

    let (_, list) = server
        .get("/utility_credentials?client_user_id=life", Some(&access))
        .await;
    assert_eq!(
        list["utility_credentials"].as_array().unwrap().len(),
        1,
        "same credential, no new one"
    );
    assert_eq!(
        list["utility_credentials"][0]["verification_status"],
        "verified"
    );
    // An update token sees only its credential.
    let other = server
        .connect_token(&access, json!({"client_user_id": "life"}))
        .await;
    let other_id = server.submit_ok(&other, "verified").await;
    let (code, _) = server
        .get(&format!("/connect/credentials/{other_id}"), Some(&update))
        .await;
    assert_eq!(code, 404);
}

#[tokio::test]
async fn rechecks_run_on_the_configured_schedule() {
    let server = Server::start(&["--recheck-interval-secs", "1"]).await;
    let access = server.access_token(&server.sandbox).await;
    let token = server
        .connect_token(&access, json!({"client_user_id": "recheck"}))
        .await;
    let id = server.submit_ok(&token, "verified").await;
    server.poll_status(&token, id, "verified").await;
    // Still verified after several re-checks…
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let (_, credential) = server
        .get(&format!("/utility_credentials/{id}"), Some(&access))
        .await;
    assert_eq!(credential["verification_status"], "verified");
    let rechecked_at = credential["updated_at"].as_str().unwrap().to_string();
    assert_ne!(
        rechecked_at,
        credential["verification_updated_at"].as_str().unwrap(),
        "re-checks touched the row"
    );
    // …and revoked by the first one after the password changed.
    server
        .post(
            &format!("/sandbox/utility_credentials/{id}/change_password"),
            Some(&access),
            json!({}),
        )
        .await;
    let started = Instant::now();
    loop {
        let (_, credential) = server
            .get(&format!("/utility_credentials/{id}"), Some(&access))
            .await;
        if credential["verification_status"] == "revoked" {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "{credential}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (code, _) = server
        .post(
            "/sandbox/utility_credentials/99999/change_password",
            Some(&access),
            json!({}),
        )
        .await;
    assert_eq!(code, 404);
}
