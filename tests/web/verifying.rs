//! Verifying and the result screens.

use wasm_bindgen_test::*;

use crate::support::*;

#[wasm_bindgen_test]
async fn the_happy_path_verifies_and_done_reports_verified() {
    let api = FakeApi::new().with_create_mode();
    api.accepts_submission(
        7,
        &[
            ok(&connect_status(7, "pending", "null")),
            ok(&connect_status(7, "verified", "null")),
        ],
    );
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    sign_in(&widget, "ada@example.com", "verified-s3cret").await;
    widget
        .wait_for("heading", "Checking your login with Consolidated Edison")
        .await;
    assert!(!widget.all("status").is_empty());
    assert_eq!(
        widget.wait_for_call("onCredentialsSubmitted").await,
        r#"onCredentialsSubmitted {"utilityCredentialId":7}"#
    );
    widget.wait_for("heading", "You're connected").await;
    assert!(
        api.count("GET", "/connect/credentials/7") >= 2,
        "polled until verified"
    );
    widget.click("Done").await;
    assert_eq!(
        widget.wait_for_call("onClose").await,
        r#"onClose {"status":"verified","utilityCredentialId":7}"#
    );
    widget.wait_gone().await;

    let submit = api
        .requests()
        .into_iter()
        .find(|r| r.method == "POST")
        .unwrap();
    assert!(
        submit.body.unwrap().contains("verified-s3cret"),
        "the password goes to the API"
    );
    let log = widget.log.borrow().join("\n");
    assert!(
        !log.contains("s3cret") && !log.contains("ada@example.com"),
        "no callback sees a secret: {log}"
    );
    let events = widget.events();
    for expected in ["credentials_submitted", "verification_succeeded", "closed"] {
        assert!(
            events.contains(&expected.to_string()),
            "{expected}: {events:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_double_click_on_connect_submits_once() {
    let api = FakeApi::new().with_create_mode();
    api.route(
        "POST",
        "/connect/credentials",
        &[status(201, &connect_status(7, "verified", "null")).after(100)],
    );
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    widget.type_into("textbox", "Username", "ada");
    widget.input("password", "Password").set_value("verified");
    let connect = widget.get("button", "Connect");
    connect.click();
    connect.click();
    widget.wait_for("heading", "You're connected").await;
    assert_eq!(api.count("POST", "/connect/credentials"), 1);
    assert_eq!(widget.calls("onCredentialsSubmitted").len(), 1);
}

#[wasm_bindgen_test]
async fn a_rejection_goes_back_to_the_form_keeping_the_username_only() {
    let api = FakeApi::new().with_create_mode();
    api.accepts_submission(7, &[ok(&connect_status(7, "rejected", "null"))]);
    let widget = open(&api, Options::new(create_token()).modal());
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "rejected").await;
    widget
        .wait_for_text("We couldn't sign in with those details. Check your username and password and try again.")
        .await;
    assert!(widget
        .all("alert")
        .iter()
        .any(|a| a.text_content().unwrap().starts_with("We couldn't sign in")));
    assert_eq!(widget.input("textbox", "Username").value(), "ada");
    assert_eq!(widget.input("password", "Password").value(), "");
    assert!(widget
        .events()
        .contains(&"verification_rejected".to_string()));
    widget.click("Close").await;
    assert_eq!(
        widget.wait_for_call("onClose").await,
        r#"onClose {"status":"rejected","utilityCredentialId":7}"#
    );
}

#[wasm_bindgen_test]
async fn no_verdict_within_the_window_shows_the_timeout_screen() {
    let api = FakeApi::new().with_create_mode();
    api.accepts_submission(7, &[ok(&connect_status(7, "pending", "null"))]);
    let widget = open(
        &api,
        Options::new(create_token()).with("verificationTimeoutMs", "400"),
    );
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "timeout").await;
    widget
        .wait_for("heading", "This is taking longer than usual")
        .await;
    assert!(widget
        .text()
        .contains("We'll keep checking and let Demo Energy App know"));
    assert!(widget
        .events()
        .contains(&"verification_timed_out".to_string()));
    widget.click("Done").await;
    assert_eq!(
        widget.wait_for_call("onClose").await,
        r#"onClose {"status":"timed_out","utilityCredentialId":7}"#
    );
    let polls = api.count("GET", "/connect/credentials/7");
    sleep(800).await;
    assert_eq!(
        api.count("GET", "/connect/credentials/7"),
        polls,
        "polling stops once closed"
    );
}

#[wasm_bindgen_test]
async fn closing_while_verifying_reports_pending() {
    let api = FakeApi::new().with_create_mode();
    api.accepts_submission(7, &[ok(&connect_status(7, "pending", "null"))]);
    let widget = open(&api, Options::new(create_token()).modal());
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "timeout").await;
    widget.wait_for_call("onCredentialsSubmitted").await;
    widget.click("Close").await;
    assert_eq!(
        widget.wait_for_call("onClose").await,
        r#"onClose {"status":"pending","utilityCredentialId":7}"#
    );
}

#[wasm_bindgen_test]
async fn a_utility_error_offers_try_again_back_to_the_form() {
    let api = FakeApi::new().with_create_mode();
    api.route(
        "POST",
        "/connect/credentials",
        &[status(201, &connect_status(7, "error", "null"))],
    );
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "error").await;
    widget.wait_for("heading", "Something went wrong").await;
    assert!(widget.find("button", "Close").is_some());
    widget.click("Try again").await;
    widget
        .wait_for("heading", "Sign in to Consolidated Edison")
        .await;
    assert_eq!(widget.input("textbox", "Username").value(), "ada");
}

#[wasm_bindgen_test]
async fn a_5xx_on_submit_shows_the_error_screen() {
    let api = FakeApi::new().with_create_mode();
    api.route("POST", "/connect/credentials", &[status(500, "oops")]);
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "verified").await;
    widget.wait_for("heading", "Something went wrong").await;
    widget.click("Close").await;
    assert_eq!(
        widget.wait_for_call("onClose").await,
        r#"onClose {"status":"error"}"#
    );
}

#[wasm_bindgen_test]
async fn malformed_json_while_polling_is_an_error_screen() {
    let api = FakeApi::new().with_create_mode();
    api.accepts_submission(7, &[ok(r#"{"utility_credential_id":"#)]);
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "verified").await;
    widget.wait_for("heading", "Something went wrong").await;
}

#[wasm_bindgen_test]
async fn too_many_attempts_asks_to_start_again() {
    let api = FakeApi::new().with_create_mode();
    api.route(
        "POST",
        "/connect/credentials",
        &[status(429, &error_body("attempts_exhausted"))],
    );
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "verified").await;
    widget.wait_for("heading", "Too many attempts").await;
    assert!(widget
        .text()
        .contains("start connecting again from the app"));
    assert!(widget
        .calls("onError")
        .iter()
        .any(|c| c.contains("attempts_exhausted")));
}
