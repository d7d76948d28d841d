use leptos::prelude::*;

use crate::flow::{Event, Step};
use crate::ui::text::fill;
use crate::ui::{safe_href, use_runner, use_ui};

/// Create mode's first screen: who gets what, and the choice to agree.
#[component]
pub fn Consent() -> impl IntoView {
    let (runner, ui) = (use_runner(), use_ui());
    let text = ui.text;
    let client = runner.peek(super::client_name).unwrap_or_default();
    // Drawn from the token at once; the links and the go-ahead come with
    // the session's answer, and until then no choice can be made.
    let legal = runner.select(|step| match step {
        Step::Consent { legal, .. } => legal.clone(),
        _ => None,
    });
    let checking = runner.select(|step| step.ctx().is_some_and(|ctx| !ctx.checked()));
    let terms_url = move || legal.get().map(|legal| safe_href(&legal.terms_url));
    let privacy_url = move || legal.get().map(|legal| safe_href(&legal.privacy_url));
    let busy = move || checking.get().then_some("true");
    // Only a component in its own frame is out of the host page's reach.
    let password_promise = if ui.isolated {
        text.consent_password
    } else {
        text.consent_password_inline
    };
    let with_client = |template: &str| fill(template, &[("client", &client)]);
    view! {
        <section class="uc-screen uc-screen--consent" aria-labelledby=ui.id("consent-title") aria-busy=busy>
            <super::header::ScreenHeader/>
            <h2 id=ui.id("consent-title") class="uc-title" tabindex="-1">{with_client(text.consent_title)}</h2>
            <p>{with_client(text.consent_intro)}</p>
            <ul class="uc-list">
                <li>{text.consent_account}</li>
                <li>{text.consent_bills}</li>
                <li>{text.consent_usage}</li>
            </ul>
            <p class="uc-muted">{with_client(text.consent_who)}</p>
            <p class="uc-muted">{with_client(password_promise)}</p>
            <p class="uc-muted">
                {text.consent_terms_before}
                <a href=terms_url target="_blank" rel="noopener noreferrer">{text.terms}</a>
                {text.consent_terms_between}
                <a href=privacy_url target="_blank" rel="noopener noreferrer">{text.privacy}</a>
                {text.consent_terms_after}
            </p>
            <div class="uc-actions">
                <button type="button" class="uc-button uc-button--secondary" disabled=move || checking.get() on:click=move |_| runner.dispatch(Event::Decline)>
                    {text.decline}
                </button>
                <button type="button" class="uc-button uc-button--primary" disabled=move || checking.get() aria-busy=busy on:click=move |_| runner.dispatch(Event::Agree)>
                    {text.agree}
                </button>
            </div>
        </section>
    }
}
