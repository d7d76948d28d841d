//! The JavaScript boundary: the only module that handles `JsValue`s.
//!
//! Hosts call `UtilityConnect.create(config)` and get a handle with
//! `open()`, `close()` and `destroy()`. The config is documented in
//! `config.rs`, the `onEvent` names in the flow crate's `host_event.rs`.

mod callbacks;
mod config;
mod mount;

pub use callbacks::Callbacks;
pub use config::HostConfig;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::flow::FailureKind;

/// What `UtilityConnect.create` returns to the host. Dropping it (the host
/// kept no reference and the JavaScript wrapper was collected) never closes
/// an open component: the open-component registry in `mount.rs` owns that.
#[wasm_bindgen]
pub struct ConnectHandle {
    target: Target,
}

enum Target {
    Live(Rc<RefCell<mount::Mounted>>),
    /// The config could not be used: `open()` says why, once.
    Refused(Refused),
}

struct Refused {
    callbacks: Callbacks,
    message: String,
    reported: Cell<bool>,
}

#[wasm_bindgen]
impl ConnectHandle {
    /// Shows the component; a second call while open does nothing. A modal
    /// while another Connect modal is open is refused with `already_open`.
    pub fn open(&self) {
        match &self.target {
            Target::Live(mounted) => mount::open(mounted),
            Target::Refused(refused) => {
                if !refused.reported.replace(true) {
                    refused
                        .callbacks
                        .error(FailureKind::InvalidConfig.as_str(), &refused.message);
                }
            }
        }
    }

    /// Closes as if the user pressed the close button (reports `onClose`).
    /// Safe to call twice.
    pub fn close(&self) {
        if let Target::Live(mounted) = &self.target {
            mount::close(mounted);
        }
    }

    /// Removes the component without reporting; safe to call twice.
    pub fn destroy(&self) {
        if let Target::Live(mounted) = &self.target {
            mount::destroy(mounted);
        }
    }
}

/// `UtilityConnect.create(config)`: never throws. An unusable config (no
/// token, a mistyped `container` or `callbacks`) gives a handle whose
/// `open()` reports `invalid_config` and does nothing else; a second handle
/// for the same container destroys the first.
#[wasm_bindgen]
pub fn create(config: JsValue) -> ConnectHandle {
    let target = match HostConfig::parse(&config) {
        Ok(parsed) => Target::Live(mount::Mounted::new(parsed)),
        Err(message) => Target::Refused(Refused {
            callbacks: Callbacks::error_only(&config),
            message: format!("UtilityConnect: {message}"),
            reported: Cell::new(false),
        }),
    };
    ConnectHandle { target }
}

/// Publishes `window.UtilityConnect` and hands queued `create` calls (made by
/// the loader before the wasm was ready) their real handles.
pub fn install_global() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let factory = js_sys::Object::new();
    let create_fn =
        Closure::<dyn Fn(JsValue) -> JsValue>::new(|config: JsValue| JsValue::from(create(config)));
    let _ = js_sys::Reflect::set(&factory, &"create".into(), create_fn.as_ref());
    // The global lives as long as the page.
    create_fn.forget();
    let _ = js_sys::Reflect::set(
        &factory,
        &"version".into(),
        &env!("CARGO_PKG_VERSION").into(),
    );

    let previous =
        js_sys::Reflect::get(&window, &"UtilityConnect".into()).unwrap_or(JsValue::UNDEFINED);
    let _ = js_sys::Reflect::set(&window, &"UtilityConnect".into(), &factory);
    if let Ok(ready) = js_sys::Reflect::get(&previous, &"__ready".into()) {
        if let Some(ready) = ready.dyn_ref::<js_sys::Function>() {
            let _ = ready.call1(&previous, &factory);
        }
    }
}
