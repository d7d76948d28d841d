//! Putting the component on the page and taking it off again, leaving the
//! host page as it was: scroll unlocked, focus back where it had been.
//!
//! An open component is owned by the `OPEN` registry, not by the host's
//! handle: a handle the host never kept (`create(…).open()`) is collected
//! by the JavaScript garbage collector, and that must not take the
//! component down. It leaves the registry when it unmounts.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{Callbacks, HostConfig};
use crate::api::ApiClient;
use crate::flow::{self, CloseStatus, Event, FailureKind, HostEvent};
use crate::ui::{self, HostSink, Runner, ViewOptions};

/// An event name and a listener owned by JavaScript (never dropped from
/// Rust, so an event already on its way still finds it alive after unmount).
type Listener = (&'static str, JsValue);

/// Set on `window` while a Connect modal is open, the frame loader's mark
/// too: one modal at a time across both modes.
const MODAL_MARK: &str = "__utilityConnectModal";

struct Open {
    /// Dropping it disposes the Leptos tree.
    view: Box<dyn Any>,
    runner: Runner,
    /// What to take off the page: the modal overlay, or the inline root.
    outer: Option<web_sys::Element>,
    modal: bool,
    /// Focused before opening; focused again after closing.
    focus_before: Option<web_sys::HtmlElement>,
    /// On the overlay; taken off it when unmounting.
    listeners: Vec<Listener>,
    /// This modal's value of `window[MODAL_MARK]`.
    modal_mark: Option<JsValue>,
}

/// The runner's way out to the page: the host's callbacks, and unmounting
/// once the flow has closed.
struct HostLink {
    callbacks: Callbacks,
    on_finished: Box<dyn Fn()>,
}

impl HostSink for HostLink {
    fn credentials_submitted(&self, utility_credential_id: i64) {
        self.callbacks.credentials_submitted(utility_credential_id);
    }

    fn event(&self, event: &HostEvent) {
        self.callbacks.event(event);
    }

    fn error(&self, kind: &str, message: &str) {
        self.callbacks.error(kind, message);
    }

    fn close(&self, status: CloseStatus, utility_credential_id: Option<i64>) {
        self.callbacks.close(status.as_str(), utility_credential_id);
        (self.on_finished)();
    }
}

enum Phase {
    Idle,
    Open(Open),
    Destroyed,
}

pub struct Mounted {
    config: HostConfig,
    phase: Phase,
}

thread_local! {
    /// Every live handle, to find the one already using a container.
    static LIVE: RefCell<Vec<Weak<RefCell<Mounted>>>> = RefCell::default();
    /// Every open component, owned here until it unmounts.
    static OPEN: RefCell<Vec<Rc<RefCell<Mounted>>>> = RefCell::default();
    /// Open modals, and the body's `overflow` from before the first one.
    static SCROLL_LOCK: RefCell<(u32, String)> = RefCell::default();
}

impl Mounted {
    /// A second handle for the same container replaces (destroys) the first.
    pub fn new(config: HostConfig) -> Rc<RefCell<Mounted>> {
        if let Some(container) = &config.container {
            let same: Vec<Rc<RefCell<Mounted>>> = LIVE.with(|live| {
                let mut live = live.borrow_mut();
                live.retain(|weak| weak.strong_count() > 0);
                live.iter()
                    .filter_map(Weak::upgrade)
                    .filter(|other| {
                        let other = other.borrow();
                        !matches!(other.phase, Phase::Destroyed)
                            && other
                                .config
                                .container
                                .as_ref()
                                .is_some_and(|c| c.is_same_node(Some(container)))
                    })
                    .collect()
            });
            for old in same {
                destroy(&old);
            }
        }
        let mounted = Rc::new(RefCell::new(Mounted {
            config,
            phase: Phase::Idle,
        }));
        LIVE.with(|live| live.borrow_mut().push(Rc::downgrade(&mounted)));
        mounted
    }
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|window| window.document())
}

/// Another Connect modal (this component's or the frame loader's) is open.
fn modal_is_open() -> bool {
    web_sys::window()
        .and_then(|window| js_sys::Reflect::get(&window, &MODAL_MARK.into()).ok())
        .is_some_and(|mark| mark.is_truthy())
}

fn set_modal_mark() -> Option<JsValue> {
    let window = web_sys::window()?;
    let mark = JsValue::from(js_sys::Object::new());
    js_sys::Reflect::set(&window, &MODAL_MARK.into(), &mark).ok()?;
    Some(mark)
}

