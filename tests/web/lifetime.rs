//! How long a component lives and how it leaves: a handle the host did not
//! keep, closing from inside, one modal at a time, a config that cannot be
//! used.

use wasm_bindgen_test::*;

use crate::support::*;

const CONSENT: &str = "Demo Energy App wants to connect to your utility account";

fn overlays() -> u32 {
    document()
        .query_selector_all(".uc-overlay")
        .unwrap()
        .length()
}

fn click_event(name: &str) -> web_sys::MouseEvent {
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    web_sys::MouseEvent::new_with_mouse_event_init_dict(name, &init).unwrap()
}

// Defect: freeing the handle (what the garbage collector does to a
// `create({...}).open()` the host kept no reference to) disposed the open
// component: the overlay stayed, Escape did nothing, onClose never came.
#[wasm_bindgen_test]
async fn a_modal_whose_handle_is_freed_stays_alive_and_closes_normally() {
    record_page_errors();
    let api = FakeApi::new().with_create_mode();
    let body = document().body().unwrap();
    let (handle, log, _keep) = create_in(&api, &Options::new(create_token()).modal(), None);
    handle.open();
    let widget_log = log.clone();
    // Free the Rust side of the handle, as the wrapper's finalizer does.
    drop(handle);
    sleep(100).await;

    let probe = Probe { log: widget_log };
    let scope: web_sys::Element = document().query_selector(".uc-overlay").unwrap().unwrap();
    for _ in 0..150 {
        if scope.text_content().unwrap_or_default().contains(CONSENT) {
            break;
        }
        sleep(20).await;
    }
    assert!(
        scope.text_content().unwrap_or_default().contains(CONSENT),
        "the component still runs: {:?}",
        scope.text_content()
    );
    sleep(50).await;
    press("Escape");
    assert_eq!(
        probe.wait_for("onClose").await,
        r#"onClose {"status":"no_submit"}"#
    );
    for _ in 0..50 {
        if overlays() == 0 {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(overlays(), 0, "the overlay is gone");
    assert_eq!(body.style().get_property_value("overflow").unwrap(), "");
    assert_eq!(probe.count("onClose"), 1);
    assert_eq!(page_errors(), Vec::<String>::new());
}

struct Probe {
    log: std::rc::Rc<std::cell::RefCell<Vec<String>>>,
}

impl Probe {
    async fn wait_for(&self, prefix: &str) -> String {
        for _ in 0..150 {
            if let Some(line) = self.log.borrow().iter().find(|l| l.starts_with(prefix)) {
                return line.clone();
            }
            sleep(20).await;
        }
        panic!("no {prefix}; log: {:?}", self.log.borrow());
    }

    fn count(&self, prefix: &str) -> usize {
        self.log
            .borrow()
            .iter()
            .filter(|l| l.starts_with(prefix))
            .count()
    }
}

// Defect: Decline, × and Done closed the modal from inside their click
// handler; the same click then reached the overlay's backdrop listener,
// already dropped by the unmount that ran in between ("closure invoked
// recursively or after being dropped").
#[wasm_bindgen_test]
async fn closing_by_a_button_inside_leaves_no_dead_listener_on_the_way() {
    for button in ["Decline", "Close"] {
        record_page_errors();
        let api = FakeApi::new().with_create_mode();
        let widget = open(&api, Options::new(create_token()).modal());
        widget.wait_for("heading", CONSENT).await;
        let overlay = widget.scope();
        widget.click(button).await;
        assert_eq!(
            widget.wait_for_call("onClose").await,
            r#"onClose {"status":"no_submit"}"#
        );
        widget.wait_gone().await;
        // Everything the unmount schedules has run; the click now arrives at
        // the overlay, as a real click's bubbling does after the microtasks
        // that run between listeners.
        sleep(50).await;
        overlay.dispatch_event(&click_event("mousedown")).unwrap();
        overlay.dispatch_event(&click_event("click")).unwrap();
        sleep(20).await;
        assert_eq!(page_errors(), Vec::<String>::new(), "{button}");
        assert_eq!(widget.calls("onClose").len(), 1, "{button}: onClose once");
    }
}

// Defect: two modals at once fought over focus (page errors on every Tab)
// and Escape closed the one underneath.
#[wasm_bindgen_test]
async fn a_second_modal_is_refused_with_already_open_and_may_open_later() {
    record_page_errors();
    let api = FakeApi::new().with_create_mode();
    let first = open(&api, Options::new(create_token()).modal());
    first.wait_for("heading", CONSENT).await;
    let (second, second_log, _keep) = create_in(&api, &Options::new(create_token()).modal(), None);
    second.open();
    let second_probe = Probe { log: second_log };
    assert!(second_probe
        .wait_for("onError")
        .await
        .contains(r#""type":"already_open""#));
    assert_eq!(second_probe.count("onOpen"), 0);
    assert_eq!(overlays(), 1, "the open modal is untouched and alone");
    for _ in 0..4 {
        press("Tab");
    }
    press("Escape");
    assert_eq!(
        first.wait_for_call("onClose").await,
        r#"onClose {"status":"no_submit"}"#
    );
    first.wait_gone().await;
    assert_eq!(
        second_probe.count("onClose"),
        0,
        "the refused one reports nothing else"
    );

    // Once the first is closed, the second may open.
    second.open();
    for _ in 0..150 {
        if overlays() == 1 {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(overlays(), 1);
    assert_eq!(second_probe.count("onOpen"), 1);
    second.destroy();
    assert_eq!(overlays(), 0);
    assert_eq!(page_errors(), Vec::<String>::new());
}

// Defect: `UtilityConnect.create` threw synchronously on a config it could
// not use, while the npm `create()` reported the same mistake to onError.
#[wasm_bindgen_test]
async fn create_never_throws_an_unusable_config_goes_to_on_error() {
    let errors = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let on_error = {
        let errors = errors.clone();
        wasm_bindgen::closure::Closure::<dyn Fn(wasm_bindgen::JsValue)>::new(
            move |payload: wasm_bindgen::JsValue| {
                errors.borrow_mut().push(
                    js_sys::JSON::stringify(&payload)
                        .unwrap()
                        .as_string()
                        .unwrap(),
                )
            },
        )
    };
    let container = new_container();
    let configs = [
        ("connectToken", wasm_bindgen::JsValue::from_str("")),
        (
            "container",
            wasm_bindgen::JsValue::from_str("#not-an-element"),
        ),
        ("apiBaseUrl", wasm_bindgen::JsValue::from_f64(5.0)),
    ];
    for (key, bad) in configs {
        errors.borrow_mut().clear();
        let callbacks = js_sys::Object::new();
        js_sys::Reflect::set(&callbacks, &"onError".into(), on_error.as_ref()).unwrap();
        let config = js_sys::Object::new();
        js_sys::Reflect::set(&config, &"connectToken".into(), &create_token().into()).unwrap();
        js_sys::Reflect::set(&config, &"container".into(), &container).unwrap();
        js_sys::Reflect::set(&config, &"callbacks".into(), &callbacks).unwrap();
        js_sys::Reflect::set(&config, &key.into(), &bad).unwrap();
        let handle = utility_connect::create(config.into());
        handle.open();
        handle.open();
        handle.close();
        handle.destroy();
        sleep(20).await;
        let seen = errors.borrow().clone();
        assert_eq!(seen.len(), 1, "{key}: reported once: {seen:?}");
        assert!(
            seen[0].contains(r#""type":"invalid_config""#),
            "{key}: {seen:?}"
        );
        assert_eq!(container.child_element_count(), 0, "{key}: nothing opens");
    }
    // Not even an object, and a global call through `window.UtilityConnect`.
    utility_connect::create(wasm_bindgen::JsValue::from_f64(5.0)).open();
    utility_connect::host::install_global();
    let through_global = js_sys::eval(
        "(() => { try { window.UtilityConnect.create({connectToken: ''}).open(); return 'ok'; } \
         catch (e) { return 'threw ' + e; } })()",
    )
    .unwrap();
    assert_eq!(through_global.as_string().as_deref(), Some("ok"));
    container.remove();
    drop(on_error);
}
