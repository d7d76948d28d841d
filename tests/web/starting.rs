//! The first screen drawn from the token while the session is checked, and
//! tokens or sessions that cannot start.

use protocol::Mode;
use wasm_bindgen_test::*;

use crate::support::*;

/// The consent screen's buttons, once drawn.
fn consent_buttons(widget: &Widget) -> [web_sys::HtmlElement; 2] {
    [
        widget.get("button", "Decline"),
        widget.get("button", "Agree and continue"),
    ]
}

#[wasm_bindgen_test]
async fn consent_is_drawn_from_the_token_at_once_and_waits_for_the_session_to_act() {
    let api = FakeApi::new();
    api.route("GET", "/connect/session", &[ok(SESSION).after(300)]);
    let connect_token = create_token();
    let widget = open(&api, Options::new(connect_token.clone()));
    // No waiting: the heading is there as soon as the component is.
    widget.get(
        "heading",
        "Demo Energy App wants to connect to your utility account",
    );
    let dialog = widget.get("dialog", "Connect your utility account");
    assert_eq!(
        dialog.get_attribute("aria-modal"),
        None,
        "inline is not modal"
    );
    assert!(
        widget.find("button", "Close").is_none(),
        "inline, the host owns the component's place: nothing to close"
    );
    let section = widget
        .scope()
        .query_selector(".uc-screen--consent")
        .unwrap()
        .unwrap();
    assert_eq!(section.get_attribute("aria-busy").as_deref(), Some("true"));
    for button in consent_buttons(&widget) {
        assert!(
            button.has_attribute("disabled"),
            "no choice before the check"
        );
        button.click();
    }
    sleep(50).await;
    assert!(
        widget.find("link", "Terms of Service").is_none(),
        "links come with the session"
    );
    assert!(widget.calls("onEvent consent").is_empty() && widget.calls("onClose").is_empty());
    assert_eq!(widget.calls("onOpen").len(), 1);
    let request = &api.requests()[0];
    assert_eq!(
        request.auth.as_deref(),
        Some(format!("Bearer {connect_token}").as_str())
    );
    // The session answers: the same screen, now usable.
    widget.wait_for("link", "Terms of Service").await;
    for button in consent_buttons(&widget) {
        assert!(!button.has_attribute("disabled"));
    }
    assert_eq!(section.get_attribute("aria-busy"), None);
    assert_eq!(
        widget.calls("onEvent screen_viewed"),
        [r#"onEvent screen_viewed {"screen":"consent"}"#],
        "consent was viewed once"
    );
    widget.click("Agree and continue").await;
    widget.wait_for("textbox", "ZIP code").await;
}

#[wasm_bindgen_test]
async fn a_session_refused_after_consent_is_drawn_replaces_it_before_any_choice() {
    let api = FakeApi::new();
    api.route(
        "GET",
        "/connect/session",
        &[status(401, &error_body("connect_token_expired")).after(200)],
    );
    let widget = open(&api, Options::new(create_token()));
    for button in consent_buttons(&widget) {
        button.click();
    }
    widget.wait_for("heading", "This session has expired").await;
    assert!(widget.find("button", "Agree and continue").is_none());
    assert!(widget.calls("onEvent consent").is_empty());
    let errors = widget.calls("onError");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("connect_token_expired"), "{errors:?}");
}

#[wasm_bindgen_test]
async fn a_malformed_token_shows_an_error_screen_and_calls_on_error() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new("definitely-not-a-token".into()));
    widget.wait_for("heading", "This link isn't valid").await;
    assert_eq!(
        widget
            .all("button")
            .iter()
            .filter(|b| crate::support::accessible_name(b) == "Close")
            .count(),
        1
    );
    let error = widget.wait_for_call("onError").await;
    assert!(error.contains("invalid_connect_token"), "{error}");
    assert!(
        api.requests().is_empty(),
        "nothing is asked of the server with a bad token"
    );
}

