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

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

/// What `UtilityConnect.create` returns to the host.
#[wasm_bindgen]
pub struct ConnectHandle {
    mounted: Rc<RefCell<mount::Mounted>>,
}

#[wasm_bindgen]
impl ConnectHandle {
    /// Shows the component; a second call while open does nothing.
    pub fn open(&self) {
        mount::open(&self.mounted);
    }

    /// Closes as if the user pressed the close button (reports `onClose`).
    /// Safe to call twice.
    pub fn close(&self) {
        mount::close(&self.mounted);
    }

    /// Removes the component without reporting; safe to call twice.
    pub fn destroy(&self) {
        mount::destroy(&self.mounted);
    }
}

/// `UtilityConnect.create(config)`: validates the config and returns a handle.
/// A missing token or a mistyped `container`/`callbacks` throws; a second
/// handle for the same container destroys the first.
#[wasm_bindgen]
pub fn create(config: JsValue) -> Result<ConnectHandle, JsValue> {
    let config = HostConfig::parse(&config).map_err(|message| {
        let error = js_sys::Error::new(&format!("UtilityConnect: {message}"));
        error.set_name("UtilityConnectConfigError");
        JsValue::from(error)
    })?;
    Ok(ConnectHandle {
        mounted: mount::Mounted::new(config),
    })
}

/// Publishes `window.UtilityConnect` and hands queued `create` calls (made by
/// the loader before the wasm was ready) their real handles.
pub fn install_global() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let factory = js_sys::Object::new();
    let create_fn =
        Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(|config: JsValue| {
            create(config).map(JsValue::from)
        });
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
