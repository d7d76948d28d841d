//! Component tests in headless Chromium: the real component, mounted as a
//! host would, against a scripted Connect API behind `window.fetch`.
//! One or more tests per screen, then whole flows and the host API.

#![cfg(target_arch = "wasm32")]

mod support;

use protocol::Mode;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PENDING_MFA: &str = r#"{"methods":["sms","email"],"method":null,"destination":null,"code_attempts_left":5,"last_code_rejected":false}"#;

fn code_challenge(attempts: u8, rejected: bool) -> String {
    format!(
        r#"{{"methods":["sms","email"],"method":"email","destination":"j•••@example.com","code_attempts_left":{attempts},"last_code_rejected":{rejected}}}"#
    )
}

// ---- Starting -------------------------------------------------------------

#[wasm_bindgen_test]
async fn starting_says_who_we_connect_for_while_the_session_loads() {
    let api = FakeApi::new();
    api.route("GET", "/connect/session", &[ok(SESSION).after(300)]);
    let connect_token = create_token();
    let widget = open(&api, Options::new(connect_token.clone()));
    let status = widget
        .wait_for("status", "Connecting securely for Demo Energy App…")
        .await;
    assert_eq!(status.tag_name(), "P");
    let dialog = widget.get("dialog", "Connect your utility account");
    assert_eq!(
        dialog.get_attribute("aria-modal"),
        None,
        "inline is not modal"
    );
    assert!(
        widget.find("button", "Close").is_none(),
        "inline, the host owns the component's place: nothing to close"
    );
    let onopen = widget.calls("onOpen");
    assert_eq!(onopen.len(), 1);
    for _ in 0..50 {
        if !api.requests().is_empty() {
            break;
        }
        sleep(10).await;
    }
    let request = &api.requests()[0];
    assert_eq!(
        request.auth.as_deref(),
        Some(format!("Bearer {connect_token}").as_str())
    );
}

#[wasm_bindgen_test]
async fn a_malformed_token_shows_an_error_screen_and_calls_on_error() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new("definitely-not-a-token".into()));
    widget.wait_for("heading", "This link isn't valid").await;
    assert_eq!(
        widget
            .all("button")
            .iter()
            .filter(|b| support::accessible_name(b) == "Close")
            .count(),
        1
    );
    let error = widget.wait_for_call("onError").await;
    assert!(error.contains("invalid_connect_token"), "{error}");
    assert!(
        api.requests().is_empty(),
        "nothing is asked of the server with a bad token"
    );
}