/// Clears the mark only if it is still this modal's.
fn clear_modal_mark(mark: &JsValue) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let current = js_sys::Reflect::get(&window, &MODAL_MARK.into()).unwrap_or(JsValue::NULL);
    if current == *mark {
        let _ = js_sys::Reflect::set(&window, &MODAL_MARK.into(), &JsValue::NULL);
    }
}

pub fn open(mounted: &Rc<RefCell<Mounted>>) {
    let this = mounted.borrow();
    if !matches!(this.phase, Phase::Idle) {
        return;
    }
    let Some(document) = document() else { return };
    let config = &this.config;
    // One modal at a time: two would fight over focus and Escape.
    if config.container.is_none() && modal_is_open() {
        let callbacks = config.callbacks.clone();
        drop(this);
        callbacks.error(
            FailureKind::AlreadyOpen.as_str(),
            "Another Connect modal is open; close it first.",
        );
        return;
    }
    ui::styles::inject_once(&document, config.csp_nonce.as_deref());
    let focus_before = document
        .active_element()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    let modal = config.container.is_none();
    let (parent, overlay) = match &config.container {
        Some(container) => (container.clone(), None),
        None => {
            let Ok(overlay) = document.create_element("div") else {
                return;
            };
            overlay.set_class_name("uc-overlay");
            ui::styles::apply_theme(&overlay, &config.theme_style);
            let Some(body) = document.body() else { return };
            let _ = body.append_child(&overlay);
            (
                overlay.clone().unchecked_into::<web_sys::HtmlElement>(),
                Some(overlay),
            )
        }
    };
    if modal {
        lock_scroll(&document);
    }
    let weak: Weak<RefCell<Mounted>> = Rc::downgrade(mounted);
    let on_finished = Box::new(move || {
        // Unmount after the current reactive run has finished with the tree.
        let weak = weak.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(mounted) = weak.upgrade() {
                unmount(&mounted, Phase::Idle);
            }
        });
    });
    let api = ApiClient::new(&config.api_base_url, &config.connect_token);
    let callbacks = config.callbacks.clone();
    // The token is read before any network call, so that create or update
    // mode is known from the first screen.
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let claims = protocol::ConnectClaims::decode_unverified(&config.connect_token);
    let (first, effects) = flow::start(claims, now, config.prefill.clone());
    let host: Rc<dyn HostSink> = Rc::new(HostLink {
        callbacks: callbacks.clone(),
        on_finished,
    });
    let options = ViewOptions {
        modal,
        isolated: config.isolated_frame,
        text: ui::text::for_locale(config.locale.as_deref()),
    };
    let timeout = config.verification_timeout_ms;
    let problems = config.problems.clone();
    let theme_style = config.theme_style.clone();
    let theme_preset = config.theme_preset;
    drop(this);

    let slot = Rc::new(RefCell::new(None));
    let view = {
        let slot = slot.clone();
        leptos::mount::mount_to(parent.clone(), move || {
            let runner = Runner::new(first, api, host, timeout);
            *slot.borrow_mut() = Some(runner);
            ui::app_view(runner, options)
        })
    };
    let Some(runner) = slot.borrow_mut().take() else {
        return;
    };
    let outer = overlay.clone().or_else(|| parent.last_element_child());
    // The root's own rule sets every token, so the theme goes on the root itself.
    let root = match &overlay {
        Some(overlay) => overlay.query_selector(".uc-root").ok().flatten(),
        None => outer.clone(),
    };
    if let Some(root) = &root {
        ui::styles::apply_theme(root, &theme_style);
        ui::styles::apply_preset(root, theme_preset);
    }
    if let Some(overlay) = &overlay {
        ui::styles::apply_preset(overlay, theme_preset);
    }
    let listeners = overlay
        .as_ref()
        .map(|overlay| backdrop_closes(overlay, runner))
        .unwrap_or_default();
    let modal_mark = if modal { set_modal_mark() } else { None };
    mounted.borrow_mut().phase = Phase::Open(Open {
        view: Box::new(view),
        runner,
        outer,
        modal,
        focus_before,
        listeners,
        modal_mark,
    });
    OPEN.with(|open| open.borrow_mut().push(mounted.clone()));

    // Callbacks last: any of them may close or destroy the component.
    callbacks.open();
    for problem in problems {
        callbacks.error("invalid_config", &problem);
    }
    runner.run_all(effects);
}

