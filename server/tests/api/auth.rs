//! `/auth/*` and connect-token checks.

use hmac::{Hmac, Mac};
use protocol::{ConnectClaims, Mode};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::common::*;

#[tokio::test]
async fn access_tokens_follow_arcadias_shape() {
    let server = Server::start(&[]).await;
    let (status, body) = server
        .post(
            "/auth/access_token",
            None,
            json!({"client_id": server.sandbox.client_id, "client_secret": server.sandbox.client_secret}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 7200);
    assert!(body["access_token"].as_str().unwrap().len() > 30);
    let created_at = body["created_at"].as_i64().unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!((now - created_at).abs() < 60);

    for wrong in [
        json!({"client_id": server.sandbox.client_id, "client_secret": "cs_wrong"}),
        json!({"client_id": "cl_nobody", "client_secret": server.sandbox.client_secret}),
        json!({"client_id": "", "client_secret": ""}),
    ] {
        let (status, body) = server.post("/auth/access_token", None, wrong).await;
        assert_eq!(status, 401, "{body}");
        assert_eq!(body["error"]["type"], "unauthorized");
    }
    let (status, body) = server
        .post("/auth/access_token", None, json!({"client_id": "x"}))
        .await;
    assert_eq!(status, 422, "{body}");
}

#[tokio::test]
async fn connect_token_modes_and_errors() {
    let server = Server::start(&[]).await;
    let access = server.access_token(&server.sandbox).await;

    let (status, body) = server
        .post(
            "/auth/connect_token",
            Some(&access),
            json!({"client_user_id": "user-1"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let token = body["connect_token"].as_str().unwrap();
    let expires_at = time::OffsetDateTime::parse(
        body["expires_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let lifetime = expires_at - time::OffsetDateTime::now_utc();
    assert!(
        lifetime.whole_seconds() > 7100 && lifetime.whole_seconds() <= 7200,
        "{lifetime}"
    );
    // The component reads its scope from the claims without a round trip.
    let claims = ConnectClaims::decode_unverified(token).unwrap();
    assert_eq!(claims.mode, Mode::Create);
    assert_eq!(claims.client_name, "Demo Energy App");
    assert_eq!(claims.client_user_id.as_deref(), Some("user-1"));

    let (status, body) = server
        .post("/auth/connect_token", Some(&access), json!({}))
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = server
        .request(
            reqwest::Method::POST,
            "/auth/connect_token",
            Some(&access),
            None,
        )
        .await;
    assert_eq!(status, 422, "no body at all is 'neither'");
    let (status, body) = server
        .post(
            "/auth/connect_token",
            Some(&access),
            json!({"client_user_id": "u", "utility_credential_id": 1}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["type"], "invalid_parameters");
    let (status, body) = server
        .post(
            "/auth/connect_token",
            Some(&access),
            json!({"utility_credential_id": 999}),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    let (status, body) = server
        .post(
            "/auth/connect_token",
            Some(&access),
            json!({"client_user_id": ""}),
        )
        .await;
    assert_eq!(status, 422, "{body}");

    for bad in [None, Some("uca_not-a-token"), Some("")] {
        let (status, body) = server
            .post("/auth/connect_token", bad, json!({"client_user_id": "u"}))
            .await;
        assert_eq!(status, 401, "{body}");
    }
}

#[tokio::test]
async fn update_tokens_only_for_own_credentials() {
    let server = Server::start(&[]).await;
    let token = server.create_token(&server.sandbox, "owner").await;
    let id = server.submit_ok(&token, "verified").await;
    server.poll_status(&token, id, "verified").await;

    let access = server.access_token(&server.sandbox).await;
    let update = server
        .connect_token(&access, json!({"utility_credential_id": id}))
        .await;
    let claims = ConnectClaims::decode_unverified(&update).unwrap();
    assert_eq!(claims.mode, Mode::Update);
    assert_eq!(claims.utility_credential_id, Some(id));
    assert_eq!(claims.utility.as_ref().map(|u| u.id), Some(COMED));
    assert_eq!(
        claims.utility.map(|u| u.name).as_deref(),
        Some("Commonwealth Edison Co")
    );

    let other = server.add_client("Other App", None);
    let other_access = server.access_token(&other).await;
    let (status, body) = server
        .post(
            "/auth/connect_token",
            Some(&other_access),
            json!({"utility_credential_id": id}),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    let (status, _) = server
        .get(&format!("/utility_credentials/{id}"), Some(&other_access))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn an_expired_access_token_is_refused() {
    let server = Server::start(&[]).await;
    let token = "uca_expired-token-for-test";
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    server
        .store()
        .lock()
        .execute(
            "INSERT INTO access_tokens (token_hash, client_id, expires_at) VALUES (?1, ?2, ?3)",
            utility_connect_server::params![
                Sha256::digest(token.as_bytes()).to_vec(),
                server.sandbox.client_id,
                now - 1
            ],
        )
        .unwrap();
    let (status, body) = server
        .post(
            "/auth/connect_token",
            Some(token),
            json!({"client_user_id": "u"}),
        )
        .await;
    assert_eq!(status, 401, "{body}");
    let (status, _) = server
        .get("/utility_credentials?client_user_id=u", Some(token))
        .await;
    assert_eq!(status, 401);
}

/// Signs claims with the server's real key, to reach the expiry check.
fn forge(master_hex: &str, claims: &ConnectClaims) -> String {
    let master: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&master_hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let mut derive = Hmac::<Sha256>::new_from_slice(&master).unwrap();
    derive.update(b"connect-token-v1");
    let key = derive.finalize().into_bytes();
    let payload = claims.encode_payload();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(payload.as_bytes());
    format!(
        "{payload}.{}",
        protocol::base64url_encode(&mac.finalize().into_bytes())
    )
}

#[tokio::test]
async fn connect_tokens_are_checked_on_every_call() {
    let server = Server::start(&[]).await;
    let good = server.create_token(&server.sandbox, "user-x").await;
    let (status, _) = server.get("/connect/session", Some(&good)).await;
    assert_eq!(status, 200);

    let master = std::fs::read_to_string(server.data_dir.join("master.key")).unwrap();
    let mut claims = ConnectClaims::decode_unverified(&good).unwrap();
    claims.exp = claims.iat - 1;
    let expired = forge(master.trim(), &claims);
    let (status, body) = server.get("/connect/session", Some(&expired)).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"]["type"], "connect_token_expired");

    // Someone else's user, with the original signature: the MAC no longer fits.
    let (payload, signature) = good.split_once('.').unwrap();
    let mut altered = ConnectClaims::decode_unverified(&good).unwrap();
    altered.client_user_id = Some("victim".into());
    assert_ne!(altered.encode_payload(), payload);
    let tampered = format!("{}.{signature}", altered.encode_payload());
    let wrong_key = forge(
        &"ab".repeat(32),
        &ConnectClaims::decode_unverified(&good).unwrap(),
    );
    let access = server.access_token(&server.sandbox).await;
    for bad in [
        tampered.as_str(),
        wrong_key.as_str(),
        "garbage",
        "a.b",
        &access,
        &format!("{good}x"),
    ] {
        for path in [
            "/connect/session",
            "/connect/credentials/1",
            "/utilities?zip=10001",
        ] {
            if bad == access && path.starts_with("/utilities") {
                continue; // an access token is fine there
            }
            let (status, body) = server.get(path, Some(bad)).await;
            assert_eq!(status, 401, "{path} {bad}: {body}");
            if path != "/utilities?zip=10001" {
                assert_eq!(body["error"]["type"], "invalid_connect_token", "{path}");
            }
        }
    }
    let (status, body) = server
        .post("/connect/credentials", None, serde_json::json!({}))
        .await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"]["type"], "invalid_connect_token");
}

#[tokio::test]
async fn connect_url_serves_a_token_free_page() {
    let server = Server::start(&[]).await;
    let access = server.access_token(&server.sandbox).await;
    let (status, body) = server
        .post(
            "/auth/connect_url",
            Some(&access),
            json!({"client_user_id": "web-user"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let url = body["connect_url"].as_str().unwrap();
    let (page, token) = url.split_once("#token=").expect("token in the fragment");
    assert_eq!(page, format!("{}/connect", server.url));
    let (status, session) = server.get("/connect/session", Some(token)).await;
    assert_eq!(status, 200);
    assert_eq!(session["mode"], "create");

    let response = server.http.get(page).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    let html = response.text().await.unwrap();
    let loader = html
        .find(r#"<script src="/sdk/utility-connect.js"></script>"#)
        .expect("loader");
    let page_script = html
        .find(r#"<script src="/connect-page.js"></script>"#)
        .expect("page script");
    let root = html
        .find(r#"<main id="connect-root"></main>"#)
        .expect("root element");
    assert!(
        root < loader && loader < page_script,
        "root, then the global, then the page script: {html}"
    );
    assert!(!html.contains(token) && !html.contains("token="));

    let (status, body) = server
        .post(
            "/auth/connect_url",
            Some(&access),
            json!({"client_user_id": "u", "variant": "tariff"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = server
        .post("/auth/connect_url", Some(&access), json!({}))
        .await;
    assert_eq!(status, 422);
    let (status, _) = server
        .post("/auth/connect_url", None, json!({"client_user_id": "u"}))
        .await;
    assert_eq!(status, 401);
}
