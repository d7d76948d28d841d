//! Operator mode, driven as an operator would: the real binary, a temporary
//! data dir, the `clients …` commands while the server runs.

use std::process::Command;
use std::time::Duration;

use serde_json::{json, Value};

use crate::common::*;

#[test]
fn every_subcommand_has_help() {
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["clients", "--help"],
        &["clients", "add", "--help"],
        &["clients", "list", "--help"],
        &["clients", "show", "--help"],
        &["clients", "rotate-secret", "--help"],
        &["clients", "rotate-webhook-secret", "--help"],
        &["clients", "set-origins", "--help"],
        &["clients", "set-webhook-url", "--help"],
        &["clients", "remove", "--help"],
        &["keys", "--help"],
        &["keys", "status", "--help"],
        &["keys", "rotate", "--help"],
        &["keys", "retire", "--help"],
        &["keys", "check", "--help"],
    ] {
        let output = Command::new(BIN).args(args).output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{args:?}");
        assert!(stdout.contains("Usage:"), "{args:?}: {stdout}");
    }
}

#[tokio::test]
async fn without_sandbox_there_is_no_sandbox_client_and_no_sandbox_routes() {
    let server = Server::start_production(&[], &[]).await;
    assert!(!server.logs().contains("client_secret="));
    assert_eq!(server.operate_json(&["clients", "list"]), json!([]));
    let client = server.add_client("Prod App", None);
    let access = server.access_token(&client).await;
    for path in [
        "/sandbox/connect/submit_test_credentials",
        "/sandbox/utility_credentials/1/change_password",
    ] {
        let (status, body) = server.post(path, Some(&access), json!({})).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_eq!(body["error"]["type"], "unknown_route");
    }
    // The production client works as before.
    let token = server.create_token(&client, "u1").await;
    let id = server.submit_ok(&token, "verified").await;
    server.poll_status(&token, id, "verified").await;
}

#[tokio::test]
async fn a_kept_sandbox_client_is_refused_outside_sandbox_mode() {
    let mut server = Server::start_binary(&[]).await;
    let sandbox = server.sandbox.clone();
    let access = server.access_token(&sandbox).await;
    let connect = server
        .connect_token(&access, json!({"client_user_id": "u"}))
        .await;

    server.set_sandbox(false);
    server.restart().await;
    assert_eq!(
        server.access_token_status(&sandbox).await,
        401,
        "its secret"
    );
    let (status, _) = server
        .get("/utility_credentials?client_user_id=u", Some(&access))
        .await;
    assert_eq!(status, 401, "an access token minted before");
    let (status, body) = server.get("/connect/session", Some(&connect)).await;
    assert_eq!(status, 401, "a connect token minted before");
    assert_eq!(body["error"]["type"], "invalid_connect_token");
    // Kept, and listed as the sandbox client.
    let listed = server.operate_json(&["clients", "list"]);
    assert_eq!(listed[0]["sandbox"], true);

    server.set_sandbox(true);
    server.restart().await;
    server.access_token(&sandbox).await;
}

