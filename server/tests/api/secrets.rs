//! Secrets at rest and in transit: the canary test.

use std::time::Duration;

use serde_json::{json, Value};

use crate::common::*;

#[tokio::test]
async fn canary_secrets_never_appear_in_files_logs_or_responses() {
    let receiver = Receiver::start().await;
    let server = Server::start_with_env(&[], &[("RUST_LOG", "trace")]).await;
    let client = server.add_client("Canary App", Some(&receiver.url));
    let user = unique("CANARYUSER");
    let password = unique("verified-CANARYPW");
    let mfa_password = unique("mfa-CANARYMFA");
    let new_password = unique("verified-CANARYNEW");
    let wrong_code = unique("CANARYOTP");
    let canaries = [&user, &password, &mfa_password, &new_password, &wrong_code];
    let mut responses: Vec<Value> = Vec::new();

    let access = server.access_token(&client).await;
    let token = server
        .connect_token(&access, json!({"client_user_id": "canary-host-user"}))
        .await;
    let login =
        |password: &str| json!({"utility_id": COMED, "username": user, "password": password});
    let (code, body) = server
        .post("/connect/credentials", Some(&token), login(&password))
        .await;
    assert_eq!(code, 201);
    let id = body["utility_credential_id"].as_i64().unwrap();
    responses.push(body);
    responses.push(server.poll_status(&token, id, "verified").await);

    // MFA with a wrong code that is itself a canary.
    let mfa_token = server
        .connect_token(&access, json!({"client_user_id": "canary-host-user-2"}))
        .await;
    let (_, body) = server
        .post(
            "/connect/credentials",
            Some(&mfa_token),
            login(&mfa_password),
        )
        .await;
    let mfa_id = body["utility_credential_id"].as_i64().unwrap();
    responses.push(body);
    responses.push(
        server
            .poll_until(&mfa_token, mfa_id, Duration::from_secs(10), |b| {
                !b["mfa"].is_null()
            })
            .await,
    );
    let (_, body) = server
        .post(
            &format!("/connect/credentials/{mfa_id}/mfa/method"),
            Some(&mfa_token),
            json!({"method": "sms"}),
        )
        .await;
    responses.push(body);
    let (_, body) = server
        .post(
            &format!("/connect/credentials/{mfa_id}/mfa/code"),
            Some(&mfa_token),
            json!({"code": wrong_code}),
        )
        .await;
    responses.push(body);

    // Update mode with a new canary password.
    let update = server
        .connect_token(&access, json!({"utility_credential_id": id}))
        .await;
    let (_, body) = server
        .post(
            "/connect/credentials",
            Some(&update),
            json!({"username": user, "password": new_password}),
        )
        .await;
    responses.push(body);
    responses.push(server.poll_status(&update, id, "verified").await);

    // Malformed bodies that carry a canary: errors must not quote it.
    for bad in [
        json!({"utility_id": password, "username": user, "password": password}),
        json!({"utility_id": COMED, "username": user, "password": [password]}),
        json!({"utility_id": COMED, "username": user}),
        json!({"code": {"nested": wrong_code}}),
    ] {
        responses.push(
            server
                .post("/connect/credentials", Some(&token), bad.clone())
                .await
                .1,
        );
        responses.push(
            server
                .post(
                    &format!("/connect/credentials/{mfa_id}/mfa/code"),
                    Some(&mfa_token),
                    bad,
                )
                .await
                .1,
        );
    }
    responses.push(
        server
            .post(
                "/auth/access_token",
                None,
                json!({"client_id": client.client_id, "client_secret": password}),
            )
            .await
            .1,
    );
    responses.push(
        server
            .get(&format!("/utility_credentials/{id}"), Some(&access))
            .await
            .1,
    );
    responses.push(
        server
            .get(
                "/utility_credentials?client_user_id=canary-host-user",
                Some(&access),
            )
            .await
            .1,
    );
    responses.push(server.get("/webhook/events", Some(&access)).await.1);
    receiver
        .wait_for(Duration::from_secs(10), |all| all.len() >= 2)
        .await;

    server
        .post(
            &format!("/sandbox/utility_credentials/{id}/change_password"),
            Some(&access),
            json!({}),
        )
        .await;
    let mut data_files = read_dir_bytes(&server.data_dir);
    if server.database_url.is_some() {
        data_files.extend(server.store_dump());
    } else {
        assert!(
            data_files
                .iter()
                .any(|(path, _)| path.ends_with("connect.sqlite3-wal")),
            "WAL checked too"
        );
    }
    let logs = server.logs();
    assert!(
        logs.contains("TRACE") || logs.contains("DEBUG") || logs.contains("INFO"),
        "logging was on"
    );
    let webhook_bodies: Vec<Vec<u8>> = receiver.all().into_iter().map(|r| r.body).collect();
    data_files.push(("logs".into(), logs.into_bytes()));
    for canary in canaries {
        for (path, bytes) in &data_files {
            assert!(!contains(bytes, canary), "{canary} in {}", path.display());
        }
        for response in &responses {
            assert!(
                !response.to_string().contains(canary.as_str()),
                "{canary} in response {response}"
            );
        }
        for body in &webhook_bodies {
            assert!(!contains(body, canary), "{canary} in a webhook");
        }
    }
    // Client secrets are stored hashed.
    for (path, bytes) in &data_files {
        assert!(
            !contains(bytes, &client.client_secret),
            "client secret in {}",
            path.display()
        );
    }
}
