//! The one-time-code screens.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::*;

const PENDING_MFA: &str = r#"{"methods":["sms","email"],"method":null,"destination":null,"code_attempts_left":5,"last_code_rejected":false}"#;

fn code_challenge(attempts: u8, rejected: bool) -> String {
    format!(
        r#"{{"methods":["sms","email"],"method":"email","destination":"j•••@example.com","code_attempts_left":{attempts},"last_code_rejected":{rejected}}}"#
    )
}

#[wasm_bindgen_test]
async fn mfa_chooses_a_method_then_a_wrong_code_stays_and_the_right_one_verifies() {
    let api = FakeApi::new().with_create_mode();
    api.accepts_submission(7, &[ok(&connect_status(7, "pending", PENDING_MFA))]);
    api.route(
        "POST",
        "/connect/credentials/7/mfa/method",
        &[ok(&connect_status(7, "pending", &code_challenge(5, false)))],
    );
    api.route(
        "POST",
        "/connect/credentials/7/mfa/code",
        &[
            ok(&connect_status(7, "pending", &code_challenge(4, true))),
            ok(&connect_status(7, "verified", "null")),
        ],
    );
    api.route(
        "POST",
        "/connect/credentials/7/mfa/resend",
        &[ok(&connect_status(7, "pending", &code_challenge(4, false)))],
    );
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "mfa").await;

    widget.wait_for("heading", "Verify it's you").await;
    let sms: web_sys::HtmlInputElement = widget.get("radio", "Text message (SMS)").unchecked_into();
    assert!(sms.checked());
    widget.get("radio", "Email").click();
    widget.click("Send code").await;
    let code = widget.wait_for("textbox", "Verification code").await;
    assert_eq!(
        code.get_attribute("autocomplete").as_deref(),
        Some("one-time-code")
    );
    assert_eq!(code.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert!(widget.text().contains("j•••@example.com"));
    assert!(
        !widget.text().contains("attempts left"),
        "attempts left mean nothing before a try"
    );
    let method = api
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/mfa/method"))
        .unwrap();
    assert_eq!(method.body.as_deref(), Some(r#"{"method":"email"}"#));

    widget.type_into("textbox", "Verification code", "111111");
    widget.click("Verify").await;
    widget
        .wait_for_text("That code didn't work. Check it and try again.")
        .await;
    assert!(widget.text().contains("4 attempts left"));
    assert_eq!(
        widget.input("textbox", "Verification code").value(),
        "",
        "the code is not kept"
    );
    assert!(widget
        .calls("onEvent mfa_code_rejected")
        .iter()
        .any(|c| c.contains(r#"{"attempts_left":4}"#)));

    // Resend waits out its cool-down (the browser tests walk through it).
    let resend = widget
        .all("button")
        .into_iter()
        .find(|b| accessible_name(b).starts_with("Resend code in "))
        .expect("a counting-down resend button");
    assert!(resend.has_attribute("disabled"));

    widget.type_into("textbox", "Verification code", "123456");
    widget.click("Verify").await;
    widget.wait_for("heading", "You're connected").await;
    let log = widget.log.borrow().join("\n");
    assert!(
        !log.contains("123456") && !log.contains("111111"),
        "codes never reach callbacks"
    );
    let events = widget.events();
    for expected in [
        "mfa_requested",
        "mfa_method_selected",
        "mfa_code_submitted",
        "mfa_code_rejected",
    ] {
        assert!(
            events.contains(&expected.to_string()),
            "{expected}: {events:?}"
        );
    }
}
