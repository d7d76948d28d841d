use leptos::prelude::*;

use crate::flow::Event;
use crate::ui::text::fill;
use crate::ui::{use_runner, use_ui};

use super::header::ScreenHeader;
use super::icons::{Icon, StatusBadge};

/// No verdict within the window: the server keeps checking and the host
/// hears about it by webhook.
#[component]
pub fn TimedOut() -> impl IntoView {
    let (runner, ui) = (use_runner(), use_ui());
    let (client, utility) = runner
        .peek(|step| (super::client_name(step), super::utility_name(step)))
        .unwrap_or_default();
    view! {
        <section class="uc-screen uc-screen--result uc-screen--timed-out">
            <ScreenHeader/>
            <StatusBadge icon=Icon::Pending/>
            <h2 class="uc-title uc-title--center" tabindex="-1">{ui.text.timeout_title}</h2>
            <p>{fill(ui.text.timeout_body, &[("client", &client), ("utility", &utility)])}</p>
            <div class="uc-actions">
                <button type="button" class="uc-button uc-button--primary" on:click=move |_| runner.dispatch(Event::Done)>
                    {ui.text.done}
                </button>
            </div>
        </section>
    }
}
