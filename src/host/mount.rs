//! Putting the component on the page and taking it off again, leaving the
//! host page as it was: scroll unlocked, focus back where it had been.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::HostConfig;
use crate::api::ApiClient;
use crate::flow::Event;
use crate::ui::{self, Runner, ViewOptions};

type Listener = Closure<dyn FnMut(web_sys::Event)>;

struct Open {
    /// Dropping it disposes the Leptos tree.
    view: Box<dyn Any>,
    runner: Runner,
    /// What to take off the page: the modal overlay, or the inline root.
    outer: Option<web_sys::Element>,
    modal: bool,
    /// Focused before opening; focused again after closing.
    focus_before: Option<web_sys::HtmlElement>,
    /// On the overlay (removed with it).
    listeners: Vec<Listener>,
    /// On the document (removed on unmount): Escape and the focus guard.
    document_listeners: Vec<(&'static str, Listener)>,
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

pub fn open(mounted: &Rc<RefCell<Mounted>>) {
    let this = mounted.borrow();
    if !matches!(this.phase, Phase::Idle) {
        return;
    }
    let Some(document) = document() else { return };
    let config = &this.config;
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
    let on_finished = Rc::new(move || {
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
    let token = config.connect_token.clone();
    let options = ViewOptions {
        modal,
        text: ui::text::for_locale(config.locale.as_deref()),
        prefill: config.prefill.clone(),
    };
    let timeout = config.verification_timeout_ms;
    let problems = config.problems.clone();
    let theme_style = config.theme_style.clone();
    let theme_preset = config.theme_preset;
    drop(this);

    let slot = Rc::new(RefCell::new(None));
    let view = {
        let slot = slot.clone();
        let callbacks = callbacks.clone();
        leptos::mount::mount_to(parent.clone(), move || {
            let runner = Runner::new(api, callbacks, on_finished, timeout);
            let (view, effects) = ui::app_view(runner, &token, options);
            *slot.borrow_mut() = Some((runner, effects));
            view
        })
    };
    let Some((runner, effects)) = slot.borrow_mut().take() else {
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
    let document_listeners = match &overlay {
        Some(overlay) => modal_keeps_focus(&document, overlay, runner),
        None => Vec::new(),
    };
    mounted.borrow_mut().phase = Phase::Open(Open {
        view: Box::new(view),
        runner,
        outer,
        modal,
        focus_before,
        listeners,
        document_listeners,
    });

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
        Listener::new(move |event: web_sys::Event| pressed.set(is_overlay(&event)))
    };
    let click = Listener::new(move |event: web_sys::Event| {
        if pressed.replace(false) && is_overlay(&event) {
            runner.dispatch(Event::Close);
        }
    });
    let _ = overlay.add_event_listener_with_callback("mousedown", down.as_ref().unchecked_ref());
    let _ = overlay.add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
    vec![down, click]
}

/// While the modal is open, Escape closes it wherever the focus is, and
/// focus that lands outside it (Tab from a removed button, a click on the
/// page behind) is brought back to the dialog.
fn modal_keeps_focus(
    document: &web_sys::Document,
    overlay: &web_sys::Element,
    runner: Runner,
) -> Vec<(&'static str, Listener)> {
    let keydown = Listener::new(move |event: web_sys::Event| {
        let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        if event.key() == "Escape" && !event.default_prevented() {
            event.prevent_default();
            runner.dispatch(Event::Close);
        }
    });
    let focusin = {
        let overlay = overlay.clone();
        Listener::new(move |event: web_sys::Event| {
            let target = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Node>().ok());
            if target.is_some_and(|node| !overlay.contains(Some(&node))) {
                let root = overlay.query_selector(".uc-root").ok().flatten();
                if let Some(root) =
                    root.and_then(|root| root.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = root.focus();
                }
            }
        })
    };
    let listeners = vec![("keydown", keydown), ("focusin", focusin)];
    for (name, listener) in &listeners {
        let _ = document.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
    }
    listeners
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
    if let Some(document) = &document {
        for (name, listener) in &open.document_listeners {
            let _ = document
                .remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
    }
    if let Some(outer) = &open.outer {
        outer.remove();
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
    // This may run inside one of the tree's own event handlers: drop it after.
    let Open {
        view,
        listeners,
        document_listeners,
        ..
    } = open;
    wasm_bindgen_futures::spawn_local(async move {
        drop(view);
        drop(listeners);
        drop(document_listeners);
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
