//! Registered origins (`clients add --allowed-origin`): which browser pages
//! may use a client's connect tokens, and how bad values are refused.

use std::process::Command;

use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

/// One request as a browser page on `origin` (or a non-browser, for `None`) sends it.
async fn from(
    server: &Server,
    origin: Option<&str>,
    method: Method,
    path: &str,
    bearer: &str,
    body: Option<Value>,
) -> (u16, HeaderMap, Value) {
    let mut request = server
        .http
        .request(method, format!("{}{path}", server.url))
        .bearer_auth(bearer);
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path}: {text}"));
    (status, headers, value)
}

fn login() -> Value {
    json!({"utility_id": COMED, "username": "someone@example.com", "password": "verified"})
}

/// Every route a connect token opens, with a body it accepts.
fn connect_token_routes() -> Vec<(Method, &'static str, Option<Value>)> {
    vec![
        (Method::GET, "/connect/session", None),
        (Method::POST, "/connect/credentials", Some(login())),
        (Method::GET, "/connect/credentials/1", None),
        (
            Method::POST,
            "/connect/credentials/1/mfa/method",
            Some(json!({"method": "sms"})),
        ),
        (
            Method::POST,
            "/connect/credentials/1/mfa/code",
            Some(json!({"code": "123456"})),
        ),
        (Method::POST, "/connect/credentials/1/mfa/resend", None),
        (Method::GET, "/utilities?zip=10001", None),
        (
            Method::POST,
            "/sandbox/connect/submit_test_credentials",
            Some(login()),
        ),
    ]
}

