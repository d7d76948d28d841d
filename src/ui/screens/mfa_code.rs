use leptos::html::Input;
use leptos::prelude::*;

use crate::flow::{Event, Mfa, MfaNotice, Step};
use crate::ui::text::{attempts_left, fill};
use crate::ui::{use_runner, use_ui};

fn mfa(step: &Step) -> Option<&Mfa> {
    match step {
        Step::MfaCode(mfa) => Some(mfa),
        _ => None,
    }
}

/// The one-time code: numeric keypad on phones, autofill from SMS, resend,
/// attempts left; a wrong code keeps the screen with a message.
#[component]
pub fn MfaCode() -> impl IntoView {
    let (runner, ui) = (use_runner(), use_ui());
    let text = ui.text;
    let destination =
        runner.select(|step| mfa(step).and_then(|mfa| mfa.challenge.destination.clone()));
    let attempts = runner.select(|step| {
        mfa(step)
            .map(|mfa| mfa.challenge.code_attempts_left)
            .unwrap_or(0)
    });
    let notice = runner.select(|step| mfa(step).and_then(|mfa| mfa.notice));
    let busy = runner.select(|step| mfa(step).is_some_and(|mfa| mfa.busy));
    let code = NodeRef::<Input>::new();
    let (code_id, attempts_id, error_id) =
        (ui.id("code"), ui.id("code-attempts"), ui.id("code-error"));

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(input) = code.get_untracked() else {
            return;
        };
        runner.dispatch(Event::SubmitCode(input.value()));
        // The code goes with the request; a new one is typed if it was wrong.
        if busy.get_untracked() || runner.peek(|step| mfa(step).is_none()).unwrap_or(true) {
            input.set_value("");
        }
    };
    let sent_to = move || match destination.get() {
        Some(destination) => fill(text.code_sent_to, &[("destination", &destination)]),
        None => text.code_sent.to_string(),
    };
    let wrong = move || {
        matches!(
            notice.get(),
            Some(MfaNotice::WrongCode | MfaNotice::EnterCode)
        )
    };
    let notice_view = move || {
        notice.get().map(|notice| match notice {
            MfaNotice::WrongCode => {
                view! { <div id=error_id.clone() class="uc-alert uc-alert--error" role="alert">{text.wrong_code}</div> }
                    .into_any()
            }
            MfaNotice::EnterCode => {
                view! { <div id=error_id.clone() class="uc-alert uc-alert--error" role="alert">{text.enter_code}</div> }
                    .into_any()
            }
            MfaNotice::CodeResent => {
                view! { <div class="uc-alert uc-alert--info" role="status">{text.code_resent}</div> }.into_any()
            }
        })
    };
    let error_ref = ui.id("code-error");
    let attempts_ref = attempts_id.clone();
    view! {
        <section class="uc-screen uc-screen--mfa">
            <h2 class="uc-title" tabindex="-1">{text.mfa_title}</h2>
            <p>{sent_to}</p>
            {notice_view}
            <form class="uc-form" novalidate=true on:submit=on_submit>
                <div class="uc-field">
                    <label class="uc-label" for=code_id.clone()>{text.code_label}</label>
                    <input
                        id=code_id
                        class="uc-input uc-input--code"
                        type="text"
                        name="one-time-code"
                        inputmode="numeric"
                        autocomplete="one-time-code"
                        spellcheck="false"
                        data-uc-focus=""
                        node_ref=code
                        aria-invalid=move || wrong().then_some("true")
                        aria-describedby=move || {
                            if wrong() { format!("{attempts_ref} {error_ref}") } else { attempts_ref.clone() }
                        }
                    />
                    <p id=attempts_id class="uc-hint">{move || attempts_left(text, attempts.get())}</p>
                </div>
                <div class="uc-actions uc-actions--split">
                    <button
                        type="button"
                        class="uc-link-button"
                        disabled=move || busy.get()
                        on:click=move |_| runner.dispatch(Event::ResendCode)
                    >
                        {text.resend}
                    </button>
                    <button
                        type="submit"
                        class="uc-button uc-button--primary"
                        disabled=move || busy.get()
                        aria-busy=move || busy.get().then_some("true")
                    >
                        {text.verify}
                    </button>
                </div>
            </form>
        </section>
    }
}
