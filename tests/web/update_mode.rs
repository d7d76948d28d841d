//! Update mode: a token for an existing credential.

use protocol::Mode;
use wasm_bindgen_test::*;

use crate::support::*;

#[wasm_bindgen_test]
async fn update_mode_goes_straight_to_credentials_and_returns_the_same_id() {
    let api = FakeApi::new();
    api.route("GET", "/connect/session", &[ok(UPDATE_SESSION)]);
    api.route("GET", "/utilities?q=*", &[ok(&utilities(&[CONED]))]);
    api.route(
        "POST",
        "/connect/credentials",
        &[status(201, &connect_status(77, "verified", "null"))],
    );
    let options = Options::new(token(Mode::Update, far_future()))
        .with("newCredentialData", "{zipCode: '10001'}");
    let widget = open(&api, options);
    widget
        .wait_for("heading", "Sign in to Consolidated Edison")
        .await;
    assert!(
        widget.find("button", "Back").is_none(),
        "no way back to the utility in update mode"
    );
    assert!(!widget.text().contains("wants to connect"));
    let error = widget.wait_for_call("onError").await;
    assert!(error.contains("invalid_config"), "{error}");
    sign_in(&widget, "ada", "verified").await;
    widget.wait_for("heading", "You're connected").await;
    assert_eq!(
        widget.calls("onCredentialsSubmitted"),
        [r#"onCredentialsSubmitted {"utilityCredentialId":77}"#]
    );
    widget.click("Done").await;
    assert_eq!(
        widget.wait_for_call("onClose").await,
        r#"onClose {"status":"verified","utilityCredentialId":77}"#
    );
}

#[wasm_bindgen_test]
async fn the_update_form_shows_at_once_and_takes_no_submission_before_the_session_answers() {
    let api = FakeApi::new();
    api.route("GET", "/connect/session", &[ok(UPDATE_SESSION).after(300)]);
    api.route("GET", "/utilities?q=*", &[ok(&utilities(&[CONED]))]);
    let widget = open(&api, Options::new(token(Mode::Update, far_future())));
    widget
        .wait_for("heading", "Sign in to Consolidated Edison")
        .await;
    let connect = widget.get("button", "Connect");
    assert!(connect.has_attribute("disabled"));
    assert_eq!(connect.get_attribute("aria-busy").as_deref(), Some("true"));
    widget.type_into("textbox", "Username", "ada");
    widget.input("password", "Password").set_value("verified");
    connect.click();
    sleep(50).await;
    assert_eq!(api.count("POST", "/connect/credentials"), 0);
    for _ in 0..50 {
        if !connect.has_attribute("disabled") {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(connect.get_attribute("aria-busy"), None);
    // What was typed while the session was checked is still there.
    assert_eq!(widget.input("textbox", "Username").value(), "ada");
    assert_eq!(widget.input("password", "Password").value(), "verified");
}
