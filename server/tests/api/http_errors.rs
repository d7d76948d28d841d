//! Requests the HTTP layer refuses (too many or too large headers, a long
//! target) get our JSON error body and security headers; the two hyper
//! still answers itself are pinned here as SECURITY.md documents them.

use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::*;

/// Sends `head` (request line and headers, without the blank line) over a
/// raw connection, as no HTTP client would let us; returns the status, the
/// response head in lower case, and the body.
async fn raw(server: &Server, head: &[u8]) -> (u16, String, String) {
    let address = server.url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let mut request = head.to_vec();
    request.extend_from_slice(b"\r\nConnection: close\r\n\r\n");
    // The server may answer and close before reading everything.
    let _ = stream.write_all(&request).await;
    let mut response = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut response)).await;
    let text = String::from_utf8_lossy(&response).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .unwrap_or("0")
        .parse()
        .unwrap();
    (status, head.to_lowercase(), body.to_string())
}

fn assert_ours(status: u16, head: &str, body: &str, expected: u16, kind: &str) {
    assert_eq!(status, expected, "{head}");
    let json: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    assert_eq!(json["error"]["type"], kind, "{body}");
    for header in [
        "content-type: application/json",
        "x-content-type-options: nosniff",
        "content-security-policy: default-src 'none'",
        "cache-control: no-store",
    ] {
        assert!(head.contains(header), "{header} missing in {head}");
    }
}

#[tokio::test]
async fn oversized_requests_get_our_error_body_and_headers() {
    let server = Server::start(&[]).await;
    let many: String = (0..200).map(|n| format!("\r\nX-Filler-{n}: x")).collect();
    let (status, head, body) = raw(
        &server,
        format!("GET /ping HTTP/1.1\r\nHost: x{many}").as_bytes(),
    )
    .await;
    assert_ours(status, &head, &body, 431, "headers_too_large");

    let huge = "a".repeat(1024 * 1024);
    let (status, head, body) = raw(
        &server,
        format!("GET /ping HTTP/1.1\r\nHost: x\r\nX-Huge: {huge}").as_bytes(),
    )
    .await;
    assert_ours(status, &head, &body, 431, "headers_too_large");

    let long = "a".repeat(20 * 1024);
    let (status, head, body) = raw(
        &server,
        format!("GET /ping?{long} HTTP/1.1\r\nHost: x").as_bytes(),
    )
    .await;
    assert_ours(status, &head, &body, 414, "uri_too_long");

    // Ordinary requests are untouched.
    let (status, _, body) = raw(&server, b"GET /ping HTTP/1.1\r\nHost: x").await;
    assert_eq!((status, body.as_str()), (200, r#"{"status":"ok"}"#));
}

#[tokio::test]
async fn what_the_parser_answers_itself_is_bare_but_harmless() {
    let server = Server::start(&[]).await;
    // Over the `http` crate's 64 KB limit on a request target.
    let long = "a".repeat(100 * 1024);
    let (status, _, body) = raw(
        &server,
        format!("GET /ping?{long} HTTP/1.1\r\nHost: x").as_bytes(),
    )
    .await;
    assert_eq!((status, body.as_str()), (414, ""));
    // A control character in a header value.
    let (status, _, body) = raw(&server, b"GET /ping HTTP/1.1\r\nHost: x\r\nX-Bad: a\x01b").await;
    assert_eq!((status, body.as_str()), (400, ""));
    // The server is still there.
    let (code, _) = server.get("/ping", None).await;
    assert_eq!(code, 200);
}