#[wasm_bindgen_test]
async fn an_expired_token_says_the_session_expired() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new(token(Mode::Create, 1)));
    widget.wait_for("heading", "This session has expired").await;
    assert!(widget
        .text()
        .contains("start connecting again from the app"));
    assert!(widget
        .calls("onError")
        .iter()
        .any(|call| call.contains("connect_token_expired")));
    widget.click("Close").await;
    assert!(widget
        .wait_for_call("onClose")
        .await
        .contains(r#""status":"error""#));
}

#[wasm_bindgen_test]
async fn a_server_that_refuses_the_token_shows_the_invalid_link_screen() {
    let api = FakeApi::new();
    api.route(
        "GET",
        "/connect/session",
        &[status(401, &error_body("invalid_connect_token"))],
    );
    let widget = open(&api, Options::new(create_token()));
    widget.wait_for("heading", "This link isn't valid").await;
    assert!(widget
        .all("alert")
        .iter()
        .any(|a| a.text_content().unwrap().contains("This link isn't valid")));
}

#[wasm_bindgen_test]
async fn malformed_json_from_the_server_is_an_error_screen_not_a_panic() {
    let api = FakeApi::new();
    api.route("GET", "/connect/session", &[ok("{not json")]);
    let widget = open(&api, Options::new(create_token()));
    widget.wait_for("heading", "Something went wrong").await;
    assert!(widget.find("button", "Try again").is_some());
    assert!(widget
        .calls("onError")
        .iter()
        .any(|call| call.contains("server_error")));
}

#[wasm_bindgen_test]
async fn a_5xx_on_the_session_offers_try_again_which_reloads_it() {
    let api = FakeApi::new().with_create_mode();
    api.route(
        "GET",
        "/connect/session",
        &[status(503, "<html>unavailable</html>"), ok(SESSION)],
    );
    let widget = open(&api, Options::new(create_token()));
    widget.wait_for("heading", "Something went wrong").await;
    widget.click("Try again").await;
    widget
        .wait_for(
            "heading",
            "Demo Energy App wants to connect to your utility account",
        )
        .await;
    assert_eq!(api.count("GET", "/connect/session"), 2);
}

/// The API as it answers a page its client did not register.
fn refusing_the_origin() -> FakeApi {
    let api = FakeApi::new();
    api.route(
        "GET",
        "/connect/session",
        &[status(403, &error_body("origin_not_allowed"))],
    );
    api
}

// Defect: a page the token's client did not register (API 403
// `origin_not_allowed`) was reported as `invalid_connect_token`, and the user
// read "This link isn't valid".
#[wasm_bindgen_test]
async fn an_unregistered_page_origin_is_its_own_error_and_screen() {
    let api = refusing_the_origin();
    let widget = open(&api, Options::new(create_token()));
    widget
        .wait_for("heading", "This site can't connect utility accounts here")
        .await;
    let text = widget.text();
    assert!(
        text.contains("Demo Energy App hasn't allowed this website"),
        "{text}"
    );
    assert!(!text.contains("This link isn't valid"), "{text}");
    assert!(widget.find("button", "Try again").is_none(), "a dead end");
    let errors = widget.calls("onError");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains(r#""type":"origin_not_allowed""#),
        "{errors:?}"
    );
    assert!(widget
        .calls("onEvent screen_viewed")
        .iter()
        .any(|c| c.contains(r#"{"screen":"origin_not_allowed"}"#)));
    widget.click("Close").await;
    assert_eq!(
        widget.wait_for_call("onClose").await,
        r#"onClose {"status":"error"}"#
    );
}

#[wasm_bindgen_test]
async fn the_unregistered_origin_screen_speaks_spanish() {
    let api = refusing_the_origin();
    let widget = open(&api, Options::new(create_token()).with("locale", "'es'"));
    widget
        .wait_for(
            "heading",
            "Este sitio no puede conectar cuentas de servicios aquí",
        )
        .await;
}
