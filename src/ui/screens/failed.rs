use leptos::prelude::*;

use crate::flow::{Event, Failure, FailureKind};
use crate::ui::Runner;

/// A readable dead end: what happened, and what the user can do about it.
#[component]
pub fn Failed(failure: Failure) -> impl IntoView {
    let runner = expect_context::<Runner>();
    let (title, advice) = match failure.kind {
        FailureKind::ExpiredToken => (
            "This session has expired",
            "Close this window and start connecting again from the app.",
        ),
        FailureKind::InvalidToken => (
            "This link isn't valid",
            "Close this window and start connecting again from the app.",
        ),
        FailureKind::Network => ("We can't reach the connection service", "Check your internet connection and try again."),
        FailureKind::Server => ("Something went wrong on our side", "Please try again in a few minutes."),
    };
    view! {
        <section class="uc-screen uc-screen--failed" role="alert">
            <h2 class="uc-title">{title}</h2>
            <p>{advice}</p>
            <div class="uc-actions">
                <button type="button" class="uc-button uc-button--primary" on:click=move |_| runner.dispatch(Event::Close)>
                    "Close"
                </button>
            </div>
        </section>
    }
}
