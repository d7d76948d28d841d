//! The component's flow against the sandbox utility: submit, poll, MFA, timeout.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn verified_rejected_and_error_passwords() {
    let server = Server::start(&[]).await;
    let access = server.access_token(&server.sandbox).await;
    for (password, outcome) in [
        ("verified", "verified"),
        ("verified-7f3a", "verified"),
        ("verified 2", "verified"),
        ("rejected", "rejected"),
        ("error-1", "error"),
        ("hunter2", "rejected"),
    ] {
        let user = unique("user");
        let token = server
            .connect_token(&access, json!({"client_user_id": user}))
            .await;
        let id = server.submit_ok(&token, password).await;
        let status = server
            .poll_until(&token, id, Duration::from_secs(10), |b| {
                b["verification_status"] != "pending"
            })
            .await;
        assert_eq!(status["verification_status"], outcome, "{password}");
        assert_eq!(status["mfa"], serde_json::Value::Null);
        assert_eq!(status["submissions_left"], 4);

        let (code, credential) = server
            .get(&format!("/utility_credentials/{id}"), Some(&access))
            .await;
        assert_eq!(code, 200);
        assert_eq!(credential["verification_status"], outcome);
        assert_eq!(credential["client_user_id"], user.as_str());
        assert_eq!(
            credential["utility"],
            json!({"id": COMED, "name": "Commonwealth Edison Co"})
        );
        assert_eq!(credential["sandboxed"], true);
        assert!(credential["created_at"].as_str().unwrap().ends_with('Z'));
        let text = credential.to_string();
        assert!(
            !text.contains("someone@example.com") && !text.contains("username"),
            "{text}"
        );

        let (code, list) = server
            .get(
                &format!("/utility_credentials?client_user_id={user}"),
                Some(&access),
            )
            .await;
        assert_eq!(code, 200);
        assert_eq!(list["utility_credentials"].as_array().unwrap().len(), 1);
        assert_eq!(list["utility_credentials"][0]["id"], id);
    }
    let (code, list) = server
        .get("/utility_credentials?client_user_id=nobody", Some(&access))
        .await;
    assert_eq!(
        (code, list["utility_credentials"].as_array().unwrap().len()),
        (200, 0)
    );
    let (code, body) = server.get("/utility_credentials", Some(&access)).await;
    assert_eq!(code, 422, "{body}");
}

#[tokio::test]
async fn session_info_counts_submissions() {
    let server = Server::start(&[]).await;
    let token = server.create_token(&server.sandbox, "s").await;
    let (status, session) = server.get("/connect/session", Some(&token)).await;
    assert_eq!(status, 200);
    assert_eq!(session["mode"], "create");
    assert_eq!(session["client_name"], "Demo Energy App");
    assert_eq!(session["submissions_left"], 5);
    assert!(
        session.get("logo_url").is_none(),
        "no logo registered: {session}"
    );
    assert!(session["terms_url"]
        .as_str()
        .unwrap()
        .starts_with(&server.url));
    let id = server.submit_ok(&token, "rejected").await;
    server.poll_status(&token, id, "rejected").await;
    let (_, session) = server.get("/connect/session", Some(&token)).await;
    assert_eq!(session["submissions_left"], 4);
    let terms = server
        .http
        .get(session["terms_url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(terms.status(), 200);
}

#[tokio::test]
async fn mfa_right_code_verifies() {
    let server = Server::start(&[]).await;
    let token = server.create_token(&server.sandbox, "mfa-user").await;
    let id = server.submit_ok(&token, "mfa-1").await;
    let status = server
        .poll_until(&token, id, Duration::from_secs(10), |b| !b["mfa"].is_null())
        .await;
    assert_eq!(status["verification_status"], "pending");
    assert_eq!(status["mfa"]["methods"], json!(["sms", "email"]));
    assert_eq!(
        status["mfa"]["method"],
        serde_json::Value::Null,
        "choose a method first"
    );
    assert_eq!(status["mfa"]["code_attempts_left"], 5);
    // Masked destinations come with the choice, so the person can tell them apart.
    assert_eq!(
        status["mfa"]["destinations"],
        json!([
            {"method": "sms", "destination": "•••-•••-0142"},
            {"method": "email", "destination": "d•••@example.com"}
        ])
    );

    let code_path = format!("/connect/credentials/{id}/mfa/code");
    let (code, body) = server
        .post(&code_path, Some(&token), json!({"code": "123456"}))
        .await;
    assert_eq!(code, 409, "no code was sent yet: {body}");
    let (code, body) = server
        .post(
            &format!("/connect/credentials/{id}/mfa/method"),
            Some(&token),
            json!({"method": "carrier-pigeon"}),
        )
        .await;
    assert_eq!(code, 422, "{body}");

    let (code, body) = server
        .post(
            &format!("/connect/credentials/{id}/mfa/method"),
            Some(&token),
            json!({"method": "email"}),
        )
        .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["mfa"]["method"], "email");
    assert_eq!(body["mfa"]["destination"], "d•••@example.com");
    let (code, body) = server
        .post(
            &format!("/connect/credentials/{id}/mfa/method"),
            Some(&token),
            json!({"method": "sms"}),
        )
        .await;
    assert_eq!(code, 200, "switching method: {body}");
    assert_eq!(body["mfa"]["destination"], "•••-•••-0142");

    let resend = format!("/connect/credentials/{id}/mfa/resend");
    for _ in 0..3 {
        let (code, body) = server.post(&resend, Some(&token), json!({})).await;
        assert_eq!(code, 200, "{body}");
        assert_eq!(body["mfa"]["method"], "sms");
    }
    let (code, body) = server.post(&resend, Some(&token), json!({})).await;
    assert_eq!(
        (code, body["error"]["type"].as_str()),
        (429, Some("resend_limit_reached"))
    );

    let (code, body) = server
        .post(&code_path, Some(&token), json!({"code": "000000"}))
        .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["mfa"]["last_code_rejected"], true);
    assert_eq!(body["mfa"]["code_attempts_left"], 4);

    let (code, body) = server
        .post(&code_path, Some(&token), json!({"code": "123456"}))
        .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["verification_status"], "pending");
    assert_eq!(body["mfa"], serde_json::Value::Null);
    server.poll_status(&token, id, "verified").await;

    // Another token of the same user may look, but not answer.
    let (code, _) = server
        .post(&code_path, Some(&token), json!({"code": "123456"}))
        .await;
    assert_eq!(code, 409, "no challenge any more");
}

