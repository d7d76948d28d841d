//! The strip at the top of every screen: who is asking (the host app's name
//! with its logo, or an initial-letter badge) and, once chosen, the utility.

use leptos::prelude::*;

use crate::ui::text::fill;
use crate::ui::{use_runner, use_ui};

/// The logo to load, if the protocol's rule allows it.
fn safe_logo(url: &str) -> Option<String> {
    let url = url.trim();
    protocol::is_usable_logo_url(url).then(|| url.to_string())
}

/// The first letter of the app's name, for the badge shown without a logo.
pub fn initial(name: &str) -> String {
    name.chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default()
}

#[component]
pub fn ScreenHeader() -> impl IntoView {
    let (runner, ui) = (use_runner(), use_ui());
    let client = runner.peek(super::client_name).unwrap_or_default();
    // Update mode shows its form before the session (and the logo) arrives.
    let logo = runner.select(|step| {
        step.ctx()
            .and_then(|ctx| ctx.logo_url.as_deref().and_then(safe_logo))
    });
    // Update mode learns the utility's display name after the form shows.
    let utility = runner.select(|step| {
        step.choice()
            .map(|choice| choice.utility.shown_name().to_string())
    });
    let badge = initial(&client);
    let mark = move || match logo.get() {
        // The name is written next to it: the image itself says nothing more.
        Some(src) => {
            view! { <img class="uc-brand__logo" src=src alt="" width="28" height="28"/> }.into_any()
        }
        None => view! { <span class="uc-brand__badge" aria-hidden="true">{badge.clone()}</span> }
            .into_any(),
    };
    let utility = move || {
        utility.get().map(|name| {
            view! {
                <span class="uc-brand__utility">
                    {fill(ui.text.connecting_to, &[("utility", &name)])}
                </span>
            }
        })
    };
    view! {
        <div class="uc-brand">
            {mark}
            <span class="uc-brand__text">
                <span class="uc-brand__client">{client}</span>
                {utility}
            </span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_badge_shows_the_first_letter() {
        assert_eq!(initial("demo Energy App"), "D");
        assert_eq!(initial("  ñandú"), "Ñ");
        assert_eq!(initial(""), "");
    }
}
