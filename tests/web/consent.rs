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
    // The links come with the session's answer, a moment after the screen.
    assert_eq!(
        widget
            .wait_for("link", "Terms of Service")
            .await
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

// In the host's page (inline), the host's scripts can read the form: the
// consent screen must not promise the password is never shared with the app.
// Only the Connect server's own frame page (isolatedFrame) may say so.
#[wasm_bindgen_test]
async fn the_password_promise_is_true_in_each_mode() {
    let cases = [
        (None, "en", "This form runs on Demo Energy App's page", true),
        (
            Some("true"),
            "en",
            "never shared with Demo Energy App",
            false,
        ),
        (
            None,
            "es",
            "Este formulario funciona en la página de Demo Energy App",
            true,
        ),
        (
            Some("true"),
            "es",
            "nunca se comparte con Demo Energy App",
            false,
        ),
    ];
    for (isolated, locale, promise, inline) in cases {
        let api = FakeApi::new().with_create_mode();
        let mut options = Options::new(create_token()).with("locale", &format!("'{locale}'"));
        if let Some(flag) = isolated {
            options = options.with("isolatedFrame", flag);
        }
        let widget = open(&api, options);
        let text = widget.wait_for_text(promise).await;
        if inline {
            assert!(!text.contains("never shared with"), "{text}");
            assert!(!text.contains("nunca se comparte"), "{text}");
        }
        assert!(widget.calls("onError").is_empty());
    }
}
