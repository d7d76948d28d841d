//! Screen details a person meets, in headless Chromium against a scripted
//! Connect API: who is asking (name and logo), the names people know,
//! focus after an invalid submit, the reset link after a rejected login,
//! masked MFA destinations, and "Back" returning to where the user was.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::*;

/// A utility whose reset page the (scripted) directory knows. The URL is a
/// test fixture on the reserved example domain, not a real utility's page.
const RESETTABLE: &str = r#"{"id":4226,"name":"Consolidated Edison Co-NY Inc","display_name":"Con Edison","state":"NY","ownership":"Investor Owned","service_type":"Bundled","needs_account_number":false,"password_reset_url":"https://utility.example/reset"}"#;

fn session_with_logo(logo: &str) -> String {
    SESSION.replacen(
        r#""client_name":"Demo Energy App","#,
        &format!(r#""client_name":"Demo Energy App","logo_url":"{logo}","#),
        1,
    )
}

fn brand_mark(widget: &Widget) -> web_sys::Element {
    widget
        .scope()
        .query_selector(".uc-brand > :first-child")
        .unwrap()
        .expect("a logo or a badge")
}

#[wasm_bindgen_test]
async fn the_clients_logo_shows_from_https_and_an_initial_badge_otherwise() {
    let api = FakeApi::new().with_create_mode();
    api.route(
        "GET",
        "/connect/session",
        &[ok(&session_with_logo("https://cdn.example/logo.svg"))],
    );
    let widget = open(&api, Options::new(create_token()));
    // The logo comes with the session, as the terms link does.
    widget.wait_for("link", "Terms of Service").await;
    let logo = brand_mark(&widget);
    assert_eq!(logo.tag_name(), "IMG");
    assert_eq!(
        logo.get_attribute("src").as_deref(),
        Some("https://cdn.example/logo.svg")
    );
    assert_eq!(
        logo.get_attribute("alt").as_deref(),
        Some(""),
        "the name is written beside it"
    );
    assert!(widget.text().contains(CLIENT));

    let api = FakeApi::new().with_create_mode();
    api.route(
        "GET",
        "/connect/session",
        &[ok(&session_with_logo("http://cdn.example/logo.svg"))],
    );
    let widget = open(&api, Options::new(create_token()));
    widget.wait_for("link", "Terms of Service").await;
    let badge = brand_mark(&widget);
    assert_eq!(badge.tag_name(), "SPAN", "plain http is never loaded");
    assert_eq!(badge.text_content().as_deref(), Some("D"));
}

#[wasm_bindgen_test]
async fn display_names_lead_and_the_chosen_utility_stays_in_view() {
    let api = FakeApi::new().with_create_mode();
    api.route(
        "GET",
        "/utilities?zip=10001",
        &[ok(&utilities(&[RESETTABLE]))],
    );
    let widget = open(&api, Options::new(create_token()));
    widget.click("Agree and continue").await;
    widget.wait_for("textbox", "ZIP code").await;
    widget.type_into("textbox", "ZIP code", "10001");
    let radio = widget.wait_for("radio", "Con Edison").await;
    let described = radio.get_attribute("aria-describedby").unwrap();
    let meta = document().get_element_by_id(&described).unwrap();
    assert_eq!(
        meta.text_content().unwrap(),
        "Consolidated Edison Co-NY Inc · NY"
    );
    widget.wait_for("status", "1 utility found.").await;
    widget.click("Continue").await;
    widget.wait_for("heading", "Sign in to Con Edison").await;
    assert!(widget.text().contains("Connecting to Con Edison"));
}

#[wasm_bindgen_test]
async fn an_invalid_submit_moves_the_focus_to_the_first_invalid_field() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    widget.type_into("textbox", "Username", "ada");
    widget.click("Connect").await;
    sleep(50).await;
    let password = widget.input("password", "Password");
    let active = document().active_element().unwrap();
    assert!(
        password.is_same_node(Some(&active)),
        "the empty password takes the focus"
    );
    assert_eq!(
        password.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    // Its error is its description, so it is read out with the field.
    let error = document()
        .get_element_by_id(&password.get_attribute("aria-describedby").unwrap())
        .unwrap();
    assert_eq!(error.text_content().unwrap(), "Enter your password");
}

#[wasm_bindgen_test]
async fn a_rejected_login_offers_the_utilitys_own_reset_page_when_known() {
    let api = FakeApi::new().with_create_mode();
    api.route(
        "GET",
        "/utilities?zip=10001",
        &[ok(&utilities(&[RESETTABLE]))],
    );
    api.accepts_submission(7, &[ok(&connect_status(7, "rejected", "null"))]);
    let widget = open(&api, Options::new(create_token()));
    widget.click("Agree and continue").await;
    widget.wait_for("textbox", "ZIP code").await;
    widget.type_into("textbox", "ZIP code", "10001");
    widget.wait_for("radio", "Con Edison").await;
    widget.click("Continue").await;
    widget.wait_for("heading", "Sign in to Con Edison").await;
    assert!(
        widget
            .find("link", "Forgot your password? (opens Con Edison's site)")
            .is_none(),
        "not before a failure"
    );
    sign_in(&widget, "ada", "rejected").await;
    let link = widget
        .wait_for("link", "Forgot your password? (opens Con Edison's site)")
        .await;
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://utility.example/reset")
    );
    assert_eq!(
        link.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );

    // Where the directory knows no page, there is no link.
    let api = FakeApi::new().with_create_mode();
    api.accepts_submission(8, &[ok(&connect_status(8, "rejected", "null"))]);
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "rejected").await;
    widget
        .wait_for_text("We couldn't sign in with those details.")
        .await;
    assert!(widget
        .all("link")
        .iter()
        .all(|l| !accessible_name(l).starts_with("Forgot")));
}