#[tokio::test]
async fn clients_are_listed_shown_and_re_pointed() {
    let server = Server::start_production(&[], &[]).await;
    let client = server.add_client_with_origins("Shown App", &["https://app.example"]);
    let shown = server.operate_json(&["clients", "show", "--client-id", &client.client_id]);
    assert_eq!(shown["name"], "Shown App");
    assert_eq!(shown["allowed_origins"], json!(["https://app.example"]));
    assert_eq!(shown["utility_credentials"], 0);
    let text = shown.to_string();
    assert!(!text.contains(&client.client_secret) && !text.contains("whsec_"));

    let updated = server.operate_json(&[
        "clients",
        "set-origins",
        "--client-id",
        &client.client_id,
        "--allowed-origin",
        "https://New.Example:443/",
        "--allowed-origin",
        "http://localhost:3000",
    ]);
    assert_eq!(
        updated["allowed_origins"],
        json!(["https://new.example", "http://localhost:3000"])
    );
    // The running server applies the new list on its next request.
    let token = server.create_token(&client, "u").await;
    let from = |origin: &str| {
        server
            .http
            .get(format!("{}/connect/session", server.url))
            .bearer_auth(&token)
            .header("Origin", origin.to_string())
            .send()
    };
    assert_eq!(from("https://new.example").await.unwrap().status(), 200);
    assert_eq!(from("https://app.example").await.unwrap().status(), 403);

    let updated = server.operate_json(&[
        "clients",
        "set-webhook-url",
        "--client-id",
        &client.client_id,
        "--webhook-url",
        "https://hooks.example/in",
    ]);
    assert_eq!(updated["webhook_url"], "https://hooks.example/in");
    let cleared = server.operate_json(&[
        "clients",
        "set-webhook-url",
        "--client-id",
        &client.client_id,
        "--clear",
    ]);
    assert_eq!(cleared["webhook_url"], Value::Null);

    let listed = server.operate_json(&["clients", "list"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["client_id"], client.client_id.as_str());

    // Errors: one line, non-zero, nothing changed.
    for args in [
        &["clients", "show", "--client-id", "cl_nope"][..],
        &["clients", "rotate-secret", "--client-id", "cl_nope"],
        &["clients", "remove", "--client-id", "cl_nope"],
        &[
            "clients",
            "set-origins",
            "--client-id",
            &client.client_id,
            "--allowed-origin",
            "https://x.example/path",
        ],
        &[
            "clients",
            "set-webhook-url",
            "--client-id",
            &client.client_id,
            "--webhook-url",
            "ftp://x",
        ],
    ] {
        let (code, stdout, stderr) = server.operate(args);
        assert_ne!(code, 0, "{args:?}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
    }
    let shown = server.operate_json(&["clients", "show", "--client-id", &client.client_id]);
    assert_eq!(shown["allowed_origins"], updated["allowed_origins"]);
    // A mistyped data dir is an error, not a new empty store.
    let output = Command::new(BIN)
        .args(["clients", "list", "--data-dir", "/nonexistent/uc-data"])
        .output()
        .unwrap();
    assert_ne!(output.status.code(), Some(0));
    assert!(!std::path::Path::new("/nonexistent/uc-data").exists());
}

#[tokio::test]
async fn a_rotated_client_secret_fails_at_once_and_the_new_one_works() {
    let server = Server::start_production(&[], &[]).await;
    let client = server.add_client("Rotating App", None);
    let old_access = server.access_token(&client).await;
    let rotated =
        server.operate_json(&["clients", "rotate-secret", "--client-id", &client.client_id]);
    let new_secret = rotated["client_secret"].as_str().unwrap();
    assert_ne!(new_secret, client.client_secret);
    assert_eq!(rotated["access_tokens_revoked"], 1);
    assert_eq!(
        server.access_token_status(&client).await,
        401,
        "the old secret"
    );
    let (status, _) = server.get("/webhook/events", Some(&old_access)).await;
    assert_eq!(status, 401, "an access token the old secret minted");
    let fresh = Creds {
        client_secret: new_secret.to_string(),
        ..client.clone()
    };
    let access = server.access_token(&fresh).await;
    let (status, _) = server.get("/webhook/events", Some(&access)).await;
    assert_eq!(status, 200);
    // Printed once: `show` never has it.
    let shown = server
        .operate(&["clients", "show", "--client-id", &client.client_id])
        .1;
    assert!(!shown.contains(new_secret));
}

#[tokio::test]
async fn webhooks_carry_both_signatures_during_a_rotation_overlap() {
    let receiver = Receiver::start().await;
    let server = Server::start_production(&[], &[]).await;
    let client = server.add_client("Hooked App", Some(&receiver.url));
    let old_secret = client.webhook_signing_secret.clone();
    let rotated = server.operate_json(&[
        "clients",
        "rotate-webhook-secret",
        "--client-id",
        &client.client_id,
        "--overlap-secs",
        "3600",
    ]);
    let new_secret = rotated["webhook_signing_secret"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(new_secret.starts_with("whsec_") && new_secret != old_secret);
    assert!(rotated["previous_secret_valid_until"].is_string());

    let token = server.create_token(&client, "u1").await;
    let id = server.submit_ok(&token, "verified").await;
    let event = receiver
        .wait_for_event("utility_credential_verified", id, Duration::from_secs(15))
        .await;
    let signatures = event.headers["webhook-signature"].to_str().unwrap();
    assert_eq!(signatures.split(' ').count(), 2, "{signatures}");
    assert!(signatures.split(' ').all(|s| s.starts_with("v1,")));
    verify_signature(&old_secret, &event);
    verify_signature(&new_secret, &event);

    // Without overlap the old secret stops at once.
    let rotated = server.operate_json(&[
        "clients",
        "rotate-webhook-secret",
        "--client-id",
        &client.client_id,
        "--overlap-secs",
        "0",
    ]);
    let newest = rotated["webhook_signing_secret"]
        .as_str()
        .unwrap()
        .to_string();
    let token = server.create_token(&client, "u2").await;
    let id = server.submit_ok(&token, "rejected").await;
    let event = receiver
        .wait_for_event("utility_credential_rejected", id, Duration::from_secs(15))
        .await;
    assert_eq!(
        event.headers["webhook-signature"]
            .to_str()
            .unwrap()
            .split(' ')
            .count(),
        1
    );
    verify_signature(&newest, &event);
    let verifier = standardwebhooks::Webhook::new(&new_secret).unwrap();
    assert!(verifier.verify(&event.body, &event.headers).is_err());
}

#[tokio::test]
async fn a_removed_client_loses_its_tokens_and_credentials() {
    let server = Server::start_production(&[], &[]).await;
    let client = server.add_client("Leaving App", None);
    let keeper = server.add_client("Staying App", None);
    let access = server.access_token(&client).await;
    let token = server.create_token(&client, "u1").await;
    let id = server.submit_ok(&token, "verified").await;
    server.poll_status(&token, id, "verified").await;
    let token2 = server.create_token(&client, "u2").await;
    let id2 = server.submit_ok(&token2, "rejected").await;
    server.poll_status(&token2, id2, "rejected").await;
    let kept_token = server.create_token(&keeper, "k").await;
    let kept = server.submit_ok(&kept_token, "verified").await;
    server.poll_status(&kept_token, kept, "verified").await;

    let removed = server.operate_json(&["clients", "remove", "--client-id", &client.client_id]);
    assert_eq!(removed["utility_credentials_deleted"], 2);
    assert!(removed["access_tokens_revoked"].as_u64().unwrap() >= 1);

    let (status, _) = server
        .get(&format!("/utility_credentials/{id}"), Some(&access))
        .await;
    assert_eq!(status, 401, "its access token");
    let (status, _) = server
        .get(&format!("/connect/credentials/{id}"), Some(&token))
        .await;
    assert_eq!(status, 401, "its connect token");
    assert_eq!(server.access_token_status(&client).await, 401, "its secret");
    let listed = server.operate_json(&["clients", "list"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(
        listed[0]["utility_credentials"], 1,
        "the other client keeps its own"
    );
    server.poll_status(&kept_token, kept, "verified").await;
}
