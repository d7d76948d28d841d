use leptos::html::Input;
use leptos::prelude::*;
use protocol::Mode;

use crate::flow::{CredentialsInput, Event, FieldErrors, Form, Notice, Step};
use crate::ui::text::fill;
use crate::ui::{use_runner, use_ui};

use super::header::ScreenHeader;

fn form(step: &Step) -> Option<&Form> {
    match step {
        Step::Credentials(form) => Some(form),
        _ => None,
    }
}

/// The first field whose error shows, in the order of the form.
fn first_invalid(errors: FieldErrors, fields: [NodeRef<Input>; 3]) -> Option<NodeRef<Input>> {
    let [username, password, account_number] = fields;
    [
        (errors.username, username),
        (errors.password, password),
        (errors.account_number, account_number),
    ]
    .into_iter()
    .find(|(invalid, _)| *invalid)
    .map(|(_, field)| field)
}

/// The utility's login form. The password stays in its input until
/// submitted, then the input is emptied; it is never kept in the step.
#[component]
pub fn Credentials() -> impl IntoView {
    let (runner, ui) = (use_runner(), use_ui());
    let text = ui.text;
    let (username_value, account_value, create_mode, client) = runner
        .peek(|step| match form(step) {
            Some(form) => (
                form.username.clone(),
                form.account_number.clone(),
                form.ctx.mode == Mode::Create,
                form.ctx.client_name.clone(),
            ),
            None => Default::default(),
        })
        .unwrap_or_default();
    let utility = runner.select(|step| {
        form(step)
            .map(|form| form.choice.utility.shown_name().to_string())
            .unwrap_or_default()
    });
    // Only an https page of the utility's own, and only once a login failed.
    let reset_url = runner.select(|step| {
        form(step)
            .filter(|form| form.notice == Some(Notice::Rejected))
            .and_then(|form| form.choice.utility.password_reset_url.clone())
            .filter(|url| url.to_ascii_lowercase().starts_with("https://"))
    });
    let needs_account_number = runner
        .select(|step| form(step).is_some_and(|form| form.choice.utility.needs_account_number));
    let notice = runner.select(|step| form(step).and_then(|form| form.notice));
    let errors = runner.select(|step| form(step).map(|form| form.errors).unwrap_or_default());
    // Sending, or (update mode) the session not yet confirmed.
    let submitting = runner.select(|step| form(step).is_some_and(|form| form.busy()));
    let shown = RwSignal::new(false);
    let (username, password, account_number) = (
        NodeRef::<Input>::new(),
        NodeRef::<Input>::new(),
        NodeRef::<Input>::new(),
    );

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let value = |input: NodeRef<Input>| {
            input
                .get_untracked()
                .map(|input| input.value())
                .unwrap_or_default()
        };
        runner.dispatch(Event::Submit(CredentialsInput {
            username: value(username),
            password: value(password),
            account_number: value(account_number),
        }));
        // Accepted for sending (not refused for a blank field): empty the input.
        let submitted = runner
            .peek(|step| form(step).is_none_or(|form| form.submitting))
            .unwrap_or(true);
        if submitted {
            if let Some(input) = password.get_untracked() {
                input.set_value("");
            }
            return;
        }
        // Refused for a blank field: the focus goes to the first one, whose
        // error is its description, so that it is read out with it.
        let errors = runner
            .peek(|step| form(step).map(|form| form.errors))
            .flatten()
            .unwrap_or_default();
        if let Some(first) = first_invalid(errors, [username, password, account_number]) {
            request_animation_frame(move || {
                if let Some(input) = first.get_untracked() {
                    let _ = input.focus();
                }
            });
        }
    };

    // After a rejection the username is kept: the password is what to retype.
    let focus_password = !username_value.is_empty();
    let intro = move || {
        let utility = utility.get();
        if create_mode {
            fill(text.sign_in_intro, &[("utility", &utility)])
        } else {
            fill(
                text.sign_in_intro_update,
                &[("utility", &utility), ("client", &client)],
            )
        }
    };
    let notice_view = move || {
        notice.get().map(|notice| {
            let message = match notice {
                Notice::Rejected => text.rejected,
                Notice::CodesUsedUp => text.codes_used_up,
                Notice::NotAccepted => text.not_accepted,
                Notice::LoginLocked => text.login_locked,
            };
            view! {
                <div class="uc-alert uc-alert--error" role="alert">
                    {message}
                    {move || reset_url.get().map(|url| view! {
                        " "
                        <a class="uc-alert__link" href=url target="_blank" rel="noopener noreferrer">
                            {text.forgot_password}
                            <span class="uc-visually-hidden">
                                " "{fill(text.forgot_password_where, &[("utility", &utility.get_untracked())])}
                            </span>
                        </a>
                    })}
                </div>
            }
        })
    };
    // `aria-describedby` for a field: its hint (if any) and its error (when shown).
    let described = move |hint: Option<&str>, error: &str, show: bool| {
        let mut ids: Vec<String> = hint.map(|hint| ui.id(hint)).into_iter().collect();
        if show {
            ids.push(ui.id(error));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };

    view! {
        <section class="uc-screen uc-screen--credentials">
            <ScreenHeader/>
            <h2 class="uc-title" tabindex="-1">{move || fill(text.sign_in_title, &[("utility", &utility.get())])}</h2>
            <p class="uc-muted">{intro}</p>
            {notice_view}
            <form class="uc-form" novalidate=true aria-busy=move || submitting.get().then_some("true") on:submit=on_submit>
                <div class="uc-field">
                    <label class="uc-label" for=ui.id("username")>{text.username}</label>
                    <input
                        id=ui.id("username")
                        class="uc-input"
                        type="text"
                        name="username"
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        data-uc-focus=(!focus_password).then_some("")
                        node_ref=username
                        value=username_value
                        aria-invalid=move || errors.get().username.then_some("true")
                        aria-describedby=move || described(None, "username-error", errors.get().username)
                    />
                    <Show when=move || errors.get().username>
                        <p id=ui.id("username-error") class="uc-field-error">{text.missing_username}</p>
                    </Show>
                </div>
                <div class="uc-field">
                    <label class="uc-label" for=ui.id("password")>{text.password}</label>
                    <div class="uc-password">
                        <input
                            id=ui.id("password")
                            class="uc-input"
                            type=move || if shown.get() { "text" } else { "password" }
                            name="password"
                            autocomplete="current-password"
                            autocapitalize="none"
                            spellcheck="false"
                            data-uc-focus=focus_password.then_some("")
                            node_ref=password
                            aria-invalid=move || errors.get().password.then_some("true")
                            aria-describedby=move || described(None, "password-error", errors.get().password)
                        />
                        <button
                            type="button"
                            class="uc-toggle"
                            aria-controls=ui.id("password")
                            aria-pressed=move || if shown.get() { "true" } else { "false" }
                            aria-label=move || if shown.get() { text.hide_password } else { text.show_password }
                            on:click=move |_| shown.update(|shown| *shown = !*shown)
                        >
                            {move || if shown.get() { text.hide } else { text.show }}
                        </button>
                    </div>
                    <Show when=move || errors.get().password>
                        <p id=ui.id("password-error") class="uc-field-error">{text.missing_password}</p>
                    </Show>
                </div>
                <Show when=move || needs_account_number.get()>
                    <div class="uc-field">
                        <label class="uc-label" for=ui.id("account-number")>{text.account_number}</label>
                        <input
                            id=ui.id("account-number")
                            class="uc-input"
                            type="text"
                            name="account_number"
                            autocomplete="off"
                            spellcheck="false"
                            node_ref=account_number
                            value=account_value.clone()
                            aria-invalid=move || errors.get().account_number.then_some("true")
                            aria-describedby=move || {
                                described(Some("account-number-hint"), "account-number-error", errors.get().account_number)
                            }
                        />
                        <p id=ui.id("account-number-hint") class="uc-hint">{text.account_number_hint}</p>
                        <Show when=move || errors.get().account_number>
                            <p id=ui.id("account-number-error") class="uc-field-error">{text.missing_account_number}</p>
                        </Show>
                    </div>
                </Show>
                <div class="uc-actions" class:uc-actions--split=create_mode>
                    {create_mode.then(|| view! {
                        <button
                            type="button"
                            class="uc-button uc-button--secondary"
                            disabled=move || submitting.get()
                            on:click=move |_| runner.dispatch(Event::Back)
                        >
                            {text.back}
                        </button>
                    })}
                    <button
                        type="submit"
                        class="uc-button uc-button--primary"
                        disabled=move || submitting.get()
                        aria-busy=move || submitting.get().then_some("true")
                    >
                        {text.connect}
                    </button>
                </div>
            </form>
        </section>
    }
}
