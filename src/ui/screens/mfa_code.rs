use std::time::Duration;

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

/// Seconds before "Resend code" works again, from the last send: codes take
/// a moment to arrive, and a second request too soon only confuses which
/// code is valid.
pub const RESEND_COOL_DOWN_S: u32 = 30;

/// The one-time code: numeric keypad on phones, autofill from SMS, resend
/// after a cool-down, attempts left once a code was wrong; a wrong code keeps
/// the screen with a message.
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
    let wrong_now = runner.select(|step| {
        mfa(step).is_some_and(|mfa| {
            mfa.challenge.last_code_rejected || mfa.notice == Some(MfaNotice::WrongCode)
        })
    });
    // Attempts left mean nothing before a try; once a code was wrong they stay shown.
    let tried =
        Memo::new(move |before: Option<&bool>| before.copied().unwrap_or(false) || wrong_now.get());
    let cool_down = RwSignal::new(RESEND_COOL_DOWN_S);
    let ticker = set_interval_with_handle(
        move || {
            if cool_down.get_untracked() > 0 {
                cool_down.update(|left| *left -= 1);
            }
        },
        Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(ticker) = ticker {
            ticker.clear();
        }
    });
    let can_resend = Memo::new(move |_| cool_down.get() == 0);
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
    let described_by = move || {
        let mut ids = Vec::new();
        if tried.get() {
            ids.push(attempts_ref.clone());
        }
        if wrong() {
            ids.push(error_ref.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let resend = move |_| {
        runner.dispatch(Event::ResendCode);
        cool_down.set(RESEND_COOL_DOWN_S);
    };
    let resend_label = move || match cool_down.get() {
        0 => text.resend.to_string(),
        left => fill(text.resend_in, &[("n", &left.to_string())]),
    };
    // Said once when the wait starts and once when it ends, not every second.
    let resend_status = move || {
        if can_resend.get() {
            text.resend_ready.to_string()
        } else {
            fill(text.resend_wait, &[("n", &RESEND_COOL_DOWN_S.to_string())])
        }
    };
    view! {
        <section class="uc-screen uc-screen--mfa">
            <super::header::ScreenHeader/>
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
                        aria-describedby=described_by
                    />
                    <Show when=move || tried.get()>
                        <p id=attempts_id.clone() class="uc-hint">{move || attempts_left(text, attempts.get())}</p>
                    </Show>
                </div>
                <p class="uc-visually-hidden" role="status">{resend_status}</p>
                <div class="uc-actions uc-actions--split">
                    <button
                        type="button"
                        class="uc-link-button uc-resend"
                        disabled=move || busy.get() || !can_resend.get()
                        on:click=resend
                    >
                        {resend_label}
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
