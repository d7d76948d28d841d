//! The view layer: one owner of the step signal (`Runner`), and one module per screen.

mod runner;
mod screens;
pub mod styles;

pub use runner::Runner;

use leptos::prelude::*;

use crate::flow::{self, Step};

/// Builds the whole component for a mounted handle; `token` is read here so
/// that create or update mode is known before any network call.
pub fn app_view(runner: Runner, token: &str) -> AnyView {
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let (step, effects) = flow::start(protocol::ConnectClaims::decode_unverified(token), now);
    runner.begin(step, effects);
    provide_context(runner);
    view! { <App runner=runner/> }.into_any()
}

/// The frame every screen shares: the dialog landmark and the close button.
#[component]
fn App(runner: Runner) -> impl IntoView {
    let screen = move || match runner.step() {
        Step::Starting { client_name, .. } => view! { <screens::Starting client_name=client_name/> }.into_any(),
        Step::Consent { session } => view! { <screens::Consent session=session/> }.into_any(),
        Step::Failed(failure) => view! { <screens::Failed failure=failure/> }.into_any(),
        Step::Closed => ().into_any(),
    };
    view! {
        <div class="uc-root" role="dialog" aria-label="Connect your utility account">
            <div class="uc-frame">
                <button
                    type="button"
                    class="uc-close"
                    aria-label="Close"
                    on:click=move |_| runner.dispatch(flow::Event::Close)
                >
                    "×"
                </button>
                {screen}
            </div>
        </div>
    }
}
