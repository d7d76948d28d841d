//! Cases where `/openapi.json` and the server used to disagree (issue 9,
//! item 7); the api-fuzz tier (Schemathesis) keeps them together from now on.

use serde_json::{json, Value};

use crate::common::*;

#[tokio::test]
async fn out_of_range_limits_are_refused_as_documented() {
    let server = Server::start(&[]).await;
    let access = server.access_token(&server.sandbox).await;
    for path in [
        "/utilities?q=edison&limit=0",
        "/utilities?q=edison&limit=8483",
        "/utilities?zip=60601&limit=0",
        "/webhook/events?limit=0",
        "/webhook/events?limit=1001",
    ] {
        let (code, body) = server.get(path, Some(&access)).await;
        assert_eq!(code, 400, "{path}: {body}");
    }
    for path in ["/utilities?q=edison&limit=100", "/webhook/events?limit=1"] {
        let (code, body) = server.get(path, Some(&access)).await;
        assert_eq!(code, 200, "{path}: {body}");
    }
}

#[tokio::test]
async fn whole_numbers_written_as_decimals_are_integers() {
    let server = Server::start(&[]).await;
    let token = server.create_token(&server.sandbox, "decimal").await;
    let (code, body) = server
        .post(
            "/connect/credentials",
            Some(&token),
            json!({"utility_id": 4110.0, "username": "u", "password": "verified"}),
        )
        .await;
    assert_eq!(code, 201, "{body}");
    let access = server.access_token(&server.sandbox).await;
    let id = body["utility_credential_id"].as_f64().unwrap();
    let (code, body) = server
        .post(
            "/auth/connect_token",
            Some(&access),
            json!({"utility_credential_id": id}),
        )
        .await;
    assert_eq!(code, 200, "{body}");
}

fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    &doc["components"]["schemas"][name]
}

#[tokio::test]
async fn the_document_states_the_rules_the_server_applies() {
    let server = Server::start(&[]).await;
    let (_, doc) = server.get("/openapi.json", None).await;
    let submit = schema(&doc, "SubmitCredentialsRequest");
    assert!(submit["required"]
        .as_array()
        .unwrap()
        .contains(&json!("utility_id")));
    assert_eq!(
        schema(&doc, "SubmitCodeRequest")["properties"]["code"]["minLength"],
        1
    );
    let request = schema(&doc, "ConnectTokenRequest");
    assert_eq!(request["properties"]["client_user_id"]["minLength"], 1);
    assert!(request["oneOf"].is_array(), "exactly one of the two");
    let list = &doc["paths"]["/utility_credentials"]["get"]["parameters"][0]["schema"];
    assert_eq!(list["minLength"], 1);

    for (path, method) in [
        ("/auth/access_token", "post"),
        ("/auth/connect_token", "post"),
        ("/auth/connect_url", "post"),
        ("/connect/credentials", "post"),
        ("/connect/credentials/{id}/mfa/method", "post"),
        ("/connect/credentials/{id}/mfa/code", "post"),
        ("/sandbox/connect/submit_test_credentials", "post"),
    ] {
        let responses = &doc["paths"][path][method]["responses"];
        assert!(
            responses["400"].is_object(),
            "{path}: invalid JSON undocumented"
        );
    }
    for path in ["method", "code", "resend"] {
        let path = format!("/connect/credentials/{{id}}/mfa/{path}");
        assert!(
            doc["paths"][&path]["post"]["responses"]["401"].is_object(),
            "{path}"
        );
    }
    for path in [
        "/auth/access_token",
        "/auth/connect_token",
        "/auth/connect_url",
    ] {
        let text = doc["paths"][path]["post"]["responses"]["429"].to_string();
        assert!(text.contains("rate_limited"), "{path}");
    }
}
