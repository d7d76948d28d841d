//! `/openapi.json` documents every route, and every documented route exists.

use serde_json::Value;

use crate::common::*;

/// Every route the server has (the other tests exercise each); `headers.rs`
/// walks it too.
pub use protocol::routes::ALL as ROUTES;

#[tokio::test]
async fn the_document_matches_the_router() {
    let server = Server::start(&[]).await;
    let (status, doc) = server.get("/openapi.json", None).await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    let mut documented = Vec::new();
    for (path, operations) in paths {
        for method in operations.as_object().unwrap().keys() {
            documented.push((method.clone(), path.clone()));
        }
    }
    for (method, path) in ROUTES {
        assert!(
            documented.contains(&(method.to_string(), path.to_string())),
            "{method} {path} undocumented"
        );
    }
    assert_eq!(
        documented.len(),
        ROUTES.len(),
        "documented routes the test does not know: {documented:?}"
    );

    // Each documented route answers something other than "no such route".
    for (method, path) in &documented {
        let concrete = path.replace("{id}", "1");
        let method: reqwest::Method = method.to_uppercase().parse().unwrap();
        let response = server
            .http
            .request(method.clone(), format!("{}{concrete}", server.url))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let kind = serde_json::from_str::<Value>(&text)
            .ok()
            .map(|v| v["error"]["type"].clone());
        assert!(
            kind != Some(Value::from("unknown_route"))
                && kind != Some(Value::from("method_not_allowed")),
            "{method} {concrete}: {status} {text}"
        );
    }
    for event in [
        "utility_credential_verified",
        "utility_credential_rejected",
        "utility_credential_verification_error",
        "utility_credential_revoked",
    ] {
        assert!(doc["webhooks"][event].is_object(), "{event}");
    }
}
