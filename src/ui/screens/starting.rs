use leptos::prelude::*;

use crate::ui::text::fill;
use crate::ui::{use_runner, use_ui};

/// Shown while the server confirms the session (usually a blink).
#[component]
pub fn Starting() -> impl IntoView {
    let (runner, ui) = (use_runner(), use_ui());
    let client = runner.peek(super::client_name).unwrap_or_default();
    view! {
        <section class="uc-screen uc-screen--starting">
            <div class="uc-spinner" aria-hidden="true"></div>
            <p class="uc-muted" role="status">{fill(ui.text.starting, &[("client", &client)])}</p>
        </section>
    }
}
