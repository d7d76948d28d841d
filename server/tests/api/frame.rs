//! Frame mode's server side: the `/connect/frame` page and who may frame it,
//! the versioned SDK path other origins load, and conditional answers that
//! leave a cached page working.

use crate::common::*;

const CHANNEL: &str = "0123456789abcdef0123456789abcdef";

async fn frame(server: &Server, client_id: &str, origin: &str) -> reqwest::Response {
    server
        .http
        .get(format!("{}/connect/frame", server.url))
        .query(&[
            ("client_id", client_id),
            ("origin", origin),
            ("channel", CHANNEL),
        ])
        .send()
        .await
        .unwrap()
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

fn frame_ancestors(response: &reqwest::Response) -> String {
    let csp = header(response, "content-security-policy");
    csp.split(';')
        .map(str::trim)
        .find(|d| d.starts_with("frame-ancestors"))
        .unwrap_or_else(|| panic!("no frame-ancestors in {csp}"))
        .to_string()
}

#[tokio::test]
async fn the_frame_may_be_framed_only_by_the_clients_registered_origins() {
    let server = Server::start(&[]).await;
    let restricted = server.add_client_with_origins(
        "Restricted App",
        &["https://app.example.com", "http://localhost:5173"],
    );

    let allowed = frame(&server, &restricted.client_id, "https://app.example.com").await;
    assert_eq!(allowed.status(), 200);
    assert_eq!(
        frame_ancestors(&allowed),
        "frame-ancestors https://app.example.com http://localhost:5173"
    );
    assert_eq!(header(&allowed, "cache-control"), "no-store");
    let page = allowed.text().await.unwrap();
    assert!(page.contains("/frame-bridge.js") && page.contains("/sdk/utility-connect.js"));
    assert!(!page.contains("data-refused"));
    // The wasm and its glue download while the loader script runs.
    assert!(page.contains(r#"<link rel="modulepreload" href="/sdk/utility_connect.js">"#));
    assert!(page.contains(r#"<link rel="modulepreload" href="/sdk/__wasm_split.js">"#));
    assert!(page.contains(
        r#"<link rel="preload" href="/sdk/utility_connect_bg.wasm" as="fetch" crossorigin>"#
    ));

    // An origin the client did not register: no form, only the refusal,
    // which only that origin may frame (so the loader can report it).
    let refused = frame(&server, &restricted.client_id, "https://evil.example").await;
    assert_eq!(refused.status(), 403);
    assert_eq!(
        frame_ancestors(&refused),
        "frame-ancestors https://evil.example"
    );
    let refusal = refused.text().await.unwrap();
    assert!(refusal.contains(r#"data-refused="origin_not_allowed""#));
    assert!(!refusal.contains("preload"), "a refusal starts nothing");

    // The sandbox client registered none: any page may frame it, as any
    // page may use its tokens.
    let open = frame(&server, &server.sandbox.client_id, "https://anyone.example").await;
    assert_eq!(open.status(), 200);
    assert_eq!(frame_ancestors(&open), "frame-ancestors *");
}

#[tokio::test]
async fn a_frame_address_not_made_by_the_loader_gets_a_page_that_cannot_be_framed() {
    let server = Server::start(&[]).await;
    let sandbox = server.sandbox.client_id.clone();
    for (client_id, origin, status) in [
        ("no_such_client", "https://app.example.com", 404),
        (sandbox.as_str(), "https://App.Example.com/", 400),
        (sandbox.as_str(), "null", 400),
        (sandbox.as_str(), "", 400),
        ("", "https://app.example.com", 400),
        ("x\"><script>", "https://app.example.com", 400),
    ] {
        let response = frame(&server, client_id, origin).await;
        assert_eq!(response.status(), status, "{client_id} {origin}");
        assert_eq!(frame_ancestors(&response), "frame-ancestors 'none'");
        assert!(!response.text().await.unwrap().contains("<script"));
    }
    let short_channel = server
        .http
        .get(format!(
            "{}/connect/frame?client_id={sandbox}&origin=https://a.example&channel=short",
            server.url
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(short_channel.status(), 400);
}

fn static_dir_with_sdk() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>demo</title><script src=demo.js></script>",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("sdk")).unwrap();
    std::fs::write(dir.path().join("sdk/utility-connect.js"), "void 0").unwrap();
    std::fs::write(
        dir.path().join("sdk/utility_connect_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    dir
}

async fn sdk_file(server: &Server, name: &str) -> reqwest::Response {
    let url = format!("{}/sdk/v1/{name}", server.url);
    server.http.get(url).send().await.unwrap()
}

#[tokio::test]
async fn the_sdk_is_served_at_a_versioned_path_to_any_origin_and_cached_for_a_year() {
    let dir = static_dir_with_sdk();
    let server = Server::start(&["--static-dir", dir.path().to_str().unwrap()]).await;
    let response = server
        .http
        .get(format!("{}/sdk/v1/utility-connect.js", server.url))
        .header("Origin", "https://app.example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "access-control-allow-origin"), "*");
    assert_eq!(
        header(&response, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(header(&response, "content-type").contains("javascript"));
    // The type `WebAssembly.compileStreaming` requires, so that the module
    // compiles while it downloads.
    let wasm = sdk_file(&server, "utility_connect_bg.wasm").await;
    assert_eq!(header(&wasm, "content-type"), "application/wasm");

    let missing = sdk_file(&server, "nothing.js").await;
    assert_eq!(missing.status(), 404);
    assert!(!header(&missing, "cache-control").contains("immutable"));
}

#[tokio::test]
async fn a_304_for_a_static_page_adds_no_policy_that_would_block_the_cached_page() {
    let dir = static_dir_with_sdk();
    let server = Server::start(&["--static-dir", dir.path().to_str().unwrap()]).await;
    let first = server
        .http
        .get(format!("{}/", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    let first_csp = header(&first, "content-security-policy");
    let etag = header(&first, "etag");
    let modified = header(&first, "last-modified");
    assert!(
        !etag.is_empty() || !modified.is_empty(),
        "no validator to revalidate with"
    );
    let mut again = server.http.get(format!("{}/", server.url));
    if !etag.is_empty() {
        again = again.header("If-None-Match", &etag);
    }
    if !modified.is_empty() {
        again = again.header("If-Modified-Since", &modified);
    }
    let revalidated = again.send().await.unwrap();
    assert_eq!(revalidated.status(), 304);
    // The same policy as the 200 (none for a static page), not the API's
    // `default-src 'none'`, and the cached copy stays usable.
    assert_eq!(header(&revalidated, "content-security-policy"), first_csp);
    assert_ne!(header(&revalidated, "cache-control"), "no-store");
}

/// The `.br` and `.gz` copies the build writes beside each file go to the
/// browsers that accept them, with the file's own type; others get the file.
#[tokio::test]
async fn sdk_files_go_out_precompressed_to_browsers_that_accept_it() {
    let dir = static_dir_with_sdk();
    let wasm = b"\0asm\x01\0\0\0";
    std::fs::write(
        dir.path().join("sdk/utility_connect_bg.wasm.br"),
        b"brotli bytes",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("sdk/utility_connect_bg.wasm.gz"),
        b"gzip bytes",
    )
    .unwrap();
    let server = Server::start(&["--static-dir", dir.path().to_str().unwrap()]).await;
    for path in [
        "/sdk/v1/utility_connect_bg.wasm",
        "/sdk/utility_connect_bg.wasm",
    ] {
        let fetch = |accept: &'static str| {
            let request = server.http.get(format!("{}{path}", server.url));
            async move {
                let response = request
                    .header("Accept-Encoding", accept)
                    .send()
                    .await
                    .unwrap();
                let encoding = header(&response, "content-encoding");
                let (kind, vary) = (header(&response, "content-type"), header(&response, "vary"));
                (
                    encoding,
                    kind,
                    vary,
                    response.bytes().await.unwrap().to_vec(),
                )
            }
        };
        let (encoding, kind, vary, body) = fetch("gzip, deflate, br").await;
        assert_eq!(
            (encoding.as_str(), kind.as_str(), body.as_slice()),
            ("br", "application/wasm", &b"brotli bytes"[..]),
            "{path}"
        );
        assert!(
            vary.to_ascii_lowercase().contains("accept-encoding"),
            "{path}: vary {vary:?}"
        );
        let (encoding, _, _, body) = fetch("gzip, deflate").await;
        assert_eq!(
            (encoding.as_str(), body.as_slice()),
            ("gzip", &b"gzip bytes"[..]),
            "{path}"
        );
        let (encoding, kind, _, body) = fetch("identity").await;
        assert_eq!(
            (encoding.as_str(), kind.as_str(), body.as_slice()),
            ("", "application/wasm", &wasm[..]),
            "{path}"
        );
    }
}