#[wasm_bindgen_test]
async fn an_expired_token_says_the_session_expired() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new(token(Mode::Create, 1)));
    widget.wait_for("heading", "This session has expired").await;
    assert!(widget
        .text()
        .contains("start connecting again from the app"));
    assert!(widget
        .calls("onError")
        .iter()
        .any(|call| call.contains("connect_token_expired")));
    widget.click("Close").await;
    assert!(widget
        .wait_for_call("onClose")
        .await
        .contains(r#""status":"error""#));
}

#[wasm_bindgen_test]
async fn a_server_that_refuses_the_token_shows_the_invalid_link_screen() {
    let api = FakeApi::new();
    api.route(
        "GET",
        "/connect/session",
        &[status(401, &error_body("invalid_connect_token"))],
    );
    let widget = open(&api, Options::new(create_token()));
    widget.wait_for("heading", "This link isn't valid").await;
    assert!(widget
        .all("alert")
        .iter()
        .any(|a| a.text_content().unwrap().contains("This link isn't valid")));
}

#[wasm_bindgen_test]
async fn malformed_json_from_the_server_is_an_error_screen_not_a_panic() {
    let api = FakeApi::new();
    api.route("GET", "/connect/session", &[ok("{not json")]);
    let widget = open(&api, Options::new(create_token()));
    widget.wait_for("heading", "Something went wrong").await;
    assert!(widget.find("button", "Try again").is_some());
    assert!(widget
        .calls("onError")
        .iter()
        .any(|call| call.contains("server_error")));
}

#[wasm_bindgen_test]
async fn a_5xx_on_the_session_offers_try_again_which_reloads_it() {
    let api = FakeApi::new().with_create_mode();
    api.route(
        "GET",
        "/connect/session",
        &[status(503, "<html>unavailable</html>"), ok(SESSION)],
    );
    let widget = open(&api, Options::new(create_token()));
    widget.wait_for("heading", "Something went wrong").await;
    widget.click("Try again").await;
    widget
        .wait_for(
            "heading",
            "Demo Energy App wants to connect to your utility account",
        )
        .await;
    assert_eq!(api.count("GET", "/connect/session"), 2);
}

// ---- Consent --------------------------------------------------------------

#[wasm_bindgen_test]
async fn consent_names_the_client_what_is_shared_and_the_terms() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new(create_token()));
    widget
        .wait_for(
            "heading",
            "Demo Energy App wants to connect to your utility account",
        )
        .await;
    let text = widget.text();
    for shared in ["Account details", "Bills and statements", "Energy usage"] {
        assert!(text.contains(shared), "{shared}: {text}");
    }
    assert_eq!(
        widget
            .get("link", "Terms of Service")
            .get_attribute("href")
            .as_deref(),
        Some("/legal/terms")
    );
    assert_eq!(
        widget
            .get("link", "Privacy Policy")
            .get_attribute("href")
            .as_deref(),
        Some("/legal/privacy")
    );
    assert!(widget.find("button", "Decline").is_some());
    assert!(widget
        .calls("onEvent screen_viewed")
        .iter()
        .any(|c| c.contains(r#"{"screen":"consent"}"#)));
}

#[wasm_bindgen_test]
async fn declining_closes_with_no_submit() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new(create_token()));
    widget.click("Decline").await;
    let close = widget.wait_for_call("onClose").await;
    assert_eq!(close, r#"onClose {"status":"no_submit"}"#);
    assert!(widget.events().contains(&"consent_declined".to_string()));
    assert!(widget
        .calls("onEvent closed")
        .iter()
        .any(|c| c.contains(r#"{"status":"no_submit"}"#)));
    widget.wait_gone().await;
}

// ---- Utility --------------------------------------------------------------

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
    assert!(!radio.checked(), "nothing is chosen for the user in a search");
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

// ---- Credentials ----------------------------------------------------------

#[wasm_bindgen_test]
async fn the_credentials_form_has_the_right_fields_and_a_password_toggle() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    let username = widget.input("textbox", "Username");
    assert_eq!(
        username.get_attribute("autocomplete").as_deref(),
        Some("username")
    );
    assert_eq!(username.get_attribute("maxlength"), None);
    let password = widget.input("password", "Password");
    assert_eq!(password.type_(), "password");
    assert_eq!(
        password.get_attribute("autocomplete").as_deref(),
        Some("current-password")
    );
    assert_eq!(password.get_attribute("maxlength"), None);
    assert!(
        widget.find("textbox", "Account number").is_none(),
        "Con Ed doesn't need it"
    );
    let toggle = widget.get("button", "Show password");
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    toggle.click();
    widget.wait_for("button", "Hide password").await;
    assert_eq!(password.type_(), "text");
    assert_eq!(
        widget
            .get("button", "Hide password")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    // Empty fields stay on the form with a message each.
    widget.click("Connect").await;
    widget.wait_for_text("Enter your username").await;
    assert!(widget.text().contains("Enter your password"));
    assert_eq!(api.count("POST", "/connect/credentials"), 0);
    widget.click("Back").await;
    widget.wait_for("heading", "Find your utility").await;
}

#[wasm_bindgen_test]
async fn a_utility_that_needs_it_asks_for_the_account_number() {
    let api = FakeApi::new().with_create_mode();
    api.route(
        "POST",
        "/connect/credentials",
        &[status(201, &connect_status(9, "verified", "null"))],
    );
    let widget = open(&api, Options::new(create_token()));
    widget.click("Agree and continue").await;
    widget.wait_for("textbox", "ZIP code").await;
    widget.type_into("textbox", "ZIP code", "10001");
    widget
        .wait_for("radio", "Orange and Rockland Utilities")
        .await
        .click();
    widget.click("Continue").await;
    widget.wait_for("textbox", "Account number").await;
    widget.type_into("textbox", "Account number", "12-345");
    sign_in(&widget, "ada", "verified").await;
    widget.wait_for("heading", "You're connected").await;
    let body = api
        .requests()
        .into_iter()
        .find(|r| r.method == "POST")
        .unwrap()
        .body
        .unwrap();
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["account_number"], "12-345");
    assert_eq!(body["utility_id"], 14154);
    assert_eq!(body["zip"], "10001");
}

// ---- Verifying and results ------------------------------------------------

#[wasm_bindgen_test]
async fn the_happy_path_verifies_and_done_reports_verified() {
    let api = FakeApi::new().with_create_mode();
    api.accepts_submission(
        7,
        &[
            ok(&connect_status(7, "pending", "null")),
            ok(&connect_status(7, "verified", "null")),
        ],
    );
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    sign_in(&widget, "ada@example.com", "verified-s3cret").await;
    widget
        .wait_for("heading", "Checking your login with Consolidated Edison")
        .await;
    assert!(!widget.all("status").is_empty());
    assert_eq!(
        widget.wait_for_call("onCredentialsSubmitted").await,
        r#"onCredentialsSubmitted {"utilityCredentialId":7}"#
    );
    widget.wait_for("heading", "You're connected").await;
    assert!(
        api.count("GET", "/connect/credentials/7") >= 2,
        "polled until verified"
    );
    widget.click("Done").await;
    assert_eq!(
        widget.wait_for_call("onClose").await,
        r#"onClose {"status":"verified","utilityCredentialId":7}"#
    );
    widget.wait_gone().await;

    let submit = api
        .requests()
        .into_iter()
        .find(|r| r.method == "POST")
        .unwrap();
    assert!(
        submit.body.unwrap().contains("verified-s3cret"),
        "the password goes to the API"
    );
    let log = widget.log.borrow().join("\n");
    assert!(
        !log.contains("s3cret") && !log.contains("ada@example.com"),
        "no callback sees a secret: {log}"
    );
    let events = widget.events();
    for expected in ["credentials_submitted", "verification_succeeded", "closed"] {
        assert!(
            events.contains(&expected.to_string()),
            "{expected}: {events:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_double_click_on_connect_submits_once() {
    let api = FakeApi::new().with_create_mode();
    api.route(
        "POST",
        "/connect/credentials",
        &[status(201, &connect_status(7, "verified", "null")).after(100)],
    );
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    widget.type_into("textbox", "Username", "ada");
    widget.input("password", "Password").set_value("verified");
    let connect = widget.get("button", "Connect");
    connect.click();
    connect.click();
    widget.wait_for("heading", "You're connected").await;
    assert_eq!(api.count("POST", "/connect/credentials"), 1);
    assert_eq!(widget.calls("onCredentialsSubmitted").len(), 1);
}

#[wasm_bindgen_test]
async fn a_rejection_goes_back_to_the_form_keeping_the_username_only() {
    let api = FakeApi::new().with_create_mode();
    api.accepts_submission(7, &[ok(&connect_status(7, "rejected", "null"))]);
    let widget = open(&api, Options::new(create_token()).modal());
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "rejected").await;
    widget
        .wait_for_text("We couldn't sign in with those details. Check your username and password and try again.")
        .await;
    assert!(widget
        .all("alert")
        .iter()
        .any(|a| a.text_content().unwrap().starts_with("We couldn't sign in")));
    assert_eq!(widget.input("textbox", "Username").value(), "ada");
    assert_eq!(widget.input("password", "Password").value(), "");
    assert!(widget
        .events()
        .contains(&"verification_rejected".to_string()));
    widget.click("Close").await;
    assert_eq!(
        widget.wait_for_call("onClose").await,
        r#"onClose {"status":"rejected","utilityCredentialId":7}"#
    );
}

#[wasm_bindgen_test]
async fn no_verdict_within_the_window_shows_the_timeout_screen() {
    let api = FakeApi::new().with_create_mode();
    api.accepts_submission(7, &[ok(&connect_status(7, "pending", "null"))]);
    let widget = open(
        &api,
        Options::new(create_token()).with("verificationTimeoutMs", "400"),
    );
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "timeout").await;
    widget
        .wait_for("heading", "This is taking longer than usual")
        .await;
    assert!(widget
        .text()
        .contains("We'll keep checking and let Demo Energy App know"));
    assert!(widget
        .events()
        .contains(&"verification_timed_out".to_string()));
    widget.click("Done").await;
    assert_eq!(
        widget.wait_for_call("onClose").await,
        r#"onClose {"status":"timed_out","utilityCredentialId":7}"#
    );
    let polls = api.count("GET", "/connect/credentials/7");
    sleep(800).await;
    assert_eq!(
        api.count("GET", "/connect/credentials/7"),
        polls,
        "polling stops once closed"
    );
}

#[wasm_bindgen_test]
async fn closing_while_verifying_reports_pending() {
    let api = FakeApi::new().with_create_mode();
    api.accepts_submission(7, &[ok(&connect_status(7, "pending", "null"))]);
    let widget = open(&api, Options::new(create_token()).modal());
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "timeout").await;
    widget.wait_for_call("onCredentialsSubmitted").await;
    widget.click("Close").await;
    assert_eq!(
        widget.wait_for_call("onClose").await,
        r#"onClose {"status":"pending","utilityCredentialId":7}"#
    );
}

#[wasm_bindgen_test]
async fn a_utility_error_offers_try_again_back_to_the_form() {
    let api = FakeApi::new().with_create_mode();
    api.route(
        "POST",
        "/connect/credentials",
        &[status(201, &connect_status(7, "error", "null"))],
    );
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "error").await;
    widget.wait_for("heading", "Something went wrong").await;
    assert!(widget.find("button", "Close").is_some());
    widget.click("Try again").await;
    widget
        .wait_for("heading", "Sign in to Consolidated Edison")
        .await;
    assert_eq!(widget.input("textbox", "Username").value(), "ada");
}

#[wasm_bindgen_test]
async fn a_5xx_on_submit_shows_the_error_screen() {
    let api = FakeApi::new().with_create_mode();
    api.route("POST", "/connect/credentials", &[status(500, "oops")]);
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "verified").await;
    widget.wait_for("heading", "Something went wrong").await;
    widget.click("Close").await;
    assert_eq!(
        widget.wait_for_call("onClose").await,
        r#"onClose {"status":"error"}"#
    );
}

