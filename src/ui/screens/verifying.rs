use leptos::prelude::*;

use crate::ui::text::fill;
use crate::ui::{use_runner, use_ui};

use super::header::ScreenHeader;

/// Waiting for the utility's verdict; the runner polls behind it. The
/// region is a status, not `aria-busy`: a busy region is not read out, and
/// its text is exactly what the person should hear while waiting.
#[component]
pub fn Verifying() -> impl IntoView {
    let (runner, ui) = (use_runner(), use_ui());
    let utility = runner.peek(super::utility_name).unwrap_or_default();
    view! {
        <section class="uc-screen uc-screen--verifying" role="status">
            <ScreenHeader/>
            <div class="uc-spinner" aria-hidden="true"></div>
            <h2 class="uc-title uc-title--center" tabindex="-1">{fill(ui.text.verifying_title, &[("utility", &utility)])}</h2>
            <p class="uc-muted">{ui.text.verifying_body}</p>
        </section>
    }
}
