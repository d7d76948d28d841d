//! Master key rotation, as an operator runs it: stop the server, rotate
//! (here interrupted after one batch, then resumed), retire the old version,
//! start again; every login and webhook secret still opens.

use std::time::Duration;

use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn a_rotated_master_key_still_opens_every_secret_and_the_old_version_retires() {
    let receiver = Receiver::start().await;
    let mut server = Server::start_production(&[], &[]).await;
    let client = server.add_client("Keyed App", Some(&receiver.url));
    server.settle(&client, "u1", "verified", "verified").await;
    let (_, rejected) = server.settle(&client, "u2", "rejected", "rejected").await;
    server.kill9();

    let before = server.operate_json(&["keys", "status"]);
    assert_eq!(before["current_version"], 1);
    // Two logins and one webhook secret.
    assert_eq!(before["sealed_values"], json!({"1": 3}));

    // Interrupted after one batch of one: both versions in use.
    let partial =
        server.operate_json(&["keys", "rotate", "--batch-size", "1", "--max-batches", "1"]);
    assert_eq!(partial["added_version"], 2);
    assert_eq!(partial["rewrapped"], 1);
    assert_eq!(partial["status"]["sealed_values"], json!({"1": 2, "2": 1}));
    let (code, _, stderr) = server.operate(&["keys", "retire", "--version", "1"]);
    assert_ne!(code, 0);
    assert!(
        stderr.starts_with("error: key version 1 still seals 2 values"),
        "{stderr}"
    );
    assert_eq!(
        server.operate_json(&["keys", "check"]),
        json!({"opened": 3, "failed": 0})
    );

    let resumed = server.operate_json(&["keys", "rotate", "--resume", "--batch-size", "2"]);
    assert_eq!(resumed["added_version"], serde_json::Value::Null);
    assert_eq!(resumed["rewrapped"], 2);
    assert_eq!(resumed["status"]["sealed_values"], json!({"2": 3}));
    let (code, _, stderr) = server.operate(&["keys", "retire", "--version", "2"]);
    assert_ne!(code, 0, "the current version cannot retire: {stderr}");
    assert_eq!(
        server.operate_json(&["keys", "retire", "--version", "1"]),
        json!({"retired_version": 1})
    );
    assert!(!server.data_dir.join("master.key").exists());
    let after = server.operate_json(&["keys", "status"]);
    assert_eq!(after["key_versions"], json!([2]));
    assert_eq!(
        server.operate_json(&["keys", "check"]),
        json!({"opened": 3, "failed": 0})
    );

    // The restarted server reads the rewrapped secrets: a resubmission in
    // update mode replaces a login, and its webhook is signed with the
    // rewrapped webhook secret.
    server.restart().await;
    let access = server.access_token(&client).await;
    let update = server
        .connect_token(&access, json!({"utility_credential_id": rejected}))
        .await;
    let (status, body) = server.submit(&update, COMED, "verified-again").await;
    assert_eq!(status, 201, "{body}");
    server.poll_status(&update, rejected, "verified").await;
    let event = receiver
        .wait_for_event(
            "utility_credential_verified",
            rejected,
            Duration::from_secs(15),
        )
        .await;
    verify_signature(&client.webhook_signing_secret, &event);
    assert_eq!(server.operate_json(&["keys", "check"])["failed"], 0);
}
