use leptos::prelude::*;

/// Shown while the server confirms the session (usually a blink).
#[component]
pub fn Starting(
    /// The host app's name, from the token.
    client_name: String,
) -> impl IntoView {
    view! {
        <section class="uc-screen uc-screen--starting" aria-busy="true">
            <div class="uc-spinner" aria-hidden="true"></div>
            <p class="uc-muted" role="status">{format!("Connecting securely for {client_name}…")}</p>
        </section>
    }
}
