//! Utility Connect: the embeddable component through which a host app's users
//! connect their electric-utility account.
//!
//! `flow` is the pure state machine (tested natively); `ui` renders it;
//! `api` talks to the Connect API; `host` is the only place that touches
//! JavaScript values.

pub mod api;
pub mod host;
pub mod ui;

/// The pure state machine, a crate of its own so that it cannot reach the
/// DOM, the network or the views.
pub use connect_flow as flow;
pub use host::{create, ConnectHandle};

use wasm_bindgen::prelude::*;

/// Runs once when the wasm module is instantiated: installs the panic hook (in
/// debug builds: its message formatting costs the release bytes) and the
/// `window.UtilityConnect` global, replaying anything a host queued
/// before the module was ready.
#[wasm_bindgen(start)]
pub fn start() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    host::install_global();
}