#[wasm_bindgen_test]
async fn the_mfa_choice_shows_where_each_code_would_go() {
    let api = FakeApi::new().with_create_mode();
    let challenge = r#"{"methods":["sms","email"],"method":null,"destination":null,"destinations":[{"method":"sms","destination":"•••-•••-1234"},{"method":"email","destination":"a•••@example.com"}],"code_attempts_left":5,"last_code_rejected":false}"#;
    api.accepts_submission(7, &[ok(&connect_status(7, "pending", challenge))]);
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "mfa").await;
    let sms = widget.wait_for("radio", "Text message (SMS)").await;
    let email = widget.get("radio", "Email");
    let description = |radio: &web_sys::HtmlElement| {
        let id = radio.get_attribute("aria-describedby").unwrap();
        document()
            .get_element_by_id(&id)
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert_eq!(description(&sms), "•••-•••-1234");
    assert_eq!(description(&email), "a•••@example.com");
}

#[wasm_bindgen_test]
async fn back_from_the_form_returns_to_the_search_with_its_query() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new(create_token()));
    widget.click("Agree and continue").await;
    widget.wait_for("textbox", "ZIP code").await;
    widget.type_into("textbox", "ZIP code", "99999");
    widget.click("Search by name").await;
    widget.wait_for("textbox", "Utility name").await;
    widget.type_into("textbox", "Utility name", "con ed");
    let radio: web_sys::HtmlInputElement = widget
        .wait_for("radio", "Consolidated Edison")
        .await
        .unchecked_into();
    radio.click();
    widget.click("Continue").await;
    widget
        .wait_for("heading", "Sign in to Consolidated Edison")
        .await;
    widget.click("Back").await;
    let query = widget.wait_for("textbox", "Utility name").await;
    assert_eq!(
        query.unchecked_into::<web_sys::HtmlInputElement>().value(),
        "con ed"
    );
    let radio: web_sys::HtmlInputElement = widget
        .wait_for("radio", "Consolidated Edison")
        .await
        .unchecked_into();
    assert!(radio.checked(), "what the user had picked is picked again");
}

#[wasm_bindgen_test]
async fn a_missing_utility_is_reported_to_the_host_from_the_search() {
    let api = FakeApi::new().with_create_mode();
    api.route("GET", "/utilities?q=*", &[ok(r#"{"utilities":[]}"#)]);
    let widget = open(&api, Options::new(create_token()));
    widget.click("Agree and continue").await;
    widget.wait_for("textbox", "ZIP code").await;
    widget.type_into("textbox", "ZIP code", "99999");
    widget
        .wait_for(
            "status",
            "We don't have utility data for 99999 yet. Try searching by name instead.",
        )
        .await;
    widget.click("Search by name").await;
    widget.wait_for("textbox", "Utility name").await;
    widget.type_into("textbox", "Utility name", "zzz");
    widget.wait_for("status", "No utilities match “zzz”.").await;
    widget
        .click("Tell Demo Energy App my utility is missing")
        .await;
    assert_eq!(
        widget.wait_for_call("onClose").await,
        r#"onClose {"status":"no_submit"}"#
    );
    assert!(widget
        .calls("onEvent utility_not_listed")
        .iter()
        .any(|c| c.contains(r#"{"source":"search"}"#)));
}
