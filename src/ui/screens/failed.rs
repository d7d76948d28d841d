use leptos::prelude::*;

use crate::flow::{Event, FailureKind, Step};
use crate::ui::text::fill;
use crate::ui::{use_runner, use_ui};

use super::header::ScreenHeader;
use super::icons::{Icon, StatusBadge};

/// An error screen: "Something went wrong" with "Try again", or a dead end
/// (expired, invalid or spent token) that sends the user back to the app.
#[component]
pub fn Failed() -> impl IntoView {
    let (runner, ui) = (use_runner(), use_ui());
    let text = ui.text;
    let (kind, can_retry, utility, client) = runner
        .peek(|step| match step {
            Step::Failed(failed) => (
                failed.failure.kind,
                failed.retry.is_some(),
                super::utility_name(step),
                failed
                    .ctx
                    .as_ref()
                    .map(|ctx| ctx.client_name.clone())
                    .unwrap_or_default(),
            ),
            _ => (FailureKind::Server, false, String::new(), String::new()),
        })
        .unwrap_or((FailureKind::Server, false, String::new(), String::new()));
    let (title, body) = match kind {
        FailureKind::ExpiredToken => (text.expired_title, text.start_again.to_string()),
        FailureKind::InvalidToken => (text.invalid_title, text.start_again.to_string()),
        FailureKind::OriginNotAllowed => (
            text.origin_title,
            fill(text.origin_body, &[("client", &client)]),
        ),
        FailureKind::AttemptsExhausted => (text.exhausted_title, text.start_again.to_string()),
        FailureKind::Utility => (
            text.error_title,
            fill(text.error_utility, &[("utility", &utility)]),
        ),
        _ => (text.error_title, text.error_server.to_string()),
    };
    view! {
        <section class="uc-screen uc-screen--failed" role="alert">
            <ScreenHeader/>
            <StatusBadge icon=Icon::Error/>
            <h2 class="uc-title uc-title--center" tabindex="-1">{title}</h2>
            <p>{body}</p>
            <div class="uc-actions">
                <button type="button" class="uc-button uc-button--secondary" on:click=move |_| runner.dispatch(Event::Close)>
                    {text.close}
                </button>
                {can_retry.then(|| view! {
                    <button type="button" class="uc-button uc-button--primary" on:click=move |_| runner.dispatch(Event::TryAgain)>
                        {text.try_again}
                    </button>
                })}
            </div>
        </section>
    }
}
