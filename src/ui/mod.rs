//! The view layer: one owner of the step signal (`Runner`), the frame every
//! screen shares (`App`), and one module per screen.

mod runner;
mod screens;
pub mod styles;
pub mod text;

pub use runner::{Runner, DEFAULT_VERIFICATION_TIMEOUT_MS};

use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::flow::{self, Event, Prefill, Screen};
use text::Text;

/// How one mounted component looks and reads, shared with every screen.
#[derive(Clone, Copy)]
pub struct Ui {
    pub text: &'static Text,
    /// Makes element ids unique when several components share a page.
    instance: u32,
    pub modal: bool,
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
    pub text: &'static Text,
    pub prefill: Prefill,
}

static INSTANCES: AtomicU32 = AtomicU32::new(1);

/// Builds the whole component for a mounted handle. The token is read here
/// so that create or update mode is known before any network call; the
/// returned effects are run by the host layer once the view is on the page.
pub fn app_view(runner: Runner, token: &str, options: ViewOptions) -> (AnyView, Vec<flow::Effect>) {
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let claims = protocol::ConnectClaims::decode_unverified(token);
    let (step, effects) = flow::start(claims, now, options.prefill);
    runner.begin(step);
    let ui = Ui {
        text: options.text,
        instance: INSTANCES.fetch_add(1, Ordering::Relaxed),
        modal: options.modal,
    };
    provide_context(runner);
    provide_context(ui);
    let view = view! { <App runner=runner ui=ui/> }.into_any();
    (view, effects)
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
        Screen::Error | Screen::SessionExpired | Screen::InvalidToken | Screen::AttemptsExhausted
    )
}

/// The frame every screen shares: the dialog landmark, the close button,
/// the offline alert, and focus management.
#[component]
fn App(runner: Runner, ui: Ui) -> impl IntoView {
    let text = ui.text;
    let root = NodeRef::<leptos::html::Div>::new();
    let screen = Memo::new(move |_| runner.screen());
    let body = move || match screen.get() {
        Screen::Starting => view! { <screens::Starting/> }.into_any(),
        Screen::Consent => view! { <screens::Consent/> }.into_any(),
        Screen::Utility => view! { <screens::UtilityPicker/> }.into_any(),
        Screen::Credentials => view! { <screens::Credentials/> }.into_any(),
        Screen::Verifying => view! { <screens::Verifying/> }.into_any(),
        Screen::MfaMethod => view! { <screens::MfaMethod/> }.into_any(),
        Screen::MfaCode => view! { <screens::MfaCode/> }.into_any(),
        Screen::Verified => view! { <screens::Verified/> }.into_any(),
        Screen::TimedOut => view! { <screens::TimedOut/> }.into_any(),
        Screen::Error
        | Screen::SessionExpired
        | Screen::InvalidToken
        | Screen::AttemptsExhausted => view! { <screens::Failed/> }.into_any(),
        Screen::Closed => ().into_any(),
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

    // Escape and the focus guard of the modal are document-wide (host/mount.rs).
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if ui.modal && event.key() == "Tab" {
            trap_tab(root, &event);
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

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|window| window.document())
}

/// Moves focus to the screen's `[data-uc-focus]` element, or its heading,
/// or the dialog itself.
fn focus_screen(root: NodeRef<leptos::html::Div>, modal: bool, first: bool) {
    let Some(root) = root.try_get_untracked().flatten() else {
        return;
    };
    let Some(document) = document() else { return };
    if !modal {
        let active = document.active_element();
        let lost = active.as_ref().is_none_or(|el| {
            document
                .body()
                .is_some_and(|body| body.is_same_node(Some(el)))
        });
        let inside = active.as_ref().is_some_and(|el| root.contains(Some(el)));
        if first || !(lost || inside) {
            return;
        }
    }
    let target = root
        .query_selector("[data-uc-focus]")
        .ok()
        .flatten()
        .or_else(|| root.query_selector(".uc-screen h2").ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .unwrap_or_else(|| root.clone().into());
    let _ = target.focus();
}

/// Keeps Tab and Shift+Tab inside the modal.
fn trap_tab(root: NodeRef<leptos::html::Div>, event: &web_sys::KeyboardEvent) {
    let Some(root) = root.try_get_untracked().flatten() else {
        return;
    };
    let Ok(list) = root.query_selector_all(
        "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled])",
    ) else {
        return;
    };
    let focusable: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|index| list.item(index))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|el| el.offset_parent().is_some() || el.get_client_rects().length() > 0)
        .collect();
    let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
        return;
    };
    let active = document().and_then(|document| document.active_element());
    let is = |el: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|active| el.is_same_node(Some(active)))
    };
    let at_root = active
        .as_ref()
        .is_some_and(|active| root.is_same_node(Some(active)));
    if event.shift_key() && (is(first) || at_root) {
        event.prevent_default();
        let _ = last.focus();
    } else if !event.shift_key() && is(last) {
        event.prevent_default();
        let _ = first.focus();
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
