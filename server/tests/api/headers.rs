//! Security headers (promise P3, test T12) on every response: each route of
//! the router, answered both as an error and as a success, plus static
//! files, unknown routes, a wrong method, an oversized body and a preflight.

use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;
use crate::openapi::ROUTES;

/// Mounted with `--demo-host`; not in the OpenAPI document.
const DEMO_ROUTES: &[(&str, &str)] = &[
    ("post", "/demo/connect_token"),
    ("get", "/demo/utility_credentials"),
    ("get", "/demo/webhook_events"),
];

/// Where tokens and statuses travel: never cached (the brief's list, kept
/// apart from the server's own so that the test checks it rather than copies it).
const NO_STORE_PREFIXES: &[&str] = &[
    "/auth/",
    "/connect",
    "/utility_credentials",
    "/utilities",
    "/sandbox/",
    "/webhook/",
    "/demo/",
];

const SERVER_PAGES: &[&str] = &["/connect", "/legal/terms", "/legal/privacy"];

fn must_not_be_cached(path: &str) -> bool {
    let path = path.split('?').next().unwrap();
    path != "/connect-page.js"
        && NO_STORE_PREFIXES
            .iter()
            .any(|prefix| path.starts_with(prefix))
}

/// The headers every response carries, and those its kind adds.
fn assert_secure(what: &str, path: &str, status: u16, headers: &HeaderMap) {
    let get = |name: &str| {
        headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let context = format!("{what} -> {status}: {headers:?}");
    assert_eq!(get("x-content-type-options"), "nosniff", "{context}");
    assert_eq!(get("referrer-policy"), "no-referrer", "{context}");
    let max_age: u64 = get("strict-transport-security")
        .strip_prefix("max-age=")
        .and_then(|rest| rest.split(';').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("HSTS missing: {context}"));
    assert!(max_age >= 31_536_000, "{context}");

    let json = get("content-type").starts_with("application/json");
    if must_not_be_cached(path) || json {
        assert_eq!(get("cache-control"), "no-store", "{context}");
    }
    let csp = get("content-security-policy");
    if json || SERVER_PAGES.contains(&path) {
        for directive in ["frame-ancestors", "object-src 'none'", "base-uri 'none'"] {
            assert!(csp.contains(directive), "{directive}: {context}");
        }
    }
}

async fn send(
    server: &Server,
    method: Method,
    path: &str,
    bearer: Option<&str>,
    body: Option<Value>,
) -> (u16, HeaderMap) {
    let mut request = server
        .http
        .request(method.clone(), format!("{}{path}", server.url));
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    assert_secure(&format!("{method} {path}"), path, status, &headers);
    (status, headers)
}

struct Fixtures {
    access: String,
    connect: String,
    credential_id: i64,
    event_id: String,
}

/// How a route answers 2xx: the token it takes, real ids, a valid body.
fn successful_call(
    f: &Fixtures,
    server: &Server,
    path: &str,
) -> (String, Option<String>, Option<Value>) {
    let concrete = path
        .replace(
            "/utility_credentials/{id}",
            &format!("/utility_credentials/{}", f.credential_id),
        )
        .replace(
            "/connect/credentials/{id}",
            &format!("/connect/credentials/{}", f.credential_id),
        )
        .replace("{id}", &f.event_id);
    let login = json!({"utility_id": COMED, "username": "u@example.com", "password": "verified"});
    let user = json!({"client_user_id": "headers"});
    let (bearer, body) = match path {
        "/auth/access_token" => (
            None,
            Some(
                json!({"client_id": server.sandbox.client_id, "client_secret": server.sandbox.client_secret}),
            ),
        ),
        "/auth/connect_token" | "/auth/connect_url" => (Some(&f.access), Some(user)),
        "/sandbox/connect/submit_test_credentials" => (Some(&f.connect), Some(login)),
        "/demo/connect_token" => (None, Some(json!({}))),
        p if p.starts_with("/connect/") => (Some(&f.connect), None),
        p if ["/utilit", "/webhook/", "/sandbox/"]
            .iter()
            .any(|prefix| p.starts_with(prefix)) =>
        {
            (Some(&f.access), None)
        }
        // Pages, meta routes and the demo's reads take no token.
        _ => (None, None),
    };
    let query = match path {
        "/utility_credentials" => "?client_user_id=headers",
        "/utilities" => "?zip=10001",
        _ => "",
    };
    (format!("{concrete}{query}"), bearer.cloned(), body)
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let static_dir = tempfile::tempdir().unwrap();
    std::fs::write(
        static_dir.path().join("index.html"),
        "<!doctype html><title>demo</title>",
    )
    .unwrap();
    std::fs::write(static_dir.path().join("connect-page.js"), "void 0").unwrap();
    let server = Server::start(&[
        "--demo-host",
        "--static-dir",
        static_dir.path().to_str().unwrap(),
    ])
    .await;
    let access = server.access_token(&server.sandbox).await;
    let token = server.create_token(&server.sandbox, "headers").await;
    let credential_id = server.submit_ok(&token, "verified").await;
    server.poll_status(&token, credential_id, "verified").await;
    let (_, events) = server.get("/webhook/events", Some(&access)).await;
    let fixtures = Fixtures {
        access,
        connect: server.create_token(&server.sandbox, "headers").await,
        credential_id,
        event_id: events["webhook_events"][0]["id"]
            .as_str()
            .expect("the verification queued an event")
            .to_string(),
    };

    let mut statuses = Vec::new();
    for (method, path) in ROUTES.iter().chain(DEMO_ROUTES) {
        let method: Method = method.to_uppercase().parse().unwrap();
        let is_post = method == Method::POST;
        // Without a token or body: the error answers (401, 404, 422, …).
        let bare = path.replace("{id}", "999999");
        let (status, _) = send(
            &server,
            method.clone(),
            &bare,
            None,
            is_post.then(|| json!({})),
        )
        .await;
        statuses.push(status);
        // As a real caller makes it.
        let (concrete, bearer, body) = successful_call(&fixtures, &server, path);
        let (status, _) = send(&server, method, &concrete, bearer.as_deref(), body).await;
        statuses.push(status);
    }
    let ok = statuses.iter().filter(|s| (200..300).contains(*s)).count();
    let refused = statuses.iter().filter(|s| (400..500).contains(*s)).count();
    assert!(ok >= 20 && refused >= 15, "{statuses:?}");

    for (method, path, body) in [
        (Method::GET, "/no/such/route", None),
        (Method::GET, "/connect/no-such-thing", None),
        (Method::GET, "/auth/nothing", None),
        (Method::DELETE, "/ping", None),
        (Method::PUT, "/connect/session", None),
        (
            Method::POST,
            "/auth/access_token",
            Some(json!({"client_id": "x".repeat(20_000), "client_secret": "y"})),
        ),
    ] {
        let (status, _) = send(&server, method, path, None, body).await;
        assert!((400..500).contains(&status), "{path}: {status}");
    }

    // Static files: the operator's, so their own CSP and caching, but still
    // nosniff, no Referer, HSTS.
    for path in ["/", "/connect-page.js"] {
        let (status, headers) = send(&server, Method::GET, path, None, None).await;
        assert_eq!(status, 200, "{path}");
        assert!(headers.get("content-security-policy").is_none(), "{path}");
        assert!(headers.get("cache-control").is_none(), "{path}");
    }

    let preflight = server
        .http
        .request(
            Method::OPTIONS,
            format!("{}/connect/credentials", server.url),
        )
        .header("origin", "https://host.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_secure(
        "preflight",
        "/connect/credentials",
        preflight.status().as_u16(),
        preflight.headers(),
    );
}
