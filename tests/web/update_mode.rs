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
