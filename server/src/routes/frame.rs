//! The isolated frame (`isolation: "frame"`): the page the host's loader
//! puts in an iframe, so that what the user types lives on this server's
//! origin and the host page's scripts cannot read it.
//!
//! `GET /connect/frame?client_id=…&origin=…&channel=…` carries no secret:
//! the connect token arrives later by `postMessage` from `origin` (checked by
//! `frame-bridge.js`, with `channel`). Framing is limited by
//! `frame-ancestors` to the client's registered origins (any origin for a
//! client that registered none, as the API's own origin rule has it); an
//! `origin` the client did not register gets a 403 page that tells the
//! loader `origin_not_allowed` instead of a form.

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::headers::LOCKED_DOWN_CSP;
use super::pages::{COMPONENT_PAGE_CSP, CONNECT_ROOT_ID, LOADER_SCRIPT, PAGE_HEAD, PRELOAD_HINTS};
use crate::clients;
use crate::error::Failure;
use crate::origins;
use crate::state::AppState;

pub const FRAME_PATH: &str = protocol::routes::CONNECT_FRAME;
/// Served from `--static-dir`, beside the hosted page's script.
pub const FRAME_BRIDGE_SCRIPT: &str = "/frame-bridge.js";
/// What the refusal page tells the loader (`onError` type).
const ORIGIN_NOT_ALLOWED: &str = protocol::ErrorType::OriginNotAllowed.as_str();

#[derive(Deserialize)]
pub struct FrameQuery {
    client_id: Option<String>,
    origin: Option<String>,
    channel: Option<String>,
}

/// Ids the loader generates and client ids are short and URL-safe; anything
/// else is not from our loader.
fn is_plain_id(text: &str, min: usize) -> bool {
    (min..=128).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

pub async fn frame_page(
    State(state): State<AppState>,
    Query(query): Query<FrameQuery>,
) -> Result<Response, Failure> {
    let client_id = query.client_id.unwrap_or_default();
    let channel = query.channel.unwrap_or_default();
    // The loader sends `location.origin`, already in the browser's form;
    // anything else could never match `event.origin` in the bridge.
    let origin = query
        .origin
        .filter(|text| origins::normalize(text).as_deref() == Ok(text.as_str()));
    let (Some(origin), true, true) = (
        origin,
        is_plain_id(&client_id, 1),
        is_plain_id(&channel, 16),
    ) else {
        return Ok(notice(
            StatusCode::BAD_REQUEST,
            "This address is incomplete",
            "This page is opened by the Utility Connect loader of the site you came from.",
        ));
    };
    let registered = {
        let db = state.db.lock();
        if !clients::admitted(&db, &client_id, state.sandbox)? {
            return Ok(notice(
                StatusCode::NOT_FOUND,
                "Unknown app",
                "The app that opened this window is not known to Utility Connect.",
            ));
        }
        clients::allowed_origins(&db, &client_id)?
    };
    if !registered.is_empty() && !registered.contains(&origin) {
        // Framable by the origin it names only, which gets the refusal and
        // nothing else: no form is ever shown to an unregistered site.
        return Ok(frame_document(
            StatusCode::FORBIDDEN,
            &format!("frame-ancestors {origin}"),
            Some(ORIGIN_NOT_ALLOWED),
        ));
    }
    let ancestors = if registered.is_empty() {
        "*".to_string()
    } else {
        registered.join(" ")
    };
    Ok(frame_document(
        StatusCode::OK,
        &format!("frame-ancestors {ancestors}"),
        None,
    ))
}

/// The frame page: the script-tag SDK (whose wasm loads at once, in
/// parallel with the handshake) and the bridge. `refused` makes the bridge
/// report that error instead of waiting for a token.
fn frame_document(status: StatusCode, ancestors: &str, refused: Option<&str>) -> Response {
    let (refused_attr, body) = match refused {
        Some(kind) => (
            format!(r#" data-refused="{kind}""#),
            "<h1>This site can't connect utility accounts here</h1>\n\
             <p>The app has not registered this site's address with Utility Connect, so the \
             sign-in form is not shown.</p>"
                .to_string(),
        ),
        None => (String::new(), String::new()),
    };
    // A refused page never starts the component: nothing to fetch ahead.
    let preload = if refused.is_some() { "" } else { PRELOAD_HINTS };
    let html = format!(
        r#"<!doctype html>
<html lang="en"{refused_attr}>
<head>
{PAGE_HEAD}
{preload}
<title>Connect your utility account</title>
<style>html,body{{margin:0;background:#fff}}main{{min-height:100vh}}</style>
</head>
<body>
<main id="{CONNECT_ROOT_ID}">{body}</main>
<script src="{LOADER_SCRIPT}"></script>
<script src="{FRAME_BRIDGE_SCRIPT}"></script>
</body>
</html>
"#
    );
    let csp = format!("{COMPONENT_PAGE_CSP}; {ancestors}");
    (status, [(header::CONTENT_SECURITY_POLICY, csp)], Html(html)).into_response()
}

/// A page that loads nothing and cannot be framed.
fn notice(status: StatusCode, title: &str, text: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><h1>{title}</h1><p>{text}</p></body></html>\n"
    );
    (
        status,
        [(header::CONTENT_SECURITY_POLICY, LOCKED_DOWN_CSP)],
        Html(html),
    )
        .into_response()
}