#[tokio::test]
async fn mfa_only_for_the_submitting_token() {
    let server = Server::start(&[]).await;
    let first = server.create_token(&server.sandbox, "same-user").await;
    let second = server.create_token(&server.sandbox, "same-user").await;
    let id = server.submit_ok(&first, "mfa").await;
    server
        .poll_until(&first, id, Duration::from_secs(10), |b| !b["mfa"].is_null())
        .await;
    let (code, body) = server
        .get(&format!("/connect/credentials/{id}"), Some(&second))
        .await;
    assert_eq!(code, 200, "same user may poll: {body}");
    let (code, body) = server
        .post(
            &format!("/connect/credentials/{id}/mfa/method"),
            Some(&second),
            json!({"method": "sms"}),
        )
        .await;
    assert_eq!(code, 409, "{body}");
    let stranger = server.create_token(&server.sandbox, "someone-else").await;
    let (code, _) = server
        .get(&format!("/connect/credentials/{id}"), Some(&stranger))
        .await;
    assert_eq!(code, 404);
    let (code, _) = server
        .post(
            &format!("/connect/credentials/{id}/mfa/method"),
            Some(&stranger),
            json!({"method": "sms"}),
        )
        .await;
    assert_eq!(code, 404);
}

#[tokio::test]
async fn timeout_stays_pending_then_verifies() {
    let server = Server::start(&["--sandbox-timeout-secs", "2"]).await;
    let token = server.create_token(&server.sandbox, "slow").await;
    let started = Instant::now();
    let id = server.submit_ok(&token, "timeout-1").await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let (_, status) = server
        .get(&format!("/connect/credentials/{id}"), Some(&token))
        .await;
    assert_eq!(status["verification_status"], "pending");
    assert_eq!(status["mfa"], serde_json::Value::Null);
    let (code, body) = server.submit(&token, COMED, "verified").await;
    assert_eq!(code, 409, "still being checked: {body}");
    assert_eq!(body["error"]["type"], "verification_in_progress");
    server
        .poll_until(&token, id, Duration::from_secs(10), |b| {
            b["verification_status"] == "verified"
        })
        .await;
    assert!(started.elapsed() >= Duration::from_secs(2));
}

#[tokio::test]
async fn submission_validation() {
    let server = Server::start(&[]).await;
    let token = server.create_token(&server.sandbox, "v").await;
    for (body, what) in [
        (
            json!({"username": "u", "password": "verified"}),
            "no utility",
        ),
        (
            json!({"utility_id": 1, "username": "u", "password": "verified"}),
            "unknown utility",
        ),
        (
            json!({"utility_id": COMED, "username": "", "password": "verified"}),
            "empty username",
        ),
        (
            json!({"utility_id": COMED, "username": "   ", "password": "verified"}),
            "blank username",
        ),
        (
            json!({"utility_id": COMED, "username": "u", "password": ""}),
            "empty password",
        ),
        (
            json!({"utility_id": CON_ED, "username": "u", "password": "verified"}),
            "Con Ed needs the account number",
        ),
        (
            json!({"utility_id": CON_ED, "username": "u", "password": "verified", "account_number": " "}),
            "blank account number",
        ),
        (
            json!({"utility_id": COMED, "zip": "1234", "username": "u", "password": "verified"}),
            "bad zip",
        ),
        (
            json!({"utility_id": COMED, "username": "u", "password": "x".repeat(600)}),
            "overlong",
        ),
    ] {
        let (code, response) = server
            .post("/connect/credentials", Some(&token), body)
            .await;
        assert_eq!(code, 422, "{what}: {response}");
        assert_eq!(response["error"]["type"], "validation_error", "{what}");
    }
    for body in [
        json!({"utility_id": COMED}),
        json!({"utility_id": "x", "username": "u", "password": "p"}),
    ] {
        let (code, response) = server
            .post("/connect/credentials", Some(&token), body)
            .await;
        assert_eq!(code, 422, "{response}");
    }
    let (_, session) = server.get("/connect/session", Some(&token)).await;
    assert_eq!(
        session["submissions_left"], 5,
        "refused submissions do not count"
    );

    let (code, body) = server
        .post(
            "/connect/credentials",
            Some(&token),
            json!({"utility_id": CON_ED, "zip": "10001", "username": "u", "password": "verified", "account_number": "12-3456-7890"}),
        )
        .await;
    assert_eq!(code, 201, "{body}");
}