#[wasm_bindgen_test]
async fn malformed_json_while_polling_is_an_error_screen() {
    let api = FakeApi::new().with_create_mode();
    api.accepts_submission(7, &[ok(r#"{"utility_credential_id":"#)]);
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "verified").await;
    widget.wait_for("heading", "Something went wrong").await;
}

#[wasm_bindgen_test]
async fn too_many_attempts_asks_to_start_again() {
    let api = FakeApi::new().with_create_mode();
    api.route(
        "POST",
        "/connect/credentials",
        &[status(429, &error_body("attempts_exhausted"))],
    );
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "verified").await;
    widget.wait_for("heading", "Too many attempts").await;
    assert!(widget
        .text()
        .contains("start connecting again from the app"));
    assert!(widget
        .calls("onError")
        .iter()
        .any(|c| c.contains("attempts_exhausted")));
}

// ---- Network loss ---------------------------------------------------------

#[wasm_bindgen_test]
async fn a_dropped_connection_shows_retry_which_resumes_the_same_call() {
    let api = FakeApi::new().with_create_mode();
    api.route(
        "GET",
        "/utilities?zip=10001",
        &[offline(), ok(&utilities(&[CONED]))],
    );
    let widget = open(&api, Options::new(create_token()));
    widget.click("Agree and continue").await;
    widget.wait_for("textbox", "ZIP code").await;
    widget.type_into("textbox", "ZIP code", "10001");
    widget
        .wait_for_text("You're offline or the connection dropped.")
        .await;
    assert!(widget
        .all("alert")
        .iter()
        .any(|a| a.text_content().unwrap().contains("You're offline")));
    widget.click("Retry").await;
    widget.wait_for("radio", "Consolidated Edison").await;
    assert!(!widget.text().contains("You're offline"));
    assert_eq!(api.count("GET", "/utilities?zip=10001"), 2);
}

#[wasm_bindgen_test]
async fn a_submission_lost_to_the_network_is_resent_by_retry() {
    let api = FakeApi::new().with_create_mode();
    api.route(
        "POST",
        "/connect/credentials",
        &[
            offline(),
            status(201, &connect_status(7, "verified", "null")),
        ],
    );
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "verified").await;
    widget
        .wait_for_text("You're offline or the connection dropped.")
        .await;
    widget.click("Retry").await;
    widget.wait_for("heading", "You're connected").await;
    let posts: Vec<_> = api
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(posts.len(), 2);
    assert!(posts[1]
        .body
        .as_deref()
        .unwrap()
        .contains(r#""password":"verified""#));
}

// ---- Two-factor -----------------------------------------------------------

#[wasm_bindgen_test]
async fn mfa_chooses_a_method_then_a_wrong_code_stays_and_the_right_one_verifies() {
    let api = FakeApi::new().with_create_mode();
    api.accepts_submission(7, &[ok(&connect_status(7, "pending", PENDING_MFA))]);
    api.route(
        "POST",
        "/connect/credentials/7/mfa/method",
        &[ok(&connect_status(7, "pending", &code_challenge(5, false)))],
    );
    api.route(
        "POST",
        "/connect/credentials/7/mfa/code",
        &[
            ok(&connect_status(7, "pending", &code_challenge(4, true))),
            ok(&connect_status(7, "verified", "null")),
        ],
    );
    api.route(
        "POST",
        "/connect/credentials/7/mfa/resend",
        &[ok(&connect_status(7, "pending", &code_challenge(4, false)))],
    );
    let widget = open(&api, Options::new(create_token()));
    to_credentials(&widget).await;
    sign_in(&widget, "ada", "mfa").await;

    widget.wait_for("heading", "Verify it's you").await;
    let sms: web_sys::HtmlInputElement = widget.get("radio", "Text message (SMS)").unchecked_into();
    assert!(sms.checked());
    widget.get("radio", "Email").click();
    widget.click("Send code").await;
    let code = widget.wait_for("textbox", "Verification code").await;
    assert_eq!(
        code.get_attribute("autocomplete").as_deref(),
        Some("one-time-code")
    );
    assert_eq!(code.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert!(widget.text().contains("j•••@example.com"));
    assert!(
        !widget.text().contains("attempts left"),
        "attempts left mean nothing before a try"
    );
    let method = api
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/mfa/method"))
        .unwrap();
    assert_eq!(method.body.as_deref(), Some(r#"{"method":"email"}"#));

    widget.type_into("textbox", "Verification code", "111111");
    widget.click("Verify").await;
    widget
        .wait_for_text("That code didn't work. Check it and try again.")
        .await;
    assert!(widget.text().contains("4 attempts left"));
    assert_eq!(
        widget.input("textbox", "Verification code").value(),
        "",
        "the code is not kept"
    );
    assert!(widget
        .calls("onEvent mfa_code_rejected")
        .iter()
        .any(|c| c.contains(r#"{"attempts_left":4}"#)));

    // Resend waits out its cool-down (the browser tests walk through it).
    let resend = widget
        .all("button")
        .into_iter()
        .find(|b| support::accessible_name(b).starts_with("Resend code in "))
        .expect("a counting-down resend button");
    assert!(resend.has_attribute("disabled"));

    widget.type_into("textbox", "Verification code", "123456");
    widget.click("Verify").await;
    widget.wait_for("heading", "You're connected").await;
    let log = widget.log.borrow().join("\n");
    assert!(
        !log.contains("123456") && !log.contains("111111"),
        "codes never reach callbacks"
    );
    let events = widget.events();
    for expected in [
        "mfa_requested",
        "mfa_method_selected",
        "mfa_code_submitted",
        "mfa_code_rejected",
    ] {
        assert!(
            events.contains(&expected.to_string()),
            "{expected}: {events:?}"
        );
    }
}

// ---- Update mode ----------------------------------------------------------

#[wasm_bindgen_test]
async fn update_mode_goes_straight_to_credentials_and_returns_the_same_id() {
    let api = FakeApi::new();
    api.route("GET", "/connect/session", &[ok(UPDATE_SESSION)]);
    api.route("GET", "/utilities?q=*", &[ok(&utilities(&[CONED]))]);
    api.route(
        "POST",
        "/connect/credentials",
        &[status(201, &connect_status(77, "verified", "null"))],
    );
    let options = Options::new(token(Mode::Update, far_future()))
        .with("newCredentialData", "{zipCode: '10001'}");
    let widget = open(&api, options);
    widget
        .wait_for("heading", "Sign in to Consolidated Edison")
        .await;
    assert!(
        widget.find("button", "Back").is_none(),
        "no way back to the utility in update mode"
    );
    assert!(!widget.text().contains("wants to connect"));
    let error = widget.wait_for_call("onError").await;
    assert!(error.contains("invalid_config"), "{error}");
    sign_in(&widget, "ada", "verified").await;
    widget.wait_for("heading", "You're connected").await;
    assert_eq!(
        widget.calls("onCredentialsSubmitted"),
        [r#"onCredentialsSubmitted {"utilityCredentialId":77}"#]
    );
    widget.click("Done").await;
    assert_eq!(
        widget.wait_for_call("onClose").await,
        r#"onClose {"status":"verified","utilityCredentialId":77}"#
    );
}

// ---- Host API -------------------------------------------------------------

#[wasm_bindgen_test]
async fn the_modal_locks_scroll_traps_escape_and_gives_focus_back() {
    let api = FakeApi::new().with_create_mode();
    let body = document().body().unwrap();
    body.style().set_property("overflow", "auto").unwrap();
    let opener: web_sys::HtmlElement = document()
        .create_element("button")
        .unwrap()
        .unchecked_into();
    opener.set_text_content(Some("Connect utility"));
    body.append_child(&opener).unwrap();
    opener.focus().unwrap();

    let widget = open(&api, Options::new(create_token()).modal());
    let dialog = widget
        .wait_for("dialog", "Connect your utility account")
        .await;
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    assert_eq!(
        body.style().get_property_value("overflow").unwrap(),
        "hidden"
    );
    widget
        .wait_for(
            "heading",
            "Demo Energy App wants to connect to your utility account",
        )
        .await;
    sleep(50).await;
    let active = document().active_element().unwrap();
    assert!(
        dialog.contains(Some(&active)),
        "focus moved into the dialog"
    );

    // Focus cannot wander to the page behind the modal.
    opener.focus().unwrap();
    let active = document().active_element().unwrap();
    assert!(
        dialog.contains(Some(&active)),
        "focus brought back into the dialog"
    );

    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let escape =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    active.dispatch_event(&escape).unwrap();
    assert_eq!(
        widget.wait_for_call("onClose").await,
        r#"onClose {"status":"no_submit"}"#
    );
    widget.wait_gone().await;
    assert_eq!(
        body.style().get_property_value("overflow").unwrap(),
        "auto",
        "scroll restored"
    );
    assert!(
        opener.is_same_node(document().active_element().as_ref().map(|el| el.as_ref())),
        "focus restored"
    );
    opener.remove();
    body.style().remove_property("overflow").unwrap();
}

#[wasm_bindgen_test]
async fn close_and_destroy_are_safe_twice_and_destroy_reports_nothing() {
    let api = FakeApi::new().with_create_mode();
    let widget = open(&api, Options::new(create_token()));
    widget
        .wait_for(
            "heading",
            "Demo Energy App wants to connect to your utility account",
        )
        .await;
    widget.handle.close();
    widget.handle.close();
    widget.wait_gone().await;
    assert_eq!(widget.calls("onClose").len(), 1);
    widget.handle.destroy();
    widget.handle.destroy();
    widget.handle.open();
    sleep(50).await;
    assert!(widget.is_gone(), "a destroyed handle stays closed");

    let other = open(&api, Options::new(create_token()));
    other
        .wait_for(
            "heading",
            "Demo Energy App wants to connect to your utility account",
        )
        .await;
    other.handle.destroy();
    assert!(other.is_gone(), "destroy removes the component at once");
    sleep(50).await;
    assert!(other.calls("onClose").is_empty());
}

#[wasm_bindgen_test]
async fn a_second_create_on_the_same_container_replaces_the_first() {
    let api = FakeApi::new().with_create_mode();
    let container = new_container();
    let options = Options::new(create_token());
    let (first, first_log, _keep1) = create_in(&api, &options, Some(container.clone()));
    first.open();
    sleep(50).await;
    let (second, _log, _keep2) = create_in(&api, &options, Some(container.clone()));
    second.open();
    sleep(100).await;
    assert_eq!(
        container.query_selector_all(".uc-root").unwrap().length(),
        1
    );
    assert!(first_log
        .borrow()
        .iter()
        .all(|line| !line.starts_with("onClose")));
    first.open();
    sleep(50).await;
    assert_eq!(
        container.query_selector_all(".uc-root").unwrap().length(),
        1,
        "the replaced handle is dead"
    );
    second.destroy();
    container.remove();
}

#[wasm_bindgen_test]
async fn theme_and_locale_apply() {
    let api = FakeApi::new().with_create_mode();
    let options = Options::new(create_token())
        .with(
            "theme",
            "{primaryColor: '#123456', borderRadius: 4, fontFamily: 'Georgia; color: red'}",
        )
        .with("locale", "'es-MX'");
    let widget = open(&api, options);
    let dialog = widget
        .wait_for("dialog", "Conecta tu cuenta de servicios eléctricos")
        .await;
    let style = dialog.get_attribute("style").unwrap_or_default();
    assert!(
        style.contains("--uc-color-primary: #123456") && style.contains("--uc-radius: 4px"),
        "{style}"
    );
    assert!(!style.contains("red"), "unsafe values are dropped: {style}");
    widget.wait_for("button", "Aceptar y continuar").await;
    assert!(widget
        .calls("onError")
        .iter()
        .any(|c| c.contains("theme.fontFamily")));
}
