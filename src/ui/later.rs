//! What the first screen does not need: the later screens, and the API
//! calls after the session check. In the package build (feature `split`)
//! their code is a separate wasm chunk that `wasm-split-cli` cuts out of the
//! linked module, so that the first screen needs only the main module; the
//! chunk is fetched as soon as the first screen is on the page, so that
//! leaving it rarely waits on the network.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use super::screens;
use crate::api::ApiClient;
use crate::flow::{Call, Event, Screen};

type Answer = Pin<Box<dyn Future<Output = Event>>>;

/// Performs any call but the session check, which `Runner` makes itself.
fn call(api: ApiClient, call: Call) -> Answer {
    Box::pin(async move { api.perform(call).await })
}

/// Every screen the main module does not draw itself.
fn draw(screen: Screen) -> AnyView {
    match screen {
        Screen::Utility => view! { <screens::UtilityPicker/> }.into_any(),
        Screen::Verifying => view! { <screens::Verifying/> }.into_any(),
        Screen::MfaMethod => view! { <screens::MfaMethod/> }.into_any(),
        Screen::MfaCode => view! { <screens::MfaCode/> }.into_any(),
        Screen::Verified => view! { <screens::Verified/> }.into_any(),
        Screen::TimedOut => view! { <screens::TimedOut/> }.into_any(),
        Screen::Error
        | Screen::SessionExpired
        | Screen::InvalidToken
        | Screen::OriginNotAllowed
        | Screen::AttemptsExhausted => view! { <screens::Failed/> }.into_any(),
        Screen::Consent | Screen::Credentials | Screen::Closed => ().into_any(),
    }
}

#[cfg(not(feature = "split"))]
pub fn later_screen(
    screen: Screen,
    _drawn_late: impl Fn() + Send + Sync + Copy + 'static,
) -> AnyView {
    draw(screen)
}

#[cfg(not(feature = "split"))]
pub async fn later_call(api: ApiClient, request: Call) -> Event {
    call(api, request).await
}

#[cfg(not(feature = "split"))]
pub fn prefetch() {}

#[cfg(feature = "split")]
pub use split::{later_call, later_screen, prefetch};

#[cfg(feature = "split")]
mod split {
    use std::sync::atomic::{AtomicBool, Ordering};

    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use leptos::wasm_split::{wasm_split, SplitLoaderError};

    use super::Answer;
    use crate::api::ApiClient;
    use crate::flow::{Call, Event, Failure, FailureKind, Screen};
    use crate::ui::{use_runner, use_ui};

    // `fallible`: a chunk that cannot be fetched is an `Err` here, never the
    // panic (an abort of the whole module) that a plain split point makes.
    // Both split points name the same module: one chunk, one fetch.
    #[wasm_split(
        later,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(fetch_later)
    )]
    fn draw_loaded(screen: Screen) -> Result<AnyView, SplitLoaderError> {
        Ok(super::draw(screen))
    }

    // Not `fallible`: called only once `fetch_later` has succeeded, and a
    // loaded chunk stays loaded (the loader keeps a success), so it cannot
    // fail; the call is moved in, never copied (it may carry a password).
    #[wasm_split(later, wasm_split_path = ::leptos::wasm_split)]
    fn call_loaded(api: ApiClient, call: Call) -> Answer {
        super::call(api, call)
    }

    /// A chunk that cannot be fetched fails the call as the network would,
    /// handing the call back, so the flow offers its own "Retry", which
    /// fetches the chunk again.
    pub async fn later_call(api: ApiClient, call: Call) -> Event {
        if fetch_later().await.is_err() {
            let failure = Failure::new(
                FailureKind::Network,
                "The Connect service could not be reached.",
            );
            return Event::CallFailed { call, failure };
        }
        call_loaded(api, call).await.await
    }

    /// Starts fetching the chunk after the current frame is painted, so
    /// that it never delays the first screen. A failure is left to the
    /// moment a later screen is needed, which retries and says so.
    pub fn prefetch() {
        request_animation_frame(|| {
            set_timeout(
                || spawn_local(async { drop(fetch_later().await) }),
                std::time::Duration::ZERO,
            )
        });
    }

    /// Set once the chunk is in: from then on every later screen is drawn at
    /// once, in the same frame as its switch.
    static LOADED: AtomicBool = AtomicBool::new(false);

    /// Draws `screen` once its chunk is there; until then nothing (the
    /// common case: it is already there), and if it cannot be fetched, an
    /// error screen whose "Try again" fetches it again. `drawn_late` runs
    /// when the screen came after its switch (the focus moved on without it).
    pub fn later_screen(
        screen: Screen,
        drawn_late: impl Fn() + Send + Sync + Copy + 'static,
    ) -> AnyView {
        let attempt = RwSignal::new(0u32);
        let text = use_ui().text;
        let drawn = move || {
            attempt.track();
            Suspend::new(async move {
                let late = !LOADED.load(Ordering::Relaxed);
                let view = match draw_loaded(screen).await {
                    Ok(view) => {
                        LOADED.store(true, Ordering::Relaxed);
                        view
                    }
                    Err(_) => not_loaded(attempt).into_any(),
                };
                if late {
                    drawn_late();
                }
                view
            })
        };
        // The chunk is usually in before it is needed; when it is not, the
        // user sees that something is coming, not an empty dialog.
        view! { <Suspense fallback=move || loading(text)>{drawn}</Suspense> }.into_any()
    }

    fn loading(text: &'static crate::ui::text::Text) -> impl IntoView {
        view! {
            <section class="uc-screen uc-screen--loading" aria-busy="true">
                <div class="uc-spinner" aria-hidden="true"></div>
                <p role="status">{text.loading}</p>
            </section>
        }
    }

    fn not_loaded(attempt: RwSignal<u32>) -> impl IntoView {
        let (runner, ui) = (use_runner(), use_ui());
        let text = ui.text;
        view! {
            <section class="uc-screen uc-screen--failed" role="alert">
                <h2 class="uc-title uc-title--center" tabindex="-1">{text.error_title}</h2>
                <p>{text.error_server}</p>
                <div class="uc-actions">
                    <button type="button" class="uc-button uc-button--secondary" on:click=move |_| runner.dispatch(Event::Close)>
                        {text.close}
                    </button>
                    <button type="button" class="uc-button uc-button--primary" on:click=move |_| attempt.update(|n| *n += 1)>
                        {text.try_again}
                    </button>
                </div>
            </section>
        }
    }
}
