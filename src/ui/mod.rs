//! The view layer: one owner of the step signal (`Runner`), the frame every
//! screen shares (`App`), and one module per screen.

mod focus;
mod later;
mod runner;
mod screens;
pub mod styles;
pub mod text;

pub use runner::{HostSink, Runner, DEFAULT_VERIFICATION_TIMEOUT_MS};

use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;

use crate::flow::{Event, Screen};
use focus::focus_screen;
use text::Text;

/// How one mounted component looks and reads, shared with every screen.
#[derive(Clone, Copy)]
pub struct Ui {
    pub text: &'static Text,
    /// Makes element ids unique when several components share a page.
    instance: u32,
    pub modal: bool,
    /// Runs in the Connect server's own frame page, out of the host page's
    /// reach; decides what the consent screen may promise about the password.
    pub isolated: bool,
}

impl Ui {
    /// An id unique to this component instance.
    pub fn id(&self, name: &str) -> String {
        format!("uc{}-{name}", self.instance)
    }
}

pub fn use_ui() -> Ui {
    expect_context::<Ui>()
}

pub fn use_runner() -> Runner {
    expect_context::<Runner>()
}

/// What the host layer decided for this mount.
pub struct ViewOptions {
    pub modal: bool,
    pub isolated: bool,
    pub text: &'static Text,
}

static INSTANCES: AtomicU32 = AtomicU32::new(1);

/// Builds the whole component for a mounted handle around a runner the host
/// layer has already started.
pub fn app_view(runner: Runner, options: ViewOptions) -> AnyView {
    let ui = Ui {
        text: options.text,
        instance: INSTANCES.fetch_add(1, Ordering::Relaxed),
        modal: options.modal,
        isolated: options.isolated,
    };
    provide_context(runner);
    provide_context(ui);
    view! { <App runner=runner ui=ui/> }.into_any()
}

/// Only `http(s):` and same-site links from the server become `href`s.
pub fn safe_href(url: &str) -> String {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://")
        || lower.starts_with("http://")
        || (url.starts_with('/') && !url.starts_with("//"))
    {
        url.to_string()
    } else {
        "#".to_string()
    }
}

fn is_dead_end(screen: Screen) -> bool {
    matches!(
        screen,
        Screen::Error
            | Screen::SessionExpired
            | Screen::InvalidToken
            | Screen::OriginNotAllowed
            | Screen::AttemptsExhausted
    )
}

/// The frame every screen shares: the dialog landmark, the close button,
/// the offline alert, and focus management.
#[component]
fn App(runner: Runner, ui: Ui) -> impl IntoView {
    let text = ui.text;
    let root = NodeRef::<leptos::html::Div>::new();
    let screen = Memo::new(move |_| runner.screen());
    // The first screens (consent; the login form in update mode) are in the
    // main module; every later one may come from a chunk fetched meanwhile.
    let body = move || match screen.get() {
        Screen::Consent => view! { <screens::Consent/> }.into_any(),
        Screen::Credentials => view! { <screens::Credentials/> }.into_any(),
        Screen::Closed => ().into_any(),
        later => later::later_screen(later, move || {
            request_animation_frame(move || focus_screen(root, ui.modal, false))
        }),
    };
    // Screens with their own "Close" button don't repeat it in the corner,
    // so that each screen has exactly one button of that name; inline, the
    // host page owns the component's place and there is nothing to close.
    let corner_close =
        move || ui.modal && !is_dead_end(screen.get()) && screen.get() != Screen::Closed;
    let offline = Memo::new(move |_| runner.with(|step| step.is_offline()).unwrap_or(false));

    // Each new screen takes the focus (a modal always; inline only when the
    // focus was inside the component or lost, never from the host page).
    Effect::new(move |previous: Option<Screen>| {
        let current = screen.get();
        if previous != Some(current) {
            let first = previous.is_none();
            request_animation_frame(move || focus_screen(root, ui.modal, first));
        }
        current
    });

    if ui.modal {
        focus::modal_keeps_focus(root, runner);
    }
    later::prefetch();
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if ui.modal && event.key() == "Tab" {
            focus::trap_tab(root, &event);
        }
    };
    let retry = move |_| {
        runner.dispatch(Event::Retry);
        // The alert and its button go away: keep the focus in the screen.
        request_animation_frame(move || focus_screen(root, ui.modal, false));
    };

    view! {
        <div
            class="uc-root"
            class:uc-root--modal=ui.modal
            role="dialog"
            aria-modal=ui.modal.then_some("true")
            aria-label=text.dialog_label
            lang=text::lang_of(text)
            tabindex="-1"
            node_ref=root
            on:keydown=on_keydown
        >
            <div class="uc-frame">
                <Show when=corner_close>
                    <button
                        type="button"
                        class="uc-close"
                        aria-label=text.close
                        title=text.close
                        on:click=move |_| runner.dispatch(Event::Close)
                    >
                        <span aria-hidden="true">"×"</span>
                    </button>
                </Show>
                <Show when=move || offline.get()>
                    <div class="uc-alert uc-alert--offline" role="alert">
                        <span>{text.offline}</span>
                        <button type="button" class="uc-button uc-button--small" on:click=retry>
                            {text.retry}
                        </button>
                    </div>
                </Show>
                {body}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_become_hrefs() {
        assert_eq!(safe_href("/legal/terms"), "/legal/terms");
        assert_eq!(safe_href("https://example.com/p"), "https://example.com/p");
        assert_eq!(safe_href("javascript:alert(1)"), "#");
        assert_eq!(safe_href("//evil.example"), "#");
        assert_eq!(safe_href(" JavaScript:alert(1)"), "#");
    }
}