/// A click on the backdrop (pressed and released there, not a text
/// selection that ended outside) closes the modal.
fn backdrop_closes(overlay: &web_sys::Element, runner: Runner) -> Vec<Listener> {
    let pressed = Rc::new(Cell::new(false));
    let is_overlay = {
        let overlay = overlay.clone();
        move |event: &web_sys::Event| {
            event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Node>().ok())
                .is_some_and(|node| overlay.is_same_node(Some(&node)))
        }
    };
    let down = {
        let (pressed, is_overlay) = (pressed.clone(), is_overlay.clone());
        move |event: web_sys::Event| pressed.set(is_overlay(&event))
    };
    let click = move |event: web_sys::Event| {
        if pressed.replace(false) && is_overlay(&event) {
            runner.dispatch(Event::Close);
        }
    };
    let listeners: Vec<Listener> = vec![
        ("mousedown", js_listener(down)),
        ("click", js_listener(click)),
    ];
    for (name, listener) in &listeners {
        let _ = overlay.add_event_listener_with_callback(name, listener.unchecked_ref());
    }
    listeners
}

/// A click on a button inside the modal reaches the overlay after the
/// button's own handler has closed the component; a listener dropped from
/// Rust by then would throw "closure invoked … after being dropped".
fn js_listener(listener: impl FnMut(web_sys::Event) + 'static) -> JsValue {
    Closure::<dyn FnMut(web_sys::Event)>::new(listener).into_js_value()
}

pub fn close(mounted: &Rc<RefCell<Mounted>>) {
    let runner = match &mounted.borrow().phase {
        Phase::Open(open) => open.runner,
        _ => return,
    };
    // The flow decides the close status and calls back; it then unmounts.
    runner.dispatch(Event::Close);
}

pub fn destroy(mounted: &Rc<RefCell<Mounted>>) {
    unmount(mounted, Phase::Destroyed);
}

fn unmount(mounted: &Rc<RefCell<Mounted>>, next: Phase) {
    let previous = {
        let Ok(mut this) = mounted.try_borrow_mut() else {
            return;
        };
        if matches!(this.phase, Phase::Destroyed) {
            return;
        }
        std::mem::replace(&mut this.phase, next)
    };
    let Phase::Open(open) = previous else { return };
    // The caller holds its own reference, so this does not drop `mounted`.
    OPEN.with(|registry| {
        registry
            .borrow_mut()
            .retain(|other| !Rc::ptr_eq(other, mounted))
    });
    // Nothing reaches the host after this, not even a late answer.
    open.runner.halt();
    let document = document();
    let active = document
        .as_ref()
        .and_then(|document| document.active_element());
    let focus_was_inside = match (&open.outer, &active) {
        (Some(outer), Some(active)) => outer.contains(Some(active)),
        _ => false,
    };
    if let Some(outer) = &open.outer {
        for (name, listener) in &open.listeners {
            let _ = outer.remove_event_listener_with_callback(name, listener.unchecked_ref());
        }
        outer.remove();
    }
    if let Some(mark) = &open.modal_mark {
        clear_modal_mark(mark);
    }
    if open.modal {
        if let Some(document) = &document {
            unlock_scroll(document);
        }
    }
    // A modal always gives the focus back; inline only if it had it.
    if open.modal || focus_was_inside {
        if let Some(element) = open
            .focus_before
            .as_ref()
            .filter(|element| element.is_connected())
        {
            let _ = element.focus();
        }
    }
    // This may run while an event is still being dispatched through the
    // tree (microtasks run between listeners): drop the tree, and with it
    // the closures of its own handlers, only in a later task.
    // Dropping the view also takes the focus module's listeners off the document.
    let Open { view, .. } = open;
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(0).await;
        drop(view);
    });
}

fn lock_scroll(document: &web_sys::Document) {
    let Some(body) = document.body() else { return };
    SCROLL_LOCK.with(|lock| {
        let mut lock = lock.borrow_mut();
        if lock.0 == 0 {
            lock.1 = body
                .style()
                .get_property_value("overflow")
                .unwrap_or_default();
            let _ = body.style().set_property("overflow", "hidden");
        }
        lock.0 += 1;
    });
}

fn unlock_scroll(document: &web_sys::Document) {
    let Some(body) = document.body() else { return };
    SCROLL_LOCK.with(|lock| {
        let mut lock = lock.borrow_mut();
        if lock.0 == 0 {
            return;
        }
        lock.0 -= 1;
        if lock.0 == 0 {
            let _ = if lock.1.is_empty() {
                body.style().remove_property("overflow").map(|_| ())
            } else {
                body.style().set_property("overflow", &lock.1)
            };
        }
    });
}
