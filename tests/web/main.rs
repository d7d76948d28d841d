//! Component tests in headless Chromium: the real component, mounted as a
//! host would, against a scripted Connect API behind `window.fetch`.
//! One module per screen, then whole flows and the host API; the shared
//! helpers are in `tests/support`.

#![cfg(target_arch = "wasm32")]

#[path = "../support/mod.rs"]
mod support;

mod consent;
mod credentials;
mod host_api;
mod lifetime;
mod network;
mod screens;
mod starting;
mod two_factor;
mod update_mode;
mod utility;
mod verifying;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
