use leptos::prelude::*;
use protocol::Utility;

use crate::flow::{Event, Lookup, Picker, Step};
use crate::ui::text::{fill, utilities_found, Text};
use crate::ui::{use_runner, use_ui};

use super::header::ScreenHeader;

fn picker(step: &Step) -> Option<&Picker> {
    match step {
        Step::Utility(picker) => Some(picker),
        _ => None,
    }
}

/// Create mode: a zip code, the utilities serving it (the first
/// pre-selected), and a search by name for the rest. Neither "no data" nor
/// "no match" is a dead end: the search is offered from both, and from the
/// search the user can tell the host that their utility is missing.
#[component]
pub fn UtilityPicker() -> impl IntoView {
    let (runner, ui) = (use_runner(), use_ui());
    let searching =
        runner.select(|step| picker(step).is_some_and(|picker| picker.search.is_some()));
    // The zip panel takes the focus when it comes back from the search,
    // not when the screen opens (the frame focuses it then).
    let shown_before = StoredValue::new(false);
    let panel = move || {
        let focus = shown_before.get_value();
        shown_before.set_value(true);
        if searching.get() {
            view! { <SearchPanel/> }.into_any()
        } else {
            view! { <ZipPanel focus=focus/> }.into_any()
        }
    };
    view! {
        <section class="uc-screen uc-screen--utility">
            <ScreenHeader/>
            <h2 class="uc-title" tabindex="-1">{ui.text.utility_title}</h2>
            {panel}
        </section>
    }
}

/// Enter in the field, or on a radio, continues like the button does.
fn continue_on_enter(
    runner: crate::ui::Runner,
) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static {
    move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        runner.dispatch(Event::ContinueWithUtility);
    }
}

/// What the live region says about a lookup: its progress, the count found,
/// or the "nothing" message. Kept on the page throughout so that screen
/// readers announce each change.
fn announcement(text: &'static Text, results: &Lookup, nothing: String) -> String {
    match results {
        Lookup::Idle => String::new(),
        Lookup::Loading => text.looking_up.to_string(),
        Lookup::Done(list) if list.is_empty() => nothing,
        Lookup::Done(list) => utilities_found(text, list.len()),
    }
}

/// "Tell {client} my utility is missing": ends the flow with `no_submit`
/// after an `utility_not_listed` event.
#[component]
fn MissingButton() -> impl IntoView {
    let (runner, ui) = (use_runner(), use_ui());
    let client = runner.peek(super::client_name).unwrap_or_default();
    view! {
        <button type="button" class="uc-link-button" on:click=move |_| runner.dispatch(Event::UtilityMissing)>
            {fill(ui.text.utility_missing, &[("client", &client)])}
        </button>
    }
}

/// Focuses `input` once it is on the page.
fn focus_when_mounted(input: NodeRef<leptos::html::Input>) {
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        match input.get() {
            Some(input) => {
                let _ = input.focus();
                true
            }
            None => false,
        }
    });
}

#[component]
fn ZipPanel(focus: bool) -> impl IntoView {
    let (runner, ui) = (use_runner(), use_ui());
    let text = ui.text;
    let initial = runner
        .peek(|step| picker(step).map(|picker| picker.zip.clone()))
        .flatten()
        .unwrap_or_default();
    let zip = runner.select(|step| {
        picker(step)
            .map(|picker| picker.zip.clone())
            .unwrap_or_default()
    });
    let zip_error = runner.select(|step| picker(step).is_some_and(Picker::zip_error));
    let results = runner.select(|step| {
        picker(step)
            .map(|picker| picker.results.clone())
            .unwrap_or_default()
    });
    let selected = runner.select(|step| picker(step).and_then(|picker| picker.selected));
    let input = NodeRef::<leptos::html::Input>::new();
    if focus {
        focus_when_mounted(input);
    }
    let (zip_id, error_id, group) = (ui.id("zip"), ui.id("zip-error"), ui.id("zip-utilities"));
    let described_by = error_id.clone();
    let no_data = move || {
        let no_data = fill(text.no_data, &[("zip", &zip.get())]);
        format!("{no_data} {}", text.search_instead)
    };
    let status = move || announcement(text, &results.get(), no_data());
    let empty = move || matches!(results.get(), Lookup::Done(list) if list.is_empty());
    let list = move || {
        match results.get() {
        Lookup::Idle | Lookup::Loading => ().into_any(),
        Lookup::Done(utilities) if utilities.is_empty() => view! {
            <div class="uc-actions uc-actions--split">
                <MissingButton/>
                <button type="button" class="uc-button uc-button--primary" on:click=move |_| runner.dispatch(Event::OpenSearch)>
                    {text.search_by_name}
                </button>
            </div>
        }
        .into_any(),
        Lookup::Done(utilities) => view! {
            <UtilityOptions
                utilities=utilities
                selected=selected
                label=fill(text.utilities_serving, &[("zip", &zip.get_untracked())])
                group=group.clone()
            />
            <div class="uc-actions uc-actions--split">
                <button type="button" class="uc-link-button" on:click=move |_| runner.dispatch(Event::OpenSearch)>
                    {text.not_listed}
                </button>
                <button type="submit" class="uc-button uc-button--primary" disabled=move || selected.get().is_none()>
                    {text.continue_}
                </button>
            </div>
        }
        .into_any(),
    }
    };
    view! {
        <form class="uc-form" novalidate=true on:submit=continue_on_enter(runner)>
        <div class="uc-field">
            <label class="uc-label" for=zip_id.clone()>{text.zip_label}</label>
            <input
                id=zip_id
                class="uc-input uc-input--zip"
                type="text"
                inputmode="numeric"
                autocomplete="postal-code"
                maxlength="5"
                data-uc-focus=""
                node_ref=input
                prop:value=initial
                aria-invalid=move || zip_error.get().then_some("true")
                aria-describedby=move || zip_error.get().then(|| described_by.clone())
                on:input=move |event| runner.dispatch(Event::ZipChanged(event_target_value(&event)))
            />
            <Show when=move || zip_error.get()>
                <p id=error_id.clone() class="uc-field-error">{text.zip_invalid}</p>
            </Show>
        </div>
        <p class="uc-status" class:uc-empty=empty role="status">{status}</p>
        {list}
        </form>
    }
}

