//! The data dir an operator backs up: private modes whatever the umask, and
//! no secret in plaintext in any of its files.

use std::time::Duration;

use serde_json::json;

use crate::common::*;

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(path).unwrap().permissions()) & 0o777
}

#[cfg(unix)]
#[tokio::test]
async fn files_are_private_and_hold_no_plaintext_secret_under_umask_022() {
    let receiver = Receiver::start().await;
    let server = Server::start_production_with_umask(&[], "022").await;
    let client = server.add_client("Private App", Some(&receiver.url));
    let rotated = server.operate_json(&[
        "clients",
        "rotate-webhook-secret",
        "--client-id",
        &client.client_id,
    ]);
    let new_webhook_secret = rotated["webhook_signing_secret"]
        .as_str()
        .unwrap()
        .to_string();
    let user = unique("CANARYUSER");
    let password = unique("verified-CANARYPW");
    let token = server.create_token(&client, "u").await;
    let (status, body) = server
        .post(
            "/connect/credentials",
            Some(&token),
            json!({"utility_id": COMED, "username": user, "password": password}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["utility_credential_id"].as_i64().unwrap();
    server.poll_status(&token, id, "verified").await;
    receiver
        .wait_for_event("utility_credential_verified", id, Duration::from_secs(15))
        .await;

    assert_eq!(mode(&server.data_dir), 0o700, "the data dir");
    let files = read_dir_bytes(&server.data_dir);
    let names: Vec<String> = files
        .iter()
        .map(|(path, _)| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let expected: &[&str] = match server.database_url {
        Some(_) => &["master.key"],
        None => &[
            "connect.sqlite3",
            "connect.sqlite3-wal",
            "connect.sqlite3-shm",
            "master.key",
        ],
    };
    for expected in expected {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    let webhook_keys = |secret: &str| [secret.to_string(), secret["whsec_".len()..].to_string()];
    let mut canaries = vec![user.clone(), password.clone(), client.client_secret.clone()];
    canaries.extend(webhook_keys(&client.webhook_signing_secret));
    canaries.extend(webhook_keys(&new_webhook_secret));
    for (path, bytes) in &files {
        assert_eq!(mode(path), 0o600, "{}", path.display());
        for canary in &canaries {
            assert!(!contains(bytes, canary), "{canary} in {}", path.display());
        }
    }
    for (table, bytes) in server.store_dump() {
        for canary in &canaries {
            assert!(!contains(&bytes, canary), "{canary} in {}", table.display());
        }
    }
}
