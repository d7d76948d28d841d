//! Test harness: a scripted Connect API behind `window.fetch`, a mounted
//! component with every callback recorded, and DOM queries by role and
//! accessible name (as a user, or Playwright, finds things).

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use js_sys::{Function, Object, Reflect};
use protocol::{ConnectClaims, Mode, UtilityRef};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Routes by the first path segment (one per test, so stray timers of
/// another test never meet this test's answers) and records every request.
const FAKE_FETCH: &str = r#"
(function () {
  if (window.__ucFake) return;
  const fake = { routes: {}, calls: {} };
  fake.route = (set, method, path, answers) => {
    (fake.routes[set] = fake.routes[set] || []).unshift({ method, path, answers: answers.slice() });
  };
  window.fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url, location.href);
    const parts = url.pathname.split('/');
    const set = parts[1];
    const path = '/' + parts.slice(2).join('/') + url.search;
    const body = request.method === 'GET' ? null : await request.text();
    (fake.calls[set] = fake.calls[set] || []).push({
      method: request.method, path, body, auth: request.headers.get('Authorization'),
    });
    const route = (fake.routes[set] || []).find((r) => r.method === request.method &&
      (r.path === path || (r.path.endsWith('*') && path.startsWith(r.path.slice(0, -1)))));
    if (!route) {
      return new Response(JSON.stringify({ error: { type: 'not_found', description: 'no fake for ' + path } }), { status: 404 });
    }
    const answer = route.answers.length > 1 ? route.answers.shift() : route.answers[0];
    if (answer.delay) await new Promise((resolve) => setTimeout(resolve, answer.delay));
    if (answer.status === 0) throw new TypeError('Failed to fetch');
    return new Response(answer.body, { status: answer.status, headers: { 'Content-Type': 'application/json' } });
  };
  window.__ucFake = fake;
})();
"#;

static SETS: AtomicU32 = AtomicU32::new(1);

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// One answer of the fake API: `status` 0 makes `fetch` reject (network down).
#[derive(Clone)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub delay: u32,
}

pub fn ok(body: &str) -> Answer {
    Answer {
        status: 200,
        body: body.into(),
        delay: 0,
    }
}

pub fn status(status: u16, body: &str) -> Answer {
    Answer {
        status,
        body: body.into(),
        delay: 0,
    }
}

pub fn offline() -> Answer {
    Answer {
        status: 0,
        body: String::new(),
        delay: 0,
    }
}

impl Answer {
    pub fn after(mut self, ms: u32) -> Answer {
        self.delay = ms;
        self
    }
}

#[derive(Clone, Debug, serde::Deserialize)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub body: Option<String>,
    pub auth: Option<String>,
}

pub struct FakeApi {
    set: String,
}

impl FakeApi {
    pub fn new() -> FakeApi {
        js_sys::eval(FAKE_FETCH).unwrap();
        FakeApi {
            set: format!("t{}", SETS.fetch_add(1, Ordering::Relaxed)),
        }
    }

    /// The `apiBaseUrl` that reaches this fake.
    pub fn base(&self) -> String {
        format!("/{}", self.set)
    }

    /// Answers `method path` (exact, or a prefix ending in `*`) in turn;
    /// the last answer repeats. Later routes win over earlier ones.
    pub fn route(&self, method: &str, path: &str, answers: &[Answer]) -> &Self {
        let answers: Vec<serde_json::Value> = answers
            .iter()
            .map(|a| serde_json::json!({"status": a.status, "body": a.body, "delay": a.delay}))
            .collect();
        let script = format!(
            "window.__ucFake.route({}, {}, {}, {})",
            serde_json::to_string(&self.set).unwrap(),
            serde_json::to_string(method).unwrap(),
            serde_json::to_string(path).unwrap(),
            serde_json::Value::Array(answers)
        );
        js_sys::eval(&script).unwrap();
        self
    }

    /// The server accepts the login as credential `id` (201, pending), and
    /// polls of that credential get `polls` in turn.
    pub fn accepts_submission(&self, id: i64, polls: &[Answer]) -> &Self {
        self.route(
            "POST",
            "/connect/credentials",
            &[status(201, &connect_status(id, "pending", "null"))],
        );
        self.route("GET", &format!("/connect/credentials/{id}"), polls)
    }

    pub fn requests(&self) -> Vec<Request> {
        let json = js_sys::eval(&format!(
            "JSON.stringify(window.__ucFake.calls['{}'] || [])",
            self.set
        ))
        .unwrap();
        serde_json::from_str(&json.as_string().unwrap()).unwrap()
    }

