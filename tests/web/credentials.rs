//! The credentials form.

use wasm_bindgen_test::*;

use crate::support::*;

#[wasm_bindgen_test]
async fn the_credentials_form_has_the_right_fields_and_a_password_toggle() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    let username = widget.input("textbox", "Username");
    assert_eq!(
        username.get_attribute("autocomplete").as_deref(),
        Some("username")
    );
    assert_eq!(username.get_attribute("maxlength"), None);
    let password = widget.input("password", "Password");
    assert_eq!(password.type_(), "password");
    assert_eq!(
        password.get_attribute("autocomplete").as_deref(),
        Some("current-password")
    );
    assert_eq!(password.get_attribute("maxlength"), None);
    assert!(
        widget.find("textbox", "Account number").is_none(),
        "Con Ed doesn't need it"
    );
    let toggle = widget.get("button", "Show password");
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    toggle.click();
    widget.wait_for("button", "Hide password").await;
    assert_eq!(password.type_(), "text");
    assert_eq!(
        widget
            .get("button", "Hide password")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    // Empty fields stay on the form with a message each.
    widget.click("Connect").await;
    widget.wait_for_text("Enter your username").await;
    assert!(widget.text().contains("Enter your password"));
    assert_eq!(api.count("POST", "/connect/credentials"), 0);
    widget.click("Back").await;
    widget.wait_for("heading", "Find your utility").await;
}

#[wasm_bindgen_test]
async fn a_utility_that_needs_it_asks_for_the_account_number() {
    let api = FakeApi::new().with_create_mode();
    api.route(
        "POST",
        "/connect/credentials",
        &[status(201, &connect_status(9, "verified", "null"))],
    );
    let widget = open(&api, Options::new(create_token()));
    widget.click("Agree and continue").await;
    widget.wait_for("textbox", "ZIP code").await;
    widget.type_into("textbox", "ZIP code", "10001");
    widget
        .wait_for("radio", "Orange and Rockland Utilities")
        .await
        .click();
    widget.click("Continue").await;
    widget.wait_for("textbox", "Account number").await;
    widget.type_into("textbox", "Account number", "12-345");
    sign_in(&widget, "ada", "verified").await;
    widget.wait_for("heading", "You're connected").await;
    let body = api
        .requests()
        .into_iter()
        .find(|r| r.method == "POST")
        .unwrap()
        .body
        .unwrap();
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["account_number"], "12-345");
    assert_eq!(body["utility_id"], 14154);
    assert_eq!(body["zip"], "10001");
}
