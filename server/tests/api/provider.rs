//! The provider seam over HTTP, end to end: the real binary with
//! `--provider-url` pointing at a reference provider (below) that speaks the
//! documented protocol, refuses unsigned calls, and plays every sandbox
//! scenario by the password's keyword.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use crate::common::*;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

#[derive(Clone, Default)]
struct Reference {
    hung_calls: Arc<AtomicUsize>,
    signed_calls: Arc<AtomicUsize>,
}

fn state_of(request: &Value) -> Value {
    request["state"]
        .as_str()
        .and_then(|text| URL_SAFE_NO_PAD.decode(text).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or(json!({}))
}

fn encoded(state: Value) -> String {
    URL_SAFE_NO_PAD.encode(state.to_string())
}

async fn reference_provider(
    State(reference): State<Reference>,
    Path(call): Path<String>,
    headers: http::HeaderMap,
    body: axum::body::Bytes,
) -> (http::StatusCode, axum::Json<Value>) {
    let verifier = standardwebhooks::Webhook::new(SECRET).unwrap();
    if verifier.verify(&body, &headers).is_err() {
        return (http::StatusCode::UNAUTHORIZED, axum::Json(json!({})));
    }
    reference.signed_calls.fetch_add(1, Ordering::SeqCst);
    let request: Value = serde_json::from_slice(&body).unwrap();
    let password = request["password"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let state = state_of(&request);
    let answer = match call.as_str() {
        "send_code" => json!({"outcome": "sent"}),
        "check_code" if request["code"] == "123456" => {
            json!({"outcome": "accepted", "state": encoded(json!({"accepted": true}))})
        }
        "check_code" => json!({"outcome": "wrong"}),
        _ if password.starts_with("verified") => json!({"outcome": "verified", "state": null}),
        _ if password.starts_with("error") => {
            json!({"outcome": "error", "reason": "the utility's site is down"})
        }
        _ if password.starts_with("mfa") && state["accepted"] == true => {
            json!({"outcome": "verified"})
        }
        _ if password.starts_with("mfa") => json!({
            "outcome": "mfa_required",
            "offers": [{"method": "sms", "destination": "•••-•••-0142"}],
            "state": encoded(json!({"challenged": true})),
        }),
        _ if password.starts_with("timeout") => {
            let now = epoch_ms();
            let first = state["first_ms"].as_u64().unwrap_or(now);
            if now - first < 600 {
                json!({"outcome": "pending", "retry_after_ms": 100, "state": encoded(json!({"first_ms": first}))})
            } else {
                json!({"outcome": "verified"})
            }
        }
        _ if password.starts_with("hang") => {
            reference.hung_calls.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_secs(5)).await;
            json!({"outcome": "verified"})
        }
        _ => json!({"outcome": "rejected"}),
    };
    (http::StatusCode::OK, axum::Json(answer))
}

fn epoch_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

async fn start_reference() -> (String, Reference) {
    let reference = Reference::default();
    let app = axum::Router::new()
        .route("/provider/{call}", axum::routing::post(reference_provider))
        .with_state(reference.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/provider", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, reference)
}

#[tokio::test]
async fn a_reference_provider_drives_every_scenario_through_provider_url() {
    let (url, reference) = start_reference().await;
    let secret_dir = tempfile::tempdir().unwrap();
    let secret_file = secret_dir.path().join("provider.secret");
    std::fs::write(&secret_file, format!("{SECRET}\n")).unwrap();
    let server = Server::start_production(
        &[
            "--provider-url",
            &url,
            "--provider-secret-file",
            secret_file.to_str().unwrap(),
            "--provider-timeout-secs",
            "1",
        ],
        &[],
    )
    .await;
    let client = server.add_client("Provided App", None);

    for (user, password, outcome) in [
        ("v", "verified-1", "verified"),
        ("r", "rejected-1", "rejected"),
        ("e", "error-1", "error"),
        ("t", "timeout-1", "verified"),
    ] {
        let (token, id) = server.settle(&client, user, password, outcome).await;
        let body = server.poll_status(&token, id, outcome).await;
        assert_eq!(body["verification_status"], outcome, "{password}");
    }

    // MFA: challenge, a wrong code, the right one.
    let token = server.create_token(&client, "m").await;
    let id = server.submit_ok(&token, "mfa-1").await;
    let status = server
        .poll_until(&token, id, Duration::from_secs(10), |b| !b["mfa"].is_null())
        .await;
    assert_eq!(status["mfa"]["methods"], json!(["sms"]));
    let (code, body) = server
        .post(
            &format!("/connect/credentials/{id}/mfa/method"),
            Some(&token),
            json!({"method": "sms"}),
        )
        .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["mfa"]["destination"], "•••-•••-0142");
    let code_path = format!("/connect/credentials/{id}/mfa/code");
    let (_, body) = server
        .post(&code_path, Some(&token), json!({"code": "000000"}))
        .await;
    assert_eq!(body["mfa"]["last_code_rejected"], true, "{body}");
    let (code, body) = server
        .post(&code_path, Some(&token), json!({"code": "123456"}))
        .await;
    assert_eq!(code, 200, "{body}");
    server.poll_status(&token, id, "verified").await;

    // A provider that does not answer in time: tried three times, then `error`.
    let started = Instant::now();
    server.settle(&client, "h", "hang-1", "error").await;
    assert_eq!(reference.hung_calls.load(Ordering::SeqCst), 3);
    assert!(started.elapsed() < Duration::from_secs(15));
    assert!(reference.signed_calls.load(Ordering::SeqCst) >= 10);
    assert!(server.logs().contains("utility provider: http://127.0.0.1"));
}

#[tokio::test]
async fn provider_flags_are_checked_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("s");
    std::fs::write(&secret, SECRET).unwrap();
    let data = dir.path().join("data");
    let run = |extra: &[&str]| {
        std::process::Command::new(BIN)
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--data-dir",
                data.to_str().unwrap(),
            ])
            .args(extra)
            .env_remove("UTILITY_CONNECT_PROVIDER_SECRET")
            .output()
            .unwrap()
    };
    let plain_http = run(&[
        "--provider-url",
        "http://provider.example",
        "--provider-secret-file",
        secret.to_str().unwrap(),
    ]);
    assert_ne!(plain_http.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&plain_http.stderr);
    assert!(
        stderr.lines().count() == 1 && stderr.contains("must be https"),
        "{stderr}"
    );
    let no_secret = run(&["--provider-url", "https://provider.example"]);
    assert!(String::from_utf8_lossy(&no_secret.stderr).contains("UTILITY_CONNECT_PROVIDER_SECRET"));
    let with_sandbox = run(&["--sandbox", "--provider-url", "https://provider.example"]);
    assert_eq!(with_sandbox.status.code(), Some(2));
}

#[test]
fn the_protocol_document_names_every_call_and_outcome() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/provider-openapi.json"
    ))
    .unwrap();
    let document: Value = serde_json::from_str(&text).unwrap();
    for call in ["/log_in", "/recheck", "/send_code", "/check_code"] {
        assert!(document["paths"][call]["post"].is_object(), "{call}");
    }
    let schemas = &document["components"]["schemas"];
    assert_eq!(
        schemas["LoginAnswer"]["properties"]["outcome"]["enum"],
        json!(["verified", "rejected", "error", "mfa_required", "pending"])
    );
    assert_eq!(
        schemas["SendCodeAnswer"]["properties"]["outcome"]["enum"],
        json!(["sent", "error"])
    );
    assert_eq!(
        schemas["CheckCodeAnswer"]["properties"]["outcome"]["enum"],
        json!(["accepted", "wrong", "error"])
    );
}