    pub fn count(&self, method: &str, path: &str) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .count()
    }

    /// The usual create-mode routes: session, the 10001 zip, a name search.
    pub fn with_create_mode(self) -> Self {
        self.route("GET", "/connect/session", &[ok(SESSION)]);
        self.route(
            "GET",
            "/utilities?zip=10001",
            &[ok(&utilities(&[CONED, ORU]))],
        );
        self.route("GET", "/utilities?zip=99999", &[ok(r#"{"utilities":[]}"#)]);
        self.route("GET", "/utilities?q=*", &[ok(&utilities(&[CONED]))]);
        self
    }
}

pub const CLIENT: &str = "Demo Energy App";
pub const SESSION: &str = r#"{"mode":"create","client_name":"Demo Energy App","utility":null,"utility_credential_id":null,"submissions_left":5,"terms_url":"/legal/terms","privacy_url":"/legal/privacy"}"#;
pub const UPDATE_SESSION: &str = r#"{"mode":"update","client_name":"Demo Energy App","utility":{"id":4226,"name":"Consolidated Edison"},"utility_credential_id":77,"submissions_left":5,"terms_url":"/legal/terms","privacy_url":"/legal/privacy"}"#;
pub const CONED: &str = r#"{"id":4226,"name":"Consolidated Edison","state":"NY","ownership":"Investor Owned","service_type":"Bundled","needs_account_number":false}"#;
pub const ORU: &str = r#"{"id":14154,"name":"Orange and Rockland Utilities","state":"NY","ownership":"Investor Owned","service_type":"Delivery","needs_account_number":true}"#;

pub fn utilities(list: &[&str]) -> String {
    format!(r#"{{"utilities":[{}]}}"#, list.join(","))
}

/// A `ConnectStatus` body; `mfa` is the challenge JSON or `null`.
pub fn connect_status(id: i64, status: &str, mfa: &str) -> String {
    format!(
        r#"{{"utility_credential_id":{id},"verification_status":"{status}","mfa":{mfa},"submissions_left":4}}"#
    )
}

pub fn error_body(kind: &str) -> String {
    format!(r#"{{"error":{{"type":"{kind}","description":"test"}}}}"#)
}

pub fn far_future() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64 + 3600
}

pub fn create_token() -> String {
    token(Mode::Create, far_future())
}

pub fn token(mode: Mode, exp: i64) -> String {
    let update = mode == Mode::Update;
    let claims = ConnectClaims {
        v: 1,
        typ: "connect".into(),
        mode,
        client_id: "cl_test".into(),
        client_name: CLIENT.into(),
        client_user_id: (!update).then(|| "user-1".into()),
        utility_credential_id: update.then_some(77),
        utility: update.then(|| UtilityRef {
            id: 4226,
            name: "Consolidated Edison".into(),
        }),
        iat: 0,
        exp,
        jti: "test".into(),
    };
    // The component reads claims only; the server is the one checking the MAC.
    format!(
        "{}.{}",
        claims.encode_payload(),
        protocol::base64url_encode(&[0u8; 32])
    )
}

/// Extra config entries, as JavaScript source (`"locale": "'es'"`).
pub struct Options {
    pub token: String,
    pub modal: bool,
    pub extra: Vec<(&'static str, String)>,
}

impl Options {
    pub fn new(token: String) -> Options {
        Options {
            token,
            modal: false,
            extra: Vec::new(),
        }
    }

    pub fn modal(mut self) -> Options {
        self.modal = true;
        self
    }

    pub fn with(mut self, key: &'static str, javascript: &str) -> Options {
        self.extra.push((key, javascript.into()));
        self
    }
}

pub struct Widget {
    pub container: Option<web_sys::HtmlElement>,
    pub log: Rc<RefCell<Vec<String>>>,
    pub handle: utility_connect::ConnectHandle,
    _keep: Vec<Closure<dyn Fn(JsValue, JsValue)>>,
}

pub fn new_container() -> web_sys::HtmlElement {
    let container: web_sys::HtmlElement =
        document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    container
}

/// Creates and opens a component against `api`; callbacks are recorded as
/// `"onX <json of first arg>"` (`"onEvent <name> <metadata json>"`).
pub fn open(api: &FakeApi, options: Options) -> Widget {
    let container = (!options.modal).then(new_container);
    let (handle, log, keep) = create_in(api, &options, container.clone());
    handle.open();
    Widget {
        container,
        log,
        handle,
        _keep: keep,
    }
}

/// A created (not yet opened) handle, its callback log, and the closures to keep alive.
pub type Created = (
    utility_connect::ConnectHandle,
    Rc<RefCell<Vec<String>>>,
    Vec<Closure<dyn Fn(JsValue, JsValue)>>,
);

pub fn create_in(
    api: &FakeApi,
    options: &Options,
    container: Option<web_sys::HtmlElement>,
) -> Created {
    let log: Rc<RefCell<Vec<String>>> = Rc::default();
    let callbacks = Object::new();
    let mut keep = Vec::new();
    for name in [
        "onOpen",
        "onError",
        "onClose",
        "onEvent",
        "onCredentialsSubmitted",
    ] {
        let log = log.clone();
        let closure =
            Closure::<dyn Fn(JsValue, JsValue)>::new(move |first: JsValue, second: JsValue| {
                let json = |value: &JsValue| {
                    js_sys::JSON::stringify(value)
                        .ok()
                        .and_then(|s| s.as_string())
                        .unwrap_or_default()
                };
                let line = if name == "onEvent" {
                    format!(
                        "{name} {} {}",
                        first.as_string().unwrap_or_default(),
                        json(&second)
                    )
                } else {
                    format!("{name} {}", json(&first))
                };
                log.borrow_mut().push(line);
            });
        Reflect::set(
            &callbacks,
            &name.into(),
            closure.as_ref().unchecked_ref::<Function>(),
        )
        .unwrap();
        keep.push(closure);
    }
    let config = Object::new();
    Reflect::set(
        &config,
        &"connectToken".into(),
        &options.token.as_str().into(),
    )
    .unwrap();
    Reflect::set(&config, &"apiBaseUrl".into(), &api.base().into()).unwrap();
    if let Some(container) = &container {
        Reflect::set(&config, &"container".into(), container).unwrap();
    }
    Reflect::set(&config, &"callbacks".into(), &callbacks).unwrap();
    for (key, javascript) in &options.extra {
        let value = js_sys::eval(&format!("({javascript})")).unwrap();
        Reflect::set(&config, &(*key).into(), &value).unwrap();
    }
    let handle = utility_connect::create(config.into());
    (handle, log, keep)
}

/// The accessible name, as far as these tests need it.
pub fn accessible_name(element: &web_sys::Element) -> String {
    if let Some(label) = element.get_attribute("aria-label") {
        return label;
    }
    if let Some(ids) = element.get_attribute("aria-labelledby") {
        return ids
            .split_whitespace()
            .filter_map(|id| document().get_element_by_id(id))
            .map(|el| el.text_content().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ");
    }
    if let Some(id) = element.get_attribute("id") {
        if let Ok(Some(label)) = document().query_selector(&format!("label[for='{id}']")) {
            return label.text_content().unwrap_or_default().trim().to_string();
        }
    }
    if element.tag_name() == "INPUT" {
        if let Ok(Some(label)) = element.closest("label") {
            return label.text_content().unwrap_or_default().trim().to_string();
        }
    }
    element
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn all(scope: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    let list = scope.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect()
}

fn role_selector(role: &str) -> &'static str {
    match role {
        "button" => "button",
        "textbox" => "input:not([type=radio]):not([type=password])",
        "password" => "input[type=password], input[name=password]",
        "radio" => "input[type=radio]",
        "link" => "a[href]",
        "heading" => "h1, h2, h3",
        "radiogroup" => "[role=radiogroup]",
        "alert" => "[role=alert]",
        "status" => "[role=status]",
        "dialog" => "[role=dialog]",
        _ => panic!("unknown role {role}"),
    }
}

impl Widget {
    /// The component's outermost element (the overlay for a modal).
    pub fn scope(&self) -> web_sys::Element {
        match &self.container {
            Some(container) => container.clone().into(),
            None => {
                let body: web_sys::Element = document().body().unwrap().into();
                all(&body, ".uc-overlay").pop().unwrap_or(body)
            }
        }
    }

    pub fn text(&self) -> String {
        self.scope().text_content().unwrap_or_default()
    }

    pub fn find(&self, role: &str, name: &str) -> Option<web_sys::HtmlElement> {
        all(&self.scope(), role_selector(role))
            .into_iter()
            .find(|el| accessible_name(el) == name)
            .map(|el| el.unchecked_into())
    }

    pub fn all(&self, role: &str) -> Vec<web_sys::HtmlElement> {
        all(&self.scope(), role_selector(role))
            .into_iter()
            .map(|el| el.unchecked_into())
            .collect()
    }

    pub fn get(&self, role: &str, name: &str) -> web_sys::HtmlElement {
        self.find(role, name)
            .unwrap_or_else(|| panic!("no {role} named {name:?}; page shows {:?}", self.text()))
    }

    pub fn input(&self, role: &str, name: &str) -> web_sys::HtmlInputElement {
        self.get(role, name).unchecked_into()
    }

    /// Waits (up to ~3 s) for a `role` named `name`.
    pub async fn wait_for(&self, role: &str, name: &str) -> web_sys::HtmlElement {
        for _ in 0..150 {
            if let Some(el) = self.find(role, name) {
                return el;
            }
            sleep(20).await;
        }
        panic!("never saw {role} {name:?}; page shows {:?}", self.text());
    }

    pub async fn wait_for_text(&self, needle: &str) -> String {
        for _ in 0..150 {
            let text = self.text();
            if text.contains(needle) {
                return text;
            }
            sleep(20).await;
        }
        panic!("never saw {needle:?}; page shows {:?}", self.text());
    }

    /// Clicks the button once it is enabled (the view updates a tick after the step).
    pub async fn click(&self, name: &str) {
        let button = self.wait_for("button", name).await;
        for _ in 0..50 {
            if !button.has_attribute("disabled") {
                break;
            }
            sleep(20).await;
        }
        button.click();
        sleep(0).await;
    }

    /// Sets an input's value and fires `input`, as typing would.
    pub fn type_into(&self, role: &str, name: &str, value: &str) {
        let input = self.input(role, name);
        input.set_value(value);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
        input.dispatch_event(&event).unwrap();
    }

    pub fn calls(&self, prefix: &str) -> Vec<String> {
        self.log
            .borrow()
            .iter()
            .filter(|line| line.starts_with(prefix))
            .cloned()
            .collect()
    }

    pub async fn wait_for_call(&self, prefix: &str) -> String {
        for _ in 0..150 {
            if let Some(line) = self.calls(prefix).last() {
                return line.clone();
            }
            sleep(20).await;
        }
        panic!("no callback {prefix:?}; log: {:?}", self.log.borrow());
    }

    pub fn events(&self) -> Vec<String> {
        self.calls("onEvent ")
            .iter()
            .map(|line| line.split(' ').nth(1).unwrap_or("").to_string())
            .collect()
    }

    /// True once nothing of the component is left on the page.
    pub fn is_gone(&self) -> bool {
        match &self.container {
            Some(container) => container.child_element_count() == 0,
            None => document().query_selector(".uc-overlay").unwrap().is_none(),
        }
    }

    pub async fn wait_gone(&self) {
        for _ in 0..150 {
            if self.is_gone() {
                return;
            }
            sleep(20).await;
        }
        panic!("component still on the page: {:?}", self.text());
    }
}

impl Drop for Widget {
    fn drop(&mut self) {
        self.handle.destroy();
        if let Some(container) = &self.container {
            container.remove();
        }
    }
}

/// Drives create mode up to the credentials of Consolidated Edison.
pub async fn to_credentials(widget: &Widget) {
    widget.click("Agree and continue").await;
    widget.wait_for("textbox", "ZIP code").await;
    widget.type_into("textbox", "ZIP code", "10001");
    widget.wait_for("radio", "Consolidated Edison").await;
    widget.click("Continue").await;
    widget
        .wait_for("heading", "Sign in to Consolidated Edison")
        .await;
}

/// Fills the credentials form and presses Connect.
pub async fn sign_in(widget: &Widget, username: &str, password: &str) {
    widget.type_into("textbox", "Username", username);
    widget.input("password", "Password").set_value(password);
    widget.click("Connect").await;
}

/// Starts recording uncaught page errors (what a host's error tracker sees);
/// `page_errors()` returns those since the last call.
pub fn record_page_errors() {
    js_sys::eval(
        "if (!window.__ucErrors) { window.__ucErrors = []; \
         window.addEventListener('error', (e) => window.__ucErrors.push(String(e.message))); \
         window.addEventListener('unhandledrejection', (e) => window.__ucErrors.push(String(e.reason))); } \
         window.__ucErrors.length = 0;",
    )
    .unwrap();
}

pub fn page_errors() -> Vec<String> {
    let json = js_sys::eval("JSON.stringify(window.__ucErrors || [])").unwrap();
    serde_json::from_str(&json.as_string().unwrap()).unwrap()
}

/// Presses a key where the focus is, as the keyboard would.
pub fn press(key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    let target: web_sys::EventTarget = document()
        .active_element()
        .map(Into::into)
        .unwrap_or_else(|| document().into());
    target.dispatch_event(&event).unwrap();
}
