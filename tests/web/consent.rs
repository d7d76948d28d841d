//! The consent screen.

use wasm_bindgen_test::*;

use crate::support::*;

#[wasm_bindgen_test]
async fn consent_names_the_client_what_is_shared_and_the_terms() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new(create_token()));
    widget
        .wait_for(
            "heading",
            "Demo Energy App wants to connect to your utility account",
        )
        .await;
    let text = widget.text();
    for shared in ["Account details", "Bills and statements", "Energy usage"] {
        assert!(text.contains(shared), "{shared}: {text}");
    }
    assert_eq!(
        widget
            .get("link", "Terms of Service")
            .get_attribute("href")
            .as_deref(),
        Some("/legal/terms")
    );
    assert_eq!(
        widget
            .get("link", "Privacy Policy")
            .get_attribute("href")
            .as_deref(),
        Some("/legal/privacy")
    );
    assert!(widget.find("button", "Decline").is_some());
    assert!(widget
        .calls("onEvent screen_viewed")
        .iter()
        .any(|c| c.contains(r#"{"screen":"consent"}"#)));
}

#[wasm_bindgen_test]
async fn declining_closes_with_no_submit() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new(create_token()));
    widget.click("Decline").await;
    let close = widget.wait_for_call("onClose").await;
    assert_eq!(close, r#"onClose {"status":"no_submit"}"#);
    assert!(widget.events().contains(&"consent_declined".to_string()));
    assert!(widget
        .calls("onEvent closed")
        .iter()
        .any(|c| c.contains(r#"{"status":"no_submit"}"#)));
    widget.wait_gone().await;
}