#[tokio::test]
async fn registered_origins_are_enforced_on_every_connect_token_route() {
    let server = Server::start(&[]).await;
    // Registered as an operator might type them; compared as browsers send them.
    let client = server.add_client_with_origins(
        "Host",
        &["https://App.Example:443/", "http://localhost:5173"],
    );
    let token = server.create_token(&client, "origins").await;

    for (method, path, body) in connect_token_routes() {
        let (status, headers, refused) = from(
            &server,
            Some("https://evil.example"),
            method.clone(),
            path,
            &token,
            body.clone(),
        )
        .await;
        assert_eq!(status, 403, "{method} {path}: {refused}");
        assert_eq!(refused["error"]["type"], "origin_not_allowed");
        assert!(refused["error"]["description"].is_string());
        if path.starts_with("/connect") || path.starts_with("/utilities") {
            // Readable by the refused page's script, so the component can say why.
            assert_eq!(
                headers["access-control-allow-origin"], "https://evil.example",
                "{path}"
            );
        }
    }

    for foreign in [
        "null",
        "http://app.example",
        "https://app.example:8443",
        "https://app.example.evil.example",
        "https://sub.app.example",
        "http://localhost:5174",
        "not an origin",
    ] {
        let (status, _, body) = from(
            &server,
            Some(foreign),
            Method::GET,
            "/connect/session",
            &token,
            None,
        )
        .await;
        assert_eq!(
            (status, body["error"]["type"].as_str()),
            (403, Some("origin_not_allowed")),
            "{foreign}"
        );
    }

    // The refused submissions above spent none of the token's attempts.
    let (status, _, session) =
        from(&server, None, Method::GET, "/connect/session", &token, None).await;
    assert_eq!(
        (status, session["submissions_left"].as_i64()),
        (200, Some(5))
    );

    for allowed in [
        Some("https://app.example"),
        Some("http://localhost:5173"),
        // The server's own pages (the hosted `/connect` page).
        Some(server.url.as_str()),
        // Not a browser: the host's backend, curl, the sandbox helpers.
        None,
    ] {
        let (status, headers, body) = from(
            &server,
            allowed,
            Method::GET,
            "/connect/session",
            &token,
            None,
        )
        .await;
        assert_eq!(status, 200, "{allowed:?}: {body}");
        assert_eq!(
            headers
                .get("access-control-allow-origin")
                .map(|v| v.to_str().unwrap()),
            allowed,
            "the answer names the page it is for, never *"
        );
        let (status, _, body) = from(
            &server,
            allowed,
            Method::GET,
            "/utilities?zip=10001",
            &token,
            None,
        )
        .await;
        assert_eq!(status, 200, "{allowed:?}: {body}");
    }

    // A whole flow from the registered page.
    let page = Some("https://app.example");
    let (status, _, submitted) = from(
        &server,
        page,
        Method::POST,
        "/connect/credentials",
        &token,
        Some(login()),
    )
    .await;
    assert_eq!(status, 201, "{submitted}");
    let id = submitted["utility_credential_id"].as_i64().unwrap();
    server.poll_status(&token, id, "verified").await;

    // The token is checked first: a bad one is 401 from any page.
    let (status, _, body) = from(
        &server,
        Some("https://evil.example"),
        Method::GET,
        "/connect/session",
        "e30.AAAA",
        None,
    )
    .await;
    assert_eq!(status, 401, "{body}");
    // Host routes are the access token's business, not the origin's.
    let access = server.access_token(&client).await;
    let (status, _, body) = from(
        &server,
        Some("https://evil.example"),
        Method::GET,
        "/utilities?zip=10001",
        &access,
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn a_client_without_registered_origins_accepts_every_page() {
    let server = Server::start(&[]).await;
    let open = server.add_client("Open", None);
    let token = server.create_token(&open, "anyone").await;
    for origin in ["https://evil.example", "null", "http://localhost:1"] {
        for (method, path, body) in connect_token_routes() {
            let (status, _, body) =
                from(&server, Some(origin), method.clone(), path, &token, body).await;
            assert_ne!(
                body["error"]["type"], "origin_not_allowed",
                "{origin} {method} {path}: {status} {body}"
            );
        }
    }
    // The sandbox client (the demo page's) is the same: no origins registered.
    let sandbox = server.create_token(&server.sandbox, "demo").await;
    let (status, _, _) = from(
        &server,
        Some("https://evil.example"),
        Method::GET,
        "/connect/session",
        &sandbox,
        None,
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn preflights_succeed_for_any_page_and_allow_the_authorization_header() {
    let server = Server::start(&[]).await;
    server.add_client_with_origins("Host", &["https://app.example"]);
    // A preflight carries no token, so it cannot know the client: it is
    // answered for every page, and the actual request decides.
    for origin in ["https://app.example", "https://evil.example"] {
        for path in [
            "/connect/session",
            "/connect/credentials",
            "/connect/credentials/1/mfa/code",
            "/utilities?zip=10001",
        ] {
            let preflight = server
                .http
                .request(Method::OPTIONS, format!("{}{path}", server.url))
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header(
                    "access-control-request-headers",
                    "authorization,content-type",
                )
                .send()
                .await
                .unwrap();
            assert!(preflight.status().is_success(), "{origin} {path}");
            let headers = preflight.headers();
            assert_eq!(headers["access-control-allow-origin"], origin);
            // Listed by name: `*` does not cover Authorization.
            let allowed = headers["access-control-allow-headers"]
                .to_str()
                .unwrap()
                .to_ascii_lowercase();
            assert!(
                allowed.contains("authorization") && allowed.contains("content-type"),
                "{allowed}"
            );
            assert!(headers.get("access-control-allow-credentials").is_none());
        }
    }
}

#[tokio::test]
async fn the_public_url_is_the_servers_own_origin() {
    let server = Server::start(&["--public-url", "https://Connect.Example.com/base/"]).await;
    let client = server.add_client_with_origins("Host", &["https://app.example"]);
    let token = server.create_token(&client, "hosted").await;
    let (status, _, body) = from(
        &server,
        Some("https://connect.example.com"),
        Method::GET,
        "/connect/session",
        &token,
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // The bound address is not the public one: a page there is foreign.
    let (status, _, _) = from(
        &server,
        Some(server.url.as_str()),
        Method::GET,
        "/connect/session",
        &token,
        None,
    )
    .await;
    assert_eq!(status, 403);
}

fn clients_add(data: &std::path::Path, extra: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(["clients", "add", "--data-dir"])
        .arg(data)
        .args(["--name", "Host"])
        .args(extra)
        .output()
        .unwrap()
}

fn assert_one_error_line(output: &std::process::Output, flag: &str, value: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{flag} {value:?} was accepted");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{value:?}: {stderr}");
    assert!(
        lines[0].starts_with(&format!("error: {flag} "))
            && lines[0].contains(&format!("{value:?}")),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "no secrets printed");
}

#[test]
fn clients_add_refuses_bad_origins_and_webhook_urls_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for bad in [
        "app.example.com",
        "https://app.example.com/path",
        "https://app.example.com?x=1",
        "https://*.example.com",
        "ftp://app.example.com",
        "null",
        "*",
        "https://user@app.example.com",
        "https://",
        "",
    ] {
        // A good origin beside a bad one does not save it.
        let output = clients_add(
            &data,
            &[
                "--allowed-origin",
                "https://ok.example",
                "--allowed-origin",
                bad,
            ],
        );
        assert_one_error_line(&output, "--allowed-origin", bad);
    }
    for bad in [
        "ftp://app.example.com/hooks",
        "/hooks",
        "app.example.com/hooks",
        "http://",
        "https:///hooks",
        "http:app.example.com",
        "https://app example.com/hooks",
    ] {
        let output = clients_add(&data, &["--webhook-url", bad]);
        assert_one_error_line(&output, "--webhook-url", bad);
    }
    assert!(!data.exists(), "a refused command creates nothing");

    let output = clients_add(
        &data,
        &[
            "--webhook-url",
            "https://app.example.com/hooks?v=1",
            "--allowed-origin",
            "https://App.Example.com/",
            "--allowed-origin",
            "https://app.example.com",
            "--allowed-origin",
            "http://localhost:5173",
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(printed["client_id"].as_str().unwrap().starts_with("cl_"));
    assert_eq!(
        stored_origins(&data, printed["client_id"].as_str().unwrap()),
        r#"["https://app.example.com","http://localhost:5173"]"#,
        "normalised and deduplicated"
    );
}

/// What `clients add` stored, read straight from the database.
fn stored_origins(data: &std::path::Path, client_id: &str) -> String {
    rusqlite::Connection::open(data.join("connect.sqlite3"))
        .unwrap()
        .query_row(
            "SELECT allowed_origins FROM clients WHERE id = ?1",
            [client_id],
            |row| row.get(0),
        )
        .unwrap()
}
