//! Component tests in headless Chromium: mount the real component, with the
//! page's `fetch` answering as the Connect API would.

#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Reflect};
use protocol::{ConnectClaims, Mode};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Makes `window.fetch` answer every request with `status` and `body`.
fn answer_fetch_with(status: u16, body: &str) {
    let script = format!(
        "window.fetch = async () => new Response({body:?}, {{ status: {status}, headers: {{ 'Content-Type': 'application/json' }} }});"
    );
    js_sys::eval(&script).unwrap();
}

fn token(client_name: &str, exp: i64) -> String {
    let claims = ConnectClaims {
        v: 1,
        typ: "connect".into(),
        mode: Mode::Create,
        client_id: "cl_test".into(),
        client_name: client_name.into(),
        client_user_id: Some("user-1".into()),
        utility_credential_id: None,
        utility: None,
        iat: 0,
        exp,
        jti: "test".into(),
    };
    // The component reads claims only; the server is the one checking the MAC.
    format!("{}.{}", claims.encode_payload(), protocol::base64url_encode(&[0u8; 32]))
}

fn far_future() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64 + 3600
}

struct Mounted {
    container: web_sys::HtmlElement,
    calls: Rc<RefCell<Vec<String>>>,
    handle: utility_connect::ConnectHandle,
    _keep: Vec<Closure<dyn Fn(JsValue)>>,
}

/// Mounts the component inline and records each callback as `name payload-json`.
fn mount(connect_token: &str) -> Mounted {
    let container: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let calls: Rc<RefCell<Vec<String>>> = Rc::default();
    let callbacks = Object::new();
    let mut keep = Vec::new();
    for name in ["onOpen", "onError", "onClose", "onEvent"] {
        let calls = calls.clone();
        let closure = Closure::<dyn Fn(JsValue)>::new(move |payload: JsValue| {
            let json = js_sys::JSON::stringify(&payload).ok().and_then(|s| s.as_string()).unwrap_or_default();
            calls.borrow_mut().push(format!("{name} {json}"));
        });
        Reflect::set(&callbacks, &name.into(), closure.as_ref().unchecked_ref::<Function>()).unwrap();
        keep.push(closure);
    }
    let config = Object::new();
    Reflect::set(&config, &"connectToken".into(), &connect_token.into()).unwrap();
    Reflect::set(&config, &"container".into(), &container).unwrap();
    Reflect::set(&config, &"callbacks".into(), &callbacks).unwrap();
    let handle = utility_connect::create(config.into()).unwrap();
    handle.open();
    Mounted { container, calls, handle, _keep: keep }
}

/// Waits (up to ~2 s) for the container's text to contain `needle`.
async fn wait_for_text(container: &web_sys::HtmlElement, needle: &str) -> String {
    for _ in 0..100 {
        let text = container.text_content().unwrap_or_default();
        if text.contains(needle) {
            return text;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    panic!("never saw {needle:?}; page shows {:?}", container.text_content());
}

const SESSION: &str = r#"{"mode":"create","client_name":"Demo Energy App","utility":null,"utility_credential_id":null,"submissions_left":5,"terms_url":"/legal/terms","privacy_url":"/legal/privacy"}"#;

#[wasm_bindgen_test]
async fn the_consent_screen_names_the_client_and_what_is_shared() {
    answer_fetch_with(200, SESSION);
    let mounted = mount(&token("Demo Energy App", far_future()));
    let text = wait_for_text(&mounted.container, "Demo Energy App wants to connect").await;
    assert!(text.contains("Bills and statements"), "{text}");
    let agree = mounted.container.query_selector("button.uc-button--primary").unwrap().unwrap();
    assert_eq!(agree.text_content().unwrap(), "Agree and continue");
    assert!(mounted.calls.borrow().iter().any(|call| call.starts_with("onOpen")));
    mounted.handle.destroy();
    assert_eq!(mounted.container.child_element_count(), 0, "destroy removes the component");
}

#[wasm_bindgen_test]
async fn a_malformed_token_shows_an_error_screen_and_calls_on_error() {
    answer_fetch_with(200, SESSION);
    let mounted = mount("definitely-not-a-token");
    wait_for_text(&mounted.container, "This link isn't valid").await;
    let calls = mounted.calls.borrow().clone();
    assert!(calls.iter().any(|call| call.starts_with("onError") && call.contains("invalid_connect_token")), "{calls:?}");
}

#[wasm_bindgen_test]
async fn an_expired_token_says_the_session_expired() {
    answer_fetch_with(200, SESSION);
    let mounted = mount(&token("Demo Energy App", 1));
    wait_for_text(&mounted.container, "This session has expired").await;
    assert!(mounted.calls.borrow().iter().any(|call| call.contains("connect_token_expired")));
}

#[wasm_bindgen_test]
async fn a_server_that_refuses_the_token_shows_the_error_screen() {
    answer_fetch_with(401, r#"{"error":{"type":"invalid_connect_token","description":"The connect token is not valid."}}"#);
    let mounted = mount(&token("Demo Energy App", far_future()));
    wait_for_text(&mounted.container, "This link isn't valid").await;
}

#[wasm_bindgen_test]
async fn malformed_json_from_the_server_is_an_error_screen_not_a_panic() {
    answer_fetch_with(200, "{not json");
    let mounted = mount(&token("Demo Energy App", far_future()));
    wait_for_text(&mounted.container, "Something went wrong on our side").await;
}
