//! Hostile and malformed input: always a JSON error with a 4xx, never a 5xx.

use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use crate::common::*;

const POST_ROUTES: &[&str] = &[
    "/auth/access_token",
    "/auth/connect_token",
    "/auth/connect_url",
    "/connect/credentials",
    "/connect/credentials/1/mfa/method",
    "/connect/credentials/1/mfa/code",
    "/connect/credentials/1/mfa/resend",
    "/sandbox/connect/submit_test_credentials",
    "/sandbox/utility_credentials/1/change_password",
    "/webhook/events/msg_x/replay",
];

async fn raw(
    server: &Server,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Vec<u8>,
) -> (u16, Value) {
    // A fresh connection per request: a server that refuses a body before
    // reading it may close the connection, which must not fail the next test step.
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let mut request = http
        .request(method, format!("{}{path}", server.url))
        .body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let value: Value = serde_json::from_str(&text)
        .unwrap_or_else(|_| panic!("{path}: not JSON ({status}): {text:?}"));
    if status >= 400 {
        assert!(
            value["error"]["type"].is_string() && value["error"]["description"].is_string(),
            "{path}: {value}"
        );
    }
    (status, value)
}

#[tokio::test]
async fn oversized_and_malformed_bodies_are_refused_in_shape() {
    let server = Server::start(&[]).await;
    let token = server.create_token(&server.sandbox, "fuzz").await;
    let access = server.access_token(&server.sandbox).await;
    for path in POST_ROUTES {
        let bearer = if path.starts_with("/connect") || path.contains("submit_test") {
            &token
        } else {
            &access
        };
        let big = format!(
            r#"{{"username":"u","password":"{}"}}"#,
            "p".repeat(20 * 1024)
        )
        .into_bytes();
        let (status, body) = raw(&server, reqwest::Method::POST, path, Some(bearer), big).await;
        assert!(
            status == 413 || status == 404 || status == 409,
            "{path}: {status} {body}"
        );
        let (status, _) = raw(
            &server,
            reqwest::Method::POST,
            path,
            Some(bearer),
            b"{not json".to_vec(),
        )
        .await;
        assert!((400..500).contains(&status), "{path}: {status}");
    }
    let (status, body) = raw(
        &server,
        reqwest::Method::POST,
        "/connect/credentials",
        Some(&token),
        vec![b' '; 17 * 1024],
    )
    .await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["error"]["type"], "payload_too_large");
    // A megabyte is refused from its Content-Length, before it is read; the
    // server may close the connection while the client is still sending.
    let sent = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap()
        .post(format!("{}/connect/credentials", server.url))
        .bearer_auth(&token)
        .body(vec![b' '; 1024 * 1024])
        .send()
        .await;
    if let Ok(response) = sent {
        assert_eq!(response.status(), 413);
    }
    let (status, _) = server.get("/ping", None).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn random_input_never_breaks_the_server() {
    let server = Server::start_binary(&[]).await;
    let token = server.create_token(&server.sandbox, "fuzz").await;
    let access = server.access_token(&server.sandbox).await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x5eed);
    let samples: Vec<Vec<u8>> = vec![
        b"null".to_vec(),
        b"[]".to_vec(),
        b"\"string\"".to_vec(),
        b"{\"utility_id\": -1, \"username\": \"u\", \"password\": \"p\"}".to_vec(),
        b"{\"utility_id\": 1e99, \"username\": \"u\", \"password\": \"p\"}".to_vec(),
        b"{\"utility_id\": 4110, \"username\": \"\\u0000\", \"password\": \"\\ud800\"}".to_vec(),
        b"{\"method\": \"SMS\"}".to_vec(),
        b"{\"code\": 123456}".to_vec(),
        b"{\"client_user_id\": 5}".to_vec(),
        b"{\"utility_credential_id\": 9223372036854775807}".to_vec(),
        "{\"username\": \"日本\", \"password\": \"🔌\", \"utility_id\": 4110}"
            .as_bytes()
            .to_vec(),
        vec![0xff, 0xfe, 0x00],
    ];
    let random: Vec<Vec<u8>> = (0..20)
        .map(|_| (0..rng.gen_range(0..200)).map(|_| rng.gen()).collect())
        .collect();
    for body in samples.iter().chain(&random) {
        for path in POST_ROUTES {
            for bearer in [Some(token.as_str()), Some(access.as_str()), None] {
                let (status, value) =
                    raw(&server, reqwest::Method::POST, path, bearer, body.clone()).await;
                assert!(status < 500, "{path} {body:?}: {status} {value}");
            }
        }
    }
    for path in [
        "/connect/credentials/abc",
        "/connect/credentials/-1",
        "/connect/credentials/99999999999999999999",
        "/utility_credentials/abc",
        "/utility_credentials/%00",
        "/utilities?zip=%FF",
        "/utilities?q=%F0%9F%94%8C",
        "/webhook/events/%00",
        "/webhook/events?limit=-5",
    ] {
        for bearer in [&token, &access] {
            let (status, value) = raw(
                &server,
                reqwest::Method::GET,
                path,
                Some(bearer),
                Vec::new(),
            )
            .await;
            assert!(status < 500, "{path}: {status} {value}");
        }
    }
    let (status, _) = server.get("/ping", None).await;
    assert_eq!(status, 200, "still alive");
    assert!(!server.logs().contains("panic"), "{}", server.logs());
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json() {
    let server = Server::start(&[]).await;
    let (status, body) = raw(
        &server,
        reqwest::Method::GET,
        "/no/such/route",
        None,
        Vec::new(),
    )
    .await;
    assert_eq!(
        (status, body["error"]["type"].as_str()),
        (404, Some("unknown_route"))
    );
    let (status, body) = raw(
        &server,
        reqwest::Method::DELETE,
        "/auth/access_token",
        None,
        Vec::new(),
    )
    .await;
    assert_eq!(
        (status, body["error"]["type"].as_str()),
        (405, Some("method_not_allowed"))
    );
    let (status, body) = raw(
        &server,
        reqwest::Method::GET,
        "/utility_credentials/5",
        Some("nope"),
        Vec::new(),
    )
    .await;
    assert_eq!(status, 401, "{body}");
    let response = server
        .http
        .get(format!("{}/ping", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let _ = json!({});
}
