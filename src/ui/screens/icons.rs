//! Status icons as inline SVG: they draw the same in every font (an emoji or
//! a symbol character can come out as an empty box) and take the text colour.

use leptos::prelude::*;

/// Which status an icon shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Success,
    Pending,
    Error,
}

impl Icon {
    fn class(self) -> &'static str {
        match self {
            Icon::Success => "uc-badge uc-badge--success",
            Icon::Pending => "uc-badge uc-badge--pending",
            Icon::Error => "uc-badge uc-badge--error",
        }
    }

    /// Stroked paths on a 24×24 grid.
    fn paths(self) -> &'static [&'static str] {
        match self {
            Icon::Success => &["M5 12.5l4.5 4.5L19 7.5"],
            Icon::Pending => &["M12 7v5l3 2", "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z"],
            Icon::Error => &["M12 7v6", "M12 16.5v.5"],
        }
    }
}

/// A round status badge, hidden from assistive technology (the heading next
/// to it says the same in words).
#[component]
pub fn StatusBadge(
    /// The status to draw.
    icon: Icon,
) -> impl IntoView {
    let paths = icon
        .paths()
        .iter()
        .map(|d| view! { <path d=*d/> })
        .collect_view();
    view! {
        <div class=icon.class() aria-hidden="true">
            <svg
                class="uc-icon"
                viewBox="0 0 24 24"
                width="28"
                height="28"
                fill="none"
                stroke="currentColor"
                stroke-width="2.5"
                stroke-linecap="round"
                stroke-linejoin="round"
                focusable="false"
            >
                {paths}
            </svg>
        </div>
    }
}
