//! The per-login cap: 3 rejected verifications of one (utility, username)
//! within the window, from any tokens of one client, lock that login for
//! that client (other clients: `login_scope`).

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common::*;

const LOCKED: &str = "login_temporarily_locked";

/// Any utility accepts an account number, and Con Edison needs one.
pub async fn submit_login(
    server: &Server,
    token: &str,
    utility_id: u32,
    username: &str,
    password: &str,
) -> (u16, Value) {
    server
        .post(
            "/connect/credentials",
            Some(token),
            json!({"utility_id": utility_id, "username": username, "password": password, "account_number": "42"}),
        )
        .await
}

/// Submits on a fresh token of `creds`' client and waits for the verdict.
pub async fn verify_once(
    server: &Server,
    creds: &Creds,
    utility_id: u32,
    username: &str,
    password: &str,
) -> String {
    let token = server.create_token(creds, &unique("user")).await;
    let (code, body) = submit_login(server, &token, utility_id, username, password).await;
    assert_eq!(code, 201, "{body}");
    let id = body["utility_credential_id"].as_i64().unwrap();
    let expected = if password.starts_with("verified") {
        "verified"
    } else {
        "rejected"
    };
    server.poll_status(&token, id, expected).await;
    token
}

pub fn assert_locked(code: u16, body: &Value) {
    assert_eq!(code, 429, "{body}");
    assert_eq!(body["error"]["type"], LOCKED, "{body}");
    let description = body["error"]["description"].as_str().unwrap();
    assert!(
        description
            .starts_with("Too many failed sign-in attempts for this login. Try again in about "),
        "{description}"
    );
}

async fn event_count(server: &Server, access: &str) -> usize {
    let (code, body) = server.get("/webhook/events", Some(access)).await;
    assert_eq!(code, 200, "{body}");
    body["webhook_events"].as_array().unwrap().len()
}

#[tokio::test]
async fn three_rejections_across_tokens_lock_the_login_without_asking_the_utility() {
    let server = Server::start(&[]).await;
    let victim = unique("victim");
    // Case and surrounding spaces do not make another login.
    let upper = format!("  {}\t", victim.to_uppercase());
    verify_once(&server, &server.sandbox, COMED, &victim, "rejected-1").await;
    verify_once(&server, &server.sandbox, COMED, &upper, "rejected-2").await;
    let third = verify_once(&server, &server.sandbox, COMED, &victim, "wrong-3").await;

    let access = server.access_token(&server.sandbox).await;
    let events = event_count(&server, &access).await;
    let (_, session) = server.get("/connect/session", Some(&third)).await;
    let left = session["submissions_left"].as_u64().unwrap();

    // Even the right password is not tried: the real user waits too.
    let (code, body) = submit_login(&server, &third, COMED, &victim, "verified").await;
    assert_locked(code, &body);
    let fresh = server.create_token(&server.sandbox, "someone-else").await;
    let (code, body) = submit_login(&server, &fresh, COMED, &victim, "verified").await;
    assert_locked(code, &body);
    let (code, body) = server
        .post(
            "/sandbox/connect/submit_test_credentials",
            Some(&fresh),
            json!({"utility_id": COMED, "username": victim.to_lowercase(), "password": "verified"}),
        )
        .await;
    assert_locked(code, &body);

    // Refusals spend none of the token's attempts and reach no utility:
    // no status change, no new event.
    let (_, session) = server.get("/connect/session", Some(&third)).await;
    assert_eq!(session["submissions_left"].as_u64(), Some(left));
    let (_, session) = server.get("/connect/session", Some(&fresh)).await;
    assert_eq!(session["submissions_left"], 5);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(event_count(&server, &access).await, events);
    let (_, list) = server
        .get(
            "/utility_credentials?client_user_id=someone-else",
            Some(&access),
        )
        .await;
    assert_eq!(list["utility_credentials"], json!([]), "nothing stored");

    // Another username at the same utility, and the same username at
    // another utility, are other logins.
    verify_once(
        &server,
        &server.sandbox,
        COMED,
        &unique("neighbour"),
        "verified",
    )
    .await;
    verify_once(&server, &server.sandbox, CON_ED, &victim, "verified").await;
}

