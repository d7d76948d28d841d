//! `--demo-host` and `--static-dir`, which the demo page and e2e tests use.

use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn demo_host_mints_create_and_update_tokens_and_shows_events() {
    let static_dir = tempfile::tempdir().unwrap();
    std::fs::write(
        static_dir.path().join("index.html"),
        "<!doctype html><title>demo</title>",
    )
    .unwrap();
    std::fs::write(
        static_dir.path().join("connect-page.js"),
        "console.log('hi')",
    )
    .unwrap();
    let server = Server::start(&[
        "--demo-host",
        "--static-dir",
        static_dir.path().to_str().unwrap(),
    ])
    .await;

    let (status, body) = server.post("/demo/connect_token", None, json!({})).await;
    assert_eq!(status, 200, "{body}");
    let token = body["connect_token"].as_str().unwrap().to_string();
    let (_, session) = server.get("/connect/session", Some(&token)).await;
    assert_eq!(session["mode"], "create");
    let id = server.submit_ok(&token, "verified").await;
    server.poll_status(&token, id, "verified").await;

    let (status, body) = server
        .post(
            "/demo/connect_token",
            None,
            json!({"utility_credential_id": id}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let update = body["connect_token"].as_str().unwrap();
    let (_, session) = server.get("/connect/session", Some(update)).await;
    assert_eq!(
        (
            session["mode"].as_str(),
            session["utility_credential_id"].as_i64()
        ),
        (Some("update"), Some(id))
    );
    let (status, _) = server
        .post(
            "/demo/connect_token",
            None,
            json!({"utility_credential_id": 4242}),
        )
        .await;
    assert_eq!(status, 404);

    let (_, credentials) = server.get("/demo/utility_credentials", None).await;
    assert_eq!(credentials["utility_credentials"][0]["id"], id);
    let (_, events) = server.get("/demo/webhook_events", None).await;
    assert_eq!(
        events["webhook_events"][0]["type"],
        "utility_credential_verified"
    );

    let index = server
        .http
        .get(format!("{}/", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(index.status(), 200);
    assert!(index.text().await.unwrap().contains("<title>demo</title>"));
    let script = server
        .http
        .get(format!("{}/connect-page.js", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), 200);
    let (status, body) = server.get("/missing.js", None).await;
    assert_eq!(
        (status, body["error"]["type"].as_str()),
        (404, Some("unknown_route"))
    );
}

#[tokio::test]
async fn without_demo_host_there_are_no_demo_routes() {
    let server = Server::start(&[]).await;
    let (status, _) = server.post("/demo/connect_token", None, json!({})).await;
    assert_eq!(status, 404);
}
