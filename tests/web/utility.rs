//! The utility picker: zip lookup, search by name, prefill.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::*;

#[wasm_bindgen_test]
async fn the_zip_is_validated_as_typed_and_its_utilities_listed_first_checked() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new(create_token()));
    widget.click("Agree and continue").await;
    widget.wait_for("heading", "Find your utility").await;
    let zip = widget.input("textbox", "ZIP code");
    assert_eq!(zip.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert_eq!(
        zip.get_attribute("autocomplete").as_deref(),
        Some("postal-code")
    );
    widget.type_into("textbox", "ZIP code", "100");
    widget.wait_for_text("Enter a 5-digit ZIP code").await;
    assert_eq!(zip.get_attribute("aria-invalid").as_deref(), Some("true"));
    widget.type_into("textbox", "ZIP code", "10001");
    widget
        .wait_for("radiogroup", "Utilities serving 10001")
        .await;
    assert!(!widget.text().contains("Enter a 5-digit ZIP code"));
    let first: web_sys::HtmlInputElement =
        widget.get("radio", "Consolidated Edison").unchecked_into();
    let second: web_sys::HtmlInputElement = widget
        .get("radio", "Orange and Rockland Utilities")
        .unchecked_into();
    assert!(first.checked() && !second.checked());
    assert!(
        widget.text().contains("NY") && !widget.text().contains("Investor Owned"),
        "the state as secondary text, no registry jargon"
    );
    second.click();
    widget.click("Continue").await;
    widget
        .wait_for("heading", "Sign in to Orange and Rockland Utilities")
        .await;
    assert!(widget
        .calls("onEvent utility_selected")
        .iter()
        .any(|c| c.contains(r#""utility_id":14154"#) && c.contains(r#""source":"zip""#)));
}

#[wasm_bindgen_test]
async fn enter_in_the_zip_field_continues_with_the_checked_utility() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new(create_token()));
    widget.click("Agree and continue").await;
    widget.wait_for("textbox", "ZIP code").await;
    widget.type_into("textbox", "ZIP code", "10001");
    widget.wait_for("radio", "Consolidated Edison").await;
    let form: web_sys::HtmlFormElement = widget.input("textbox", "ZIP code").form().unwrap();
    form.request_submit().unwrap();
    widget
        .wait_for("heading", "Sign in to Consolidated Edison")
        .await;
}

#[wasm_bindgen_test]
async fn a_zip_without_data_says_so_and_offers_the_search_by_name() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new(create_token()));
    widget.click("Agree and continue").await;
    widget.wait_for("textbox", "ZIP code").await;
    widget.type_into("textbox", "ZIP code", "99999");
    widget
        .wait_for_text("We don't have utility data for 99999 yet.")
        .await;
    widget.click("Search by name").await;
    widget.wait_for("textbox", "Utility name").await;
    widget.type_into("textbox", "Utility name", "con ed");
    widget.wait_for("radiogroup", "Search results").await;
    let radio: web_sys::HtmlInputElement =
        widget.get("radio", "Consolidated Edison").unchecked_into();
    assert!(
        !radio.checked(),
        "nothing is chosen for the user in a search"
    );
    radio.click();
    assert!(
        api.requests()
            .iter()
            .any(|r| r.path == "/utilities?q=con+ed"),
        "{:?}",
        api.requests()
    );
    widget.click("Continue").await;
    widget
        .wait_for("heading", "Sign in to Consolidated Edison")
        .await;
    let events = widget.events();
    assert!(
        events.contains(&"utility_search_opened".to_string()),
        "{events:?}"
    );
    assert!(widget
        .calls("onEvent utility_selected")
        .iter()
        .any(|c| c.contains(r#""source":"search""#)));
}

#[wasm_bindgen_test]
async fn my_utility_isnt_listed_opens_the_search() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new(create_token()));
    widget.click("Agree and continue").await;
    widget.wait_for("textbox", "ZIP code").await;
    widget.type_into("textbox", "ZIP code", "10001");
    widget.click("My utility isn't listed").await;
    let search = widget.wait_for("textbox", "Utility name").await;
    sleep(50).await;
    let active = document().active_element().unwrap();
    assert!(
        search.is_same_node(Some(&active)),
        "the search field takes the focus"
    );
    widget.click("Search by ZIP code").await;
    widget
        .wait_for("radiogroup", "Utilities serving 10001")
        .await;
}

#[wasm_bindgen_test]
async fn a_utility_name_with_markup_shows_as_text() {
    let api = FakeApi::new().with_create_mode();
    let evil = r#"{"id":666,"name":"<img src=x onerror=\"window.__pwned=1\"><b>Evil</b> Power","state":"NY","ownership":"Municipal","service_type":"Bundled","needs_account_number":false}"#;
    api.route("GET", "/utilities?zip=10001", &[ok(&utilities(&[evil]))]);
    let widget = open(&api, Options::new(create_token()));
    widget.click("Agree and continue").await;
    widget.wait_for("textbox", "ZIP code").await;
    widget.type_into("textbox", "ZIP code", "10001");
    let name = r#"<img src=x onerror="window.__pwned=1"><b>Evil</b> Power"#;
    widget.wait_for("radio", name).await;
    assert!(
        widget.scope().query_selector("img, b").unwrap().is_none(),
        "no markup was created"
    );
    widget.click("Continue").await;
    widget
        .wait_for("heading", &format!("Sign in to {name}"))
        .await;
    assert!(js_sys::eval("window.__pwned").unwrap().is_undefined());
}

#[wasm_bindgen_test]
async fn new_credential_data_prefills_the_zip_and_preselects_the_utility() {
    let api = FakeApi::new().with_create_mode();
    let options = Options::new(create_token()).with(
        "newCredentialData",
        "{zipCode: '10001', utilityId: '14154'}",
    );
    let widget = open(&api, options);
    widget.click("Agree and continue").await;
    widget
        .wait_for("radiogroup", "Utilities serving 10001")
        .await;
    assert_eq!(widget.input("textbox", "ZIP code").value(), "10001");
    let oru: web_sys::HtmlInputElement = widget
        .get("radio", "Orange and Rockland Utilities")
        .unchecked_into();
    assert!(oru.checked(), "the host's utility is pre-selected");
    assert!(widget.calls("onError").is_empty());
}

#[wasm_bindgen_test]
async fn bad_new_credential_data_is_reported_not_fatal() {
    let api = FakeApi::new().with_create_mode();
    let options = Options::new(create_token()).with("newCredentialData", "{zipCode: '1234x'}");
    let widget = open(&api, options);
    widget
        .wait_for(
            "heading",
            "Demo Energy App wants to connect to your utility account",
        )
        .await;
    let error = widget.wait_for_call("onError").await;
    assert!(
        error.contains("invalid_config") && error.contains("zipCode"),
        "{error}"
    );
}