#[tokio::test]
async fn sandbox_submit_test_credentials() {
    let server = Server::start(&[]).await;
    let token = server.create_token(&server.sandbox, "api-test").await;
    let (code, body) = server
        .post(
            "/sandbox/connect/submit_test_credentials",
            Some(&token),
            json!({"utility_id": COMED, "zip": "60601", "username": "ARC_TEST_R_SINGLE_ELEC", "password": "verified"}),
        )
        .await;
    assert_eq!(code, 201, "{body}");
    assert_eq!(body["verification_status"], "pending");
    let id = body["utility_credential_id"].as_i64().unwrap();
    server.poll_status(&token, id, "verified").await;
    let access = server.access_token(&server.sandbox).await;
    let (code, _) = server
        .post(
            "/sandbox/connect/submit_test_credentials",
            Some(&access),
            json!({}),
        )
        .await;
    assert_eq!(code, 401, "needs a connect token");
}

#[tokio::test]
async fn a_create_token_retries_its_own_credential() {
    let server = Server::start(&[]).await;
    let token = server.create_token(&server.sandbox, "retry").await;
    let id = server.submit_ok(&token, "rejected").await;
    server.poll_status(&token, id, "rejected").await;
    let again = server.submit_ok(&token, "verified").await;
    assert_eq!(again, id, "a retry keeps the id");
    server.poll_status(&token, id, "verified").await;
    let (code, body) = server.submit(&token, COMED, "verified").await;
    assert_eq!(
        (code, body["error"]["type"].as_str()),
        (409, Some("already_verified"))
    );
    let access = server.access_token(&server.sandbox).await;
    let (_, list) = server
        .get("/utility_credentials?client_user_id=retry", Some(&access))
        .await;
    assert_eq!(list["utility_credentials"].as_array().unwrap().len(), 1);
}

/// The sandbox client registered no origins, so any page may use its tokens;
/// the origin is echoed (not `*`), with `Vary: Origin`. See `origins.rs` for
/// clients that registered origins.
#[tokio::test]
async fn component_routes_allow_any_origin() {
    let server = Server::start(&[]).await;
    let preflight = server
        .http
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/connect/credentials", server.url),
        )
        .header("origin", "https://host.example")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        )
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(
        preflight.headers()["access-control-allow-origin"],
        "https://host.example"
    );
    // Cached by the browser, so repeated polls of one URL skip the preflight.
    assert_eq!(preflight.headers()["access-control-max-age"], "600");
    let token = server.create_token(&server.sandbox, "cors").await;
    let response = server
        .http
        .get(format!("{}/connect/session", server.url))
        .bearer_auth(&token)
        .header("origin", "https://host.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://host.example"
    );
    assert!(response.headers()["vary"]
        .to_str()
        .unwrap()
        .contains("origin"));
    assert_eq!(response.headers()["cache-control"], "no-store");
    let host = server
        .http
        .post(format!("{}/auth/access_token", server.url))
        .header("origin", "https://host.example")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert!(
        host.headers().get("access-control-allow-origin").is_none(),
        "host routes are server to server"
    );
}

#[tokio::test]
async fn a_registered_logo_reaches_the_component_and_bad_ones_are_refused() {
    let server = Server::start(&[]).await;
    let logo = "https://cdn.example.com/acme.svg";
    let creds = server.add_client_with_logo("Acme Power", logo);
    let token = server.create_token(&creds, "logo-user").await;
    let (status, session) = server.get("/connect/session", Some(&token)).await;
    assert_eq!(status, 200, "{session}");
    assert_eq!(session["client_name"], "Acme Power");
    assert_eq!(session["logo_url"], logo);

    for bad in [
        "http://cdn.example.com/a.png",
        "javascript:alert(1)",
        "data:text/html,x",
    ] {
        let output = server.clients_add("Bad Logo", &["--logo-url", bad]);
        assert!(!output.status.success(), "{bad} was accepted");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("--logo-url"), "{stderr}");
    }
}
