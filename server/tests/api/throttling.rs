//! Host authentication and token minting are throttled (429 +
//! `Retry-After`), and a client's live access tokens are capped.

use std::net::IpAddr;
use std::time::Duration;

use serde_json::json;

use crate::code_sends::post_with_retry_after;
use crate::common::*;

/// An HTTP client whose requests come from `source` (any 127.x address
/// reaches the loopback server), to act as several callers.
fn client_from(source: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(source.parse::<IpAddr>().unwrap())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

async fn mint_access_token(
    server: &Server,
    http: &reqwest::Client,
    creds: &Creds,
) -> (u16, serde_json::Value) {
    let response = http
        .post(format!("{}/auth/access_token", server.url))
        .json(&json!({"client_id": creds.client_id, "client_secret": creds.client_secret}))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn guessed_client_secrets_are_throttled_per_address() {
    let server = Server::start(&[]).await;
    let guess = json!({"client_id": server.sandbox.client_id, "client_secret": "guess"});
    let mut statuses = Vec::new();
    for _ in 0..60 {
        let (code, retry_after, body) =
            post_with_retry_after(&server, "/auth/access_token", "x", guess.clone()).await;
        if code == 429 {
            assert_eq!(body["error"]["type"], "rate_limited", "{body}");
            assert!(retry_after.is_some_and(|secs| secs >= 1), "{retry_after:?}");
        }
        statuses.push(code);
    }
    // A burst of 30, then one every two seconds.
    let refused = statuses.iter().filter(|&&c| c == 401).count();
    assert!((30..=32).contains(&refused), "{statuses:?}");
    assert_eq!(statuses.iter().filter(|&&c| c == 429).count(), 60 - refused);
    // Another address is not held up by this one.
    let (code, body) = mint_access_token(&server, &client_from("127.0.0.2"), &server.sandbox).await;
    assert_eq!(code, 200, "{body}");
}

#[tokio::test]
async fn access_tokens_are_throttled_and_capped_per_client() {
    let server = Server::start(&[]).await;
    let mut tokens = Vec::new();
    let mut throttled = 0;
    for source in ["127.0.0.2", "127.0.0.3", "127.0.0.4"] {
        let http = client_from(source);
        for _ in 0..25 {
            let (code, body) = mint_access_token(&server, &http, &server.sandbox).await;
            match code {
                200 => tokens.push(body["access_token"].as_str().unwrap().to_string()),
                429 => throttled += 1,
                other => panic!("{other}: {body}"),
            }
        }
    }
    // A burst of 60, then one every two seconds.
    assert!((60..=62).contains(&tokens.len()), "{}", tokens.len());
    assert_eq!(throttled, 75 - tokens.len());
    // Only the newest 50 stay valid: the table cannot grow without bound.
    let revoked = tokens.len() - 50;
    for (n, token) in tokens.iter().enumerate() {
        let (code, body) = server.get("/webhook/events", Some(token)).await;
        let expected = if n < revoked { 401 } else { 200 };
        assert_eq!(code, expected, "token {n}: {body}");
    }
    // Another client has its own budget.
    let other = server.add_client("Other", None);
    server.access_token(&other).await;
}

#[tokio::test]
async fn connect_token_minting_is_throttled_per_client() {
    let server = Server::start(&[]).await;
    let access = server.access_token(&server.sandbox).await;
    let mut statuses = Vec::new();
    for n in 0..400 {
        let path = if n % 2 == 0 {
            "/auth/connect_token"
        } else {
            "/auth/connect_url"
        };
        let (code, retry_after, body) =
            post_with_retry_after(&server, path, &access, json!({"client_user_id": "u"})).await;
        if code == 429 {
            assert_eq!(body["error"]["type"], "rate_limited", "{body}");
            assert!(retry_after.is_some());
        } else {
            assert_eq!(code, 200, "{body}");
        }
        statuses.push(code);
    }
    // A burst of 200 at once, then 20 a second.
    assert!(statuses[..200].iter().all(|&c| c == 200), "{statuses:?}");
    assert!(statuses.contains(&429), "{statuses:?}");
    let other = server.add_client("Other", None);
    server.create_token(&other, "u").await;
}