#[component]
fn SearchPanel() -> impl IntoView {
    let (runner, ui) = (use_runner(), use_ui());
    let text = ui.text;
    let search = |step: &Step| {
        picker(step)
            .and_then(|picker| picker.search.as_ref())
            .cloned()
            .unwrap_or_default()
    };
    let initial = runner
        .peek(move |step| search(step).query)
        .unwrap_or_default();
    let query = runner.select(move |step| search(step).query);
    let results = runner.select(move |step| search(step).results);
    let selected = runner.select(move |step| search(step).selected);
    let has_results = Memo::new(move |_| !results.get().utilities().is_empty());
    let input = NodeRef::<leptos::html::Input>::new();
    focus_when_mounted(input);
    let (search_id, hint_id, group) = (
        ui.id("search"),
        ui.id("search-hint"),
        ui.id("search-utilities"),
    );
    let no_match = move || fill(text.no_match, &[("query", query.get().trim())]);
    let status = move || match results.get() {
        Lookup::Loading => text.searching.to_string(),
        results => announcement(text, &results, no_match()),
    };
    let list = move || {
        match results.get() {
        Lookup::Idle | Lookup::Loading => ().into_any(),
        Lookup::Done(utilities) if utilities.is_empty() => ().into_any(),
        Lookup::Done(utilities) => view! {
            <UtilityOptions utilities=utilities selected=selected label=text.search_results.to_string() group=group.clone()/>
        }
        .into_any(),
    }
    };
    let searched = Memo::new(move |_| matches!(results.get(), Lookup::Done(_)));
    let empty = move || matches!(results.get(), Lookup::Done(list) if list.is_empty());
    view! {
        <form class="uc-form" novalidate=true on:submit=continue_on_enter(runner)>
        <div class="uc-field">
            <label class="uc-label" for=search_id.clone()>{text.search_label}</label>
            <input
                id=search_id
                class="uc-input"
                type="text"
                autocomplete="off"
                spellcheck="false"
                data-uc-focus=""
                node_ref=input
                prop:value=initial
                aria-describedby=hint_id.clone()
                on:input=move |event| runner.dispatch(Event::SearchChanged(event_target_value(&event)))
            />
            <p id=hint_id class="uc-hint">{text.search_hint}</p>
        </div>
        <p class="uc-status" class:uc-empty=empty role="status">{status}</p>
        {list}
        <Show when=move || searched.get()>
            <div class="uc-missing"><MissingButton/></div>
        </Show>
        <div class="uc-actions uc-actions--split">
            <button type="button" class="uc-link-button" on:click=move |_| runner.dispatch(Event::CloseSearch)>
                {text.back_to_zip}
            </button>
            <Show when=move || has_results.get()>
                <button type="submit" class="uc-button uc-button--primary" disabled=move || selected.get().is_none()>
                    {text.continue_}
                </button>
            </Show>
        </div>
        </form>
    }
}

/// Utilities as radio buttons: each named by the name people know, with the
/// registry (legal) name and state as its description. Names are text, never
/// markup.
#[component]
fn UtilityOptions(
    /// The utilities to offer, in the server's order.
    utilities: Vec<Utility>,
    /// The checked one.
    selected: Memo<Option<u32>>,
    /// The radio group's accessible name.
    label: String,
    /// The radios' `name`, unique per instance.
    group: String,
) -> impl IntoView {
    let (runner, ui) = (use_runner(), use_ui());
    let options = utilities
        .into_iter()
        .enumerate()
        .map(|(index, utility)| {
            let id = utility.id;
            let name_id = ui.id(&format!("{group}-{index}-name"));
            let meta_id = ui.id(&format!("{group}-{index}-meta"));
            let shown = utility.shown_name().to_string();
            let legal = (utility.name != shown).then_some(utility.name.as_str());
            let meta = legal
                .into_iter()
                .chain([utility.state.as_str()])
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            let checked = move || selected.get() == Some(id);
            view! {
                <label class="uc-option" class:uc-option--checked=checked>
                    <input
                        type="radio"
                        class="uc-option__radio"
                        name=group.clone()
                        value=id.to_string()
                        prop:checked=checked
                        aria-labelledby=name_id.clone()
                        aria-describedby=meta_id.clone()
                        on:change=move |_| runner.dispatch(Event::SelectUtility(id))
                    />
                    <span class="uc-option__text">
                        <span id=name_id class="uc-option__name">{shown}</span>
                        <span id=meta_id class="uc-option__meta">{meta}</span>
                    </span>
                </label>
            }
        })
        .collect_view();
    view! { <div class="uc-options" role="radiogroup" aria-label=label>{options}</div> }
}
