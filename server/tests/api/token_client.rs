//! Connect tokens whose claims name something the database lacks, and
//! `client_user_id` limits counted as the API document counts them.

use hmac::{Hmac, Mac};
use protocol::{ConnectClaims, Mode};
use serde_json::json;
use sha2::Sha256;

use crate::common::*;

const MASTER_KEY: &str = "1111111111111111111111111111111111111111111111111111111111111111";

/// Signs claims as the server does (the master key is the test's own), so
/// only the named client is wrong, not the signature.
fn signed_token(claims: &ConnectClaims) -> String {
    let master = [0x11u8; 32];
    let mut derive = Hmac::<Sha256>::new_from_slice(&master).unwrap();
    derive.update(b"connect-token-v1");
    let signing_key = derive.finalize().into_bytes();
    let payload = claims.encode_payload();
    let mut mac = Hmac::<Sha256>::new_from_slice(&signing_key).unwrap();
    mac.update(payload.as_bytes());
    let signature = mac.finalize().into_bytes();
    format!("{payload}.{}", protocol::base64url_encode(&signature))
}

fn claims_for(client_id: &str) -> ConnectClaims {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    ConnectClaims {
        v: protocol::claims::TOKEN_VERSION,
        typ: protocol::claims::TOKEN_TYPE.into(),
        mode: Mode::Create,
        client_id: client_id.into(),
        client_name: "Nobody".into(),
        client_user_id: Some("u1".into()),
        utility_credential_id: None,
        utility: None,
        iat: now,
        exp: now + 600,
        jti: unique("jti"),
    }
}

#[tokio::test]
async fn a_signed_token_naming_a_missing_client_is_refused_as_invalid() {
    let server = Server::start_with_env(&[], &[("UTILITY_CONNECT_MASTER_KEY", MASTER_KEY)]).await;
    // The harness is right about the key: a token for the real client works.
    let real = signed_token(&claims_for(&server.sandbox.client_id));
    let (code, body) = server.get("/connect/session", Some(&real)).await;
    assert_eq!(code, 200, "{body}");

    let ghost = signed_token(&claims_for("cl_does_not_exist"));
    let submission = json!({"utility_id": COMED, "username": "u", "password": "verified"});
    for (method, path, body) in [
        (reqwest::Method::GET, "/connect/session", None),
        (
            reqwest::Method::POST,
            "/connect/credentials",
            Some(submission.clone()),
        ),
        (reqwest::Method::GET, "/connect/credentials/1", None),
        (
            reqwest::Method::POST,
            "/connect/credentials/1/mfa/resend",
            Some(json!({})),
        ),
        (reqwest::Method::GET, "/utilities?zip=60601", None),
        (
            reqwest::Method::POST,
            "/sandbox/connect/submit_test_credentials",
            Some(submission.clone()),
        ),
    ] {
        let (code, answer) = server.request(method, path, Some(&ghost), body).await;
        assert_eq!(code, 401, "{path}: {answer}");
        assert_eq!(answer["error"]["type"], "invalid_connect_token", "{path}");
    }
    assert!(!server.logs().contains("FOREIGN KEY"), "{}", server.logs());
}

#[tokio::test]
async fn client_user_id_length_counts_characters_not_bytes() {
    let server = Server::start(&[]).await;
    let access = server.access_token(&server.sandbox).await;
    for accepted in ["😀".repeat(64), "é".repeat(255), "x".repeat(255)] {
        let (code, body) = server
            .post(
                "/auth/connect_token",
                Some(&access),
                json!({"client_user_id": accepted}),
            )
            .await;
        assert_eq!(code, 200, "{} chars: {body}", accepted.chars().count());
    }
    for refused in ["😀".repeat(256), "x".repeat(256)] {
        let (code, body) = server
            .post(
                "/auth/connect_token",
                Some(&access),
                json!({"client_user_id": refused}),
            )
            .await;
        assert_eq!(code, 422, "{body}");
    }
}
