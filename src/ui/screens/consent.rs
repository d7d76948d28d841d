use leptos::prelude::*;
use protocol::SessionInfo;

use crate::flow::Event;
use crate::ui::Runner;

/// Create mode's first screen: who gets what, and the choice to agree.
#[component]
pub fn Consent(session: SessionInfo) -> impl IntoView {
    let runner = expect_context::<Runner>();
    let client = session.client_name.clone();
    view! {
        <section class="uc-screen uc-screen--consent" aria-labelledby="uc-consent-title">
            <h2 id="uc-consent-title" class="uc-title">{format!("{client} wants to connect to your utility account")}</h2>
            <p>"You'll sign in to your electric utility so that "<strong>{client.clone()}</strong>" can receive:"</p>
            <ul class="uc-list">
                <li>"Account details: your name, service address and account number"</li>
                <li>"Bills and statements"</li>
                <li>"Energy usage"</li>
            </ul>
            <p class="uc-muted">
                "Your utility password is encrypted and is never shared with "{client.clone()}"."
            </p>
            <p class="uc-muted">
                "By continuing you agree to the "
                <a href=session.terms_url.clone() target="_blank" rel="noopener">"Terms of Service"</a>
                " and "
                <a href=session.privacy_url.clone() target="_blank" rel="noopener">"Privacy Policy"</a>
                "."
            </p>
            <div class="uc-actions">
                <button type="button" class="uc-button uc-button--secondary" on:click=move |_| runner.dispatch(Event::Decline)>
                    "Decline"
                </button>
                <button type="button" class="uc-button uc-button--primary" on:click=move |_| runner.dispatch(Event::Agree)>
                    "Agree and continue"
                </button>
            </div>
        </section>
    }
}
