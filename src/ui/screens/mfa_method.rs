use leptos::prelude::*;
use protocol::MfaMethod as Method;

use crate::flow::{Event, Step};
use crate::ui::text::fill;
use crate::ui::{use_runner, use_ui};

/// The utility wants a one-time code: where to send it.
#[component]
pub fn MfaMethod() -> impl IntoView {
    let (runner, ui) = (use_runner(), use_ui());
    let text = ui.text;
    let (methods, destinations, utility) = runner
        .peek(|step| match step {
            Step::MfaMethod(mfa) => (
                mfa.challenge.methods.clone(),
                mfa.challenge.destinations.clone(),
                mfa.choice.utility.shown_name().to_string(),
            ),
            _ => Default::default(),
        })
        .unwrap_or_default();
    let busy = runner.select(|step| matches!(step, Step::MfaMethod(mfa) if mfa.busy));
    let chosen = RwSignal::new(methods.first().copied());
    let group = ui.id("mfa-method");
    let options = methods
        .into_iter()
        .enumerate()
        .map(|(index, method)| {
            let label = match method {
                Method::Sms => text.sms,
                Method::Email => text.email,
            };
            // The masked phone number or address, as the utility gave it.
            let destination = destinations
                .iter()
                .find(|offer| offer.method == method)
                .map(|offer| offer.destination.clone());
            let destination_id = ui.id(&format!("mfa-destination-{index}"));
            let name_id = ui.id(&format!("mfa-method-{index}"));
            let described_by = destination.as_ref().map(|_| destination_id.clone());
            view! {
                <label class="uc-option" class:uc-option--checked=move || chosen.get() == Some(method)>
                    <input
                        type="radio"
                        class="uc-option__radio"
                        name=group.clone()
                        value=method.as_str()
                        data-uc-focus=(index == 0).then_some("")
                        prop:checked=move || chosen.get() == Some(method)
                        aria-labelledby=name_id.clone()
                        aria-describedby=described_by
                        on:change=move |_| chosen.set(Some(method))
                    />
                    <span class="uc-option__text">
                        <span id=name_id class="uc-option__name">{label}</span>
                        {destination.map(|destination| view! {
                            <span id=destination_id class="uc-option__meta">{destination}</span>
                        })}
                    </span>
                </label>
            }
        })
        .collect_view();
    let send = move |_| {
        if let Some(method) = chosen.get_untracked() {
            runner.dispatch(Event::ChooseMethod(method));
        }
    };
    view! {
        <section class="uc-screen uc-screen--mfa">
            <super::header::ScreenHeader/>
            <h2 class="uc-title" tabindex="-1">{text.mfa_title}</h2>
            <p>{fill(text.mfa_choose, &[("utility", &utility)])}</p>
            <div class="uc-options" role="radiogroup" aria-label=text.mfa_methods>{options}</div>
            <div class="uc-actions">
                <button
                    type="button"
                    class="uc-button uc-button--primary"
                    disabled=move || busy.get() || chosen.get().is_none()
                    aria-busy=move || busy.get().then_some("true")
                    on:click=send
                >
                    {text.send_code}
                </button>
            </div>
        </section>
    }
}
