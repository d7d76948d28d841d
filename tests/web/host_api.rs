//! The host API: modal behaviour, handle methods, theme and locale.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::*;

#[wasm_bindgen_test]
async fn the_modal_locks_scroll_traps_escape_and_gives_focus_back() {
    let api = FakeApi::new().with_create_mode();
    let body = document().body().unwrap();
    body.style().set_property("overflow", "auto").unwrap();
    let opener: web_sys::HtmlElement = document()
        .create_element("button")
        .unwrap()
        .unchecked_into();
    opener.set_text_content(Some("Connect utility"));
    body.append_child(&opener).unwrap();
    opener.focus().unwrap();

    let widget = open(&api, Options::new(create_token()).modal());
    let dialog = widget
        .wait_for("dialog", "Connect your utility account")
        .await;
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    assert_eq!(
        body.style().get_property_value("overflow").unwrap(),
        "hidden"
    );
    widget
        .wait_for(
            "heading",
            "Demo Energy App wants to connect to your utility account",
        )
        .await;
    sleep(50).await;
    let active = document().active_element().unwrap();
    assert!(
        dialog.contains(Some(&active)),
        "focus moved into the dialog"
    );

    // Focus cannot wander to the page behind the modal.
    opener.focus().unwrap();
    let active = document().active_element().unwrap();
    assert!(
        dialog.contains(Some(&active)),
        "focus brought back into the dialog"
    );

    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let escape =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    active.dispatch_event(&escape).unwrap();
    assert_eq!(
        widget.wait_for_call("onClose").await,
        r#"onClose {"status":"no_submit"}"#
    );
    widget.wait_gone().await;
    assert_eq!(
        body.style().get_property_value("overflow").unwrap(),
        "auto",
        "scroll restored"
    );
    assert!(
        opener.is_same_node(document().active_element().as_ref().map(|el| el.as_ref())),
        "focus restored"
    );
    opener.remove();
    body.style().remove_property("overflow").unwrap();
}

#[wasm_bindgen_test]
async fn close_and_destroy_are_safe_twice_and_destroy_reports_nothing() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new(create_token()));
    widget
        .wait_for(
            "heading",
            "Demo Energy App wants to connect to your utility account",
        )
        .await;
    widget.handle.close();
    widget.handle.close();
    widget.wait_gone().await;
    assert_eq!(widget.calls("onClose").len(), 1);
    widget.handle.destroy();
    widget.handle.destroy();
    widget.handle.open();
    sleep(50).await;
    assert!(widget.is_gone(), "a destroyed handle stays closed");

    let other = open(&api, Options::new(create_token()));
    other
        .wait_for(
            "heading",
            "Demo Energy App wants to connect to your utility account",
        )
        .await;
    other.handle.destroy();
    assert!(other.is_gone(), "destroy removes the component at once");
    sleep(50).await;
    assert!(other.calls("onClose").is_empty());
}

#[wasm_bindgen_test]
async fn a_second_create_on_the_same_container_replaces_the_first() {
    let api = FakeApi::new().with_create_mode();
    let container = new_container();
    let options = Options::new(create_token());
    let (first, first_log, _keep1) = create_in(&api, &options, Some(container.clone()));
    first.open();
    sleep(50).await;
    let (second, _log, _keep2) = create_in(&api, &options, Some(container.clone()));
    second.open();
    sleep(100).await;
    assert_eq!(
        container.query_selector_all(".uc-root").unwrap().length(),
        1
    );
    assert!(first_log
        .borrow()
        .iter()
        .all(|line| !line.starts_with("onClose")));
    first.open();
    sleep(50).await;
    assert_eq!(
        container.query_selector_all(".uc-root").unwrap().length(),
        1,
        "the replaced handle is dead"
    );
    second.destroy();
    container.remove();
}

#[wasm_bindgen_test]
async fn theme_and_locale_apply() {
    let api = FakeApi::new().with_create_mode();
    let options = Options::new(create_token())
        .with(
            "theme",
            "{primaryColor: '#123456', borderRadius: 4, fontFamily: 'Georgia; color: red'}",
        )
        .with("locale", "'es-MX'");
    let widget = open(&api, options);
    let dialog = widget
        .wait_for("dialog", "Conecta tu cuenta de servicios eléctricos")
        .await;
    let style = dialog.get_attribute("style").unwrap_or_default();
    assert!(
        style.contains("--uc-color-primary: #123456") && style.contains("--uc-radius: 4px"),
        "{style}"
    );
    assert!(!style.contains("red"), "unsafe values are dropped: {style}");
    widget.wait_for("button", "Aceptar y continuar").await;
    assert!(widget
        .calls("onError")
        .iter()
        .any(|c| c.contains("theme.fontFamily")));
}