#[tokio::test]
async fn the_lock_survives_a_restart() {
    let mut server = Server::start_binary(&[]).await;
    let victim = unique("restart");
    for n in 1..=3 {
        verify_once(
            &server,
            &server.sandbox,
            COMED,
            &victim,
            &format!("rejected-{n}"),
        )
        .await;
    }
    server.restart().await;
    let token = server.create_token(&server.sandbox, "after-restart").await;
    let (code, body) = submit_login(&server, &token, COMED, &victim, "verified").await;
    assert_locked(code, &body);
    assert!(
        body["error"]["description"]
            .as_str()
            .unwrap()
            .ends_with("about 24 hours."),
        "{body}"
    );
}

#[tokio::test]
async fn a_verified_login_clears_its_failures() {
    let server = Server::start(&[]).await;
    let user = unique("typo-prone");
    verify_once(&server, &server.sandbox, COMED, &user, "rejected-1").await;
    verify_once(&server, &server.sandbox, COMED, &user, "rejected-2").await;
    verify_once(
        &server,
        &server.sandbox,
        COMED,
        &user.to_uppercase(),
        "verified",
    )
    .await;
    // Two new failures: under the limit only because the count restarted.
    verify_once(&server, &server.sandbox, COMED, &user, "rejected-3").await;
    verify_once(&server, &server.sandbox, COMED, &user, "rejected-4").await;
    verify_once(&server, &server.sandbox, COMED, &user, "rejected-5").await;
    let token = server.create_token(&server.sandbox, "late").await;
    let (code, body) = submit_login(&server, &token, COMED, &user, "verified").await;
    assert_locked(code, &body);
}

#[tokio::test]
async fn the_lock_lifts_when_the_window_passes() {
    let server = Server::start(&[
        "--login-failure-limit",
        "2",
        "--login-failure-window-secs",
        "2",
    ])
    .await;
    let user = unique("patient");
    verify_once(&server, &server.sandbox, COMED, &user, "rejected-1").await;
    verify_once(&server, &server.sandbox, COMED, &user, "rejected-2").await;
    let token = server.create_token(&server.sandbox, "patient").await;
    let (code, body) = submit_login(&server, &token, COMED, &user, "verified").await;
    assert_locked(code, &body);
    assert!(
        body["error"]["description"]
            .as_str()
            .unwrap()
            .ends_with("about a minute."),
        "{body}"
    );
    let started = Instant::now();
    let id = loop {
        let (code, body) = submit_login(&server, &token, COMED, &user, "verified").await;
        if code == 201 {
            break body["utility_credential_id"].as_i64().unwrap();
        }
        assert_locked(code, &body);
        assert!(started.elapsed() < Duration::from_secs(5), "still locked");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let status = server.poll_status(&token, id, "verified").await;
    assert_eq!(
        status["submissions_left"], 4,
        "only the accepted submission counted"
    );
}

#[tokio::test]
async fn locked_usernames_never_reach_the_data_dir_or_logs_in_plaintext() {
    let server = Server::start_with_env(&[], &[("RUST_LOG", "trace")]).await;
    let user = unique("CanaryLogin");
    let mut responses = Vec::new();
    for n in 1..=3 {
        let typed = if n == 2 {
            format!(" {user} ")
        } else {
            user.clone()
        };
        verify_once(
            &server,
            &server.sandbox,
            COMED,
            &typed,
            &format!("rejected-{n}"),
        )
        .await;
    }
    let token = server.create_token(&server.sandbox, "canary").await;
    let (code, body) = submit_login(&server, &token, COMED, &user, "verified").await;
    assert_locked(code, &body);
    responses.push(body);

    let mut files = read_dir_bytes(&server.data_dir);
    files.push(("logs".into(), server.logs().into_bytes()));
    for canary in [user.clone(), user.to_lowercase(), user.to_uppercase()] {
        for (path, bytes) in &files {
            assert!(!contains(bytes, &canary), "{canary} in {}", path.display());
        }
        for response in &responses {
            assert!(!response.to_string().contains(&canary), "{response}");
        }
    }
}
