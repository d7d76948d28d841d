//! Where the keyboard focus goes: each new screen takes it, Tab stays inside
//! the modal, Escape closes the modal, and focus that wanders out of the
//! modal comes back. Document-wide listeners live as long as the component's
//! reactive owner.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::Runner;
use crate::flow::Event;

pub type Root = NodeRef<leptos::html::Div>;

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|window| window.document())
}

/// Moves focus to the screen's `[data-uc-focus]` element, or its heading,
/// or the dialog itself.
pub fn focus_screen(root: Root, modal: bool, first: bool) {
    let Some(root) = root.try_get_untracked().flatten() else {
        return;
    };
    let Some(document) = document() else { return };
    if !modal {
        let active = document.active_element();
        let lost = active.as_ref().is_none_or(|el| {
            document
                .body()
                .is_some_and(|body| body.is_same_node(Some(el)))
        });
        let inside = active.as_ref().is_some_and(|el| root.contains(Some(el)));
        if first || !(lost || inside) {
            return;
        }
    }
    let target = root
        .query_selector("[data-uc-focus]")
        .ok()
        .flatten()
        .or_else(|| root.query_selector(".uc-screen h2").ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .unwrap_or_else(|| root.clone().into());
    let _ = target.focus();
}

/// Keeps Tab and Shift+Tab inside the modal.
pub fn trap_tab(root: Root, event: &web_sys::KeyboardEvent) {
    let Some(root) = root.try_get_untracked().flatten() else {
        return;
    };
    let Ok(list) = root.query_selector_all(
        "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled])",
    ) else {
        return;
    };
    let focusable: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|index| list.item(index))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|el| el.offset_parent().is_some() || el.get_client_rects().length() > 0)
        .collect();
    let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
        return;
    };
    let active = document().and_then(|document| document.active_element());
    let is = |el: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|active| el.is_same_node(Some(active)))
    };
    let at_root = active
        .as_ref()
        .is_some_and(|active| root.is_same_node(Some(active)));
    if event.shift_key() && (is(first) || at_root) {
        event.prevent_default();
        let _ = last.focus();
    } else if !event.shift_key() && is(last) {
        event.prevent_default();
        let _ = first.focus();
    }
}

/// While the modal is open, Escape closes it wherever the focus is, and
/// focus that lands outside it (Tab from a removed button, a click on the
/// page behind) is brought back to the dialog. Call inside the component's
/// owner: the listeners come off the document when it is cleaned up.
pub fn modal_keeps_focus(root: Root, runner: Runner) {
    // The dialog is on the page only while its root is.
    let mounted = move || {
        root.try_get_untracked()
            .flatten()
            .filter(|el| el.is_connected())
    };
    on_document("keydown", move |event| {
        let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        if mounted().is_some() && event.key() == "Escape" && !event.default_prevented() {
            event.prevent_default();
            runner.dispatch(Event::Close);
        }
    });
    on_document("focusin", move |event| {
        let Some(root) = mounted() else { return };
        // The overlay (backdrop included) counts as inside.
        let overlay: web_sys::Element =
            root.parent_element().unwrap_or_else(|| root.clone().into());
        let target = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Node>().ok());
        if target.is_some_and(|node| !overlay.contains(Some(&node))) {
            let _ = root.focus();
        }
    });
}

fn on_document(name: &'static str, listener: impl Fn(web_sys::Event) + 'static) {
    let Some(document) = document() else { return };
    let listener: JsValue = Closure::<dyn Fn(web_sys::Event)>::new(listener).into_js_value();
    let _ = document.add_event_listener_with_callback(name, listener.unchecked_ref());
    let listener = SendWrapper::new(listener);
    on_cleanup(move || {
        if let Some(document) = self::document() {
            let _ = document.remove_event_listener_with_callback(name, listener.unchecked_ref());
        }
    });
}
