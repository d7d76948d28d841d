//! The offline alert and its Retry.

use wasm_bindgen_test::*;

use crate::support::*;

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
