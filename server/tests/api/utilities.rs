//! `GET /utilities`: the directory over HTTP.

use crate::common::*;

fn ids(body: &serde_json::Value) -> Vec<u64> {
    body["utilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn by_zip_and_by_name_with_either_token() {
    let server = Server::start(&[]).await;
    let access = server.access_token(&server.sandbox).await;
    let connect = server.create_token(&server.sandbox, "u").await;

    for token in [&access, &connect] {
        let (status, body) = server.get("/utilities?zip=10001", Some(token)).await;
        assert_eq!(status, 200, "{body}");
        let first = &body["utilities"][0];
        assert_eq!(first["id"], CON_ED);
        assert_eq!(first["name"], "Consolidated Edison Co-NY Inc");
        assert_eq!(first["display_name"], "Con Edison");
        assert_eq!(first["state"], "NY");
        assert_eq!(first["ownership"], "Investor Owned");
        assert_eq!(first["needs_account_number"], true);
    }
    // Zero-padded zips from the 2020 file, and several utilities with the bundled one first.
    let (_, body) = server.get("/utilities?zip=02807", Some(&connect)).await;
    assert_eq!(ids(&body), vec![1857]);
    let (_, body) = server.get("/utilities?zip=04623", Some(&connect)).await;
    assert_eq!(ids(&body), vec![5609, 1179]);
    assert_eq!(body["utilities"][0]["service_type"], "Bundled");
    assert_eq!(body["utilities"][1]["service_type"], "Delivery");

    let (status, body) = server.get("/utilities?zip=75201", Some(&connect)).await;
    assert_eq!(
        (status, ids(&body)),
        (200, vec![]),
        "valid zip without data"
    );

    for query in ["con%20ed", "ConEd", "CON-ED", "consolidated%20edison"] {
        let (status, body) = server
            .get(&format!("/utilities?q={query}"), Some(&access))
            .await;
        assert_eq!(status, 200);
        assert_eq!(ids(&body).first(), Some(&(CON_ED as u64)), "{query}");
    }
    let (_, body) = server.get("/utilities?q=comed", Some(&connect)).await;
    assert_eq!(ids(&body).first(), Some(&(COMED as u64)));
    let (_, body) = server
        .get("/utilities?q=electric&limit=3", Some(&connect))
        .await;
    assert_eq!(ids(&body).len(), 3);
    let (_, body) = server.get("/utilities?q=zzzzqqq", Some(&connect)).await;
    assert!(ids(&body).is_empty());
}

#[tokio::test]
async fn bad_queries_and_missing_tokens() {
    let server = Server::start(&[]).await;
    let connect = server.create_token(&server.sandbox, "u").await;
    for bad in ["1234", "123456", "abcde", "10001-1234", "%2010001", ""] {
        let (status, body) = server
            .get(&format!("/utilities?zip={bad}"), Some(&connect))
            .await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert_eq!(body["error"]["type"], "invalid_request");
    }
    for query in [
        "/utilities",
        "/utilities?zip=10001&q=con",
        "/utilities?limit=abc&q=x",
    ] {
        let (status, body) = server.get(query, Some(&connect)).await;
        assert_eq!(status, 400, "{query}: {body}");
    }
    let (status, body) = server.get("/utilities?zip=10001", None).await;
    assert_eq!(status, 401, "{body}");
}

#[tokio::test]
async fn the_names_people_know_find_their_utility() {
    let server = Server::start(&[]).await;
    let connect = server.create_token(&server.sandbox, "u").await;
    let (status, body) = server.get("/utilities?q=Eversource", Some(&connect)).await;
    assert_eq!(status, 200);
    let nstar = body["utilities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == 54913)
        .expect("Eversource finds NSTAR");
    assert_eq!(nstar["name"], "NSTAR Electric Company");
    assert_eq!(nstar["display_name"], "Eversource (formerly NSTAR)");
    // No reset page is known for it: the field is left out, never invented.
    assert!(nstar.get("password_reset_url").is_none());
}
