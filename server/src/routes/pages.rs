//! HTML pages this server serves itself: the hosted Connect page behind
//! `POST /auth/connect_url`, and the terms the consent screen links to.

use axum::http::header;
use axum::response::{Html, IntoResponse};

use super::headers::LOCKED_DOWN_CSP;

/// The head lines every page that runs the component starts with: no
/// referrer leaks the page's URL, and the empty icon saves a favicon request.
pub const PAGE_HEAD: &str = concat!(
    "<meta charset=\"utf-8\">\n",
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
    "<meta name=\"referrer\" content=\"no-referrer\">\n",
    "<link rel=\"icon\" href=\"data:,\">"
);

/// The page is the same for every user and holds no secret: the connect
/// token stays in the fragment (`/connect#token=…`), which `CONNECT_SCRIPT`
/// reads. `LOADER_SCRIPT` is the embedding layer's script-tag entry: it
/// defines `window.UtilityConnect` at once and loads the wasm beside it.
/// Both come from `--static-dir`.
pub const LOADER_SCRIPT: &str = "/sdk/utility-connect.js";
/// What `LOADER_SCRIPT` imports and compiles for inline mode: named in the
/// pages' `<head>` so that all three download while the loader runs (the
/// glue imports the split-chunk loader, which fetches the later screens'
/// chunk only once the first screen is shown).
pub const PRELOAD_HINTS: &str = concat!(
    r#"<link rel="modulepreload" href="/sdk/utility_connect.js">"#,
    "\n",
    r#"<link rel="modulepreload" href="/sdk/__wasm_split.js">"#,
    "\n",
    r#"<link rel="preload" href="/sdk/utility_connect_bg.wasm" as="fetch" crossorigin>"#
);
pub const CONNECT_SCRIPT: &str = "/connect-page.js";
pub const CONNECT_ROOT_ID: &str = "connect-root";

/// Own-origin scripts and wasm only; the page cannot be framed (it is a
/// full-page flow). `headers::security_headers` adds `no-store` and
/// `Referrer-Policy: no-referrer`, so the fragment never leaks.
macro_rules! component_page_csp {
    () => {
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; \
        style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; base-uri 'none'; \
        object-src 'none'; form-action 'none'"
    };
}
/// The policy of every page that runs the component, less `frame-ancestors`,
/// which each page sets for itself (the frame page: per client).
pub const COMPONENT_PAGE_CSP: &str = component_page_csp!();
const CONNECT_CSP: &str = concat!(component_page_csp!(), "; frame-ancestors 'none'");

pub async fn connect_page() -> impl IntoResponse {
    let html = format!(
        r#"<!doctype html>
<html lang="en">
<head>
{PAGE_HEAD}
{PRELOAD_HINTS}
<title>Connect your utility account</title>
</head>
<body>
<main id="{CONNECT_ROOT_ID}"></main>
<noscript>Connecting a utility account needs JavaScript.</noscript>
<script src="{LOADER_SCRIPT}"></script>
<script src="{CONNECT_SCRIPT}"></script>
</body>
</html>
"#
    );
    ([(header::CONTENT_SECURITY_POLICY, CONNECT_CSP)], Html(html))
}

const LEGAL_PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1>
<p>This is the sandbox of Utility Connect. No real utility is contacted: the sandbox utility
accepts test passwords only, and nothing you enter here leaves this server.</p>
<p>A production deployment replaces this page with its operator's {title_lower}.</p>
</body></html>
"#;

/// Plain text pages: they load nothing, so they may do nothing.
fn legal(title: &str) -> impl IntoResponse {
    let html = LEGAL_PAGE
        .replace("{title}", title)
        .replace("{title_lower}", &title.to_lowercase());
    (
        [(header::CONTENT_SECURITY_POLICY, LOCKED_DOWN_CSP)],
        Html(html),
    )
}

pub async fn terms() -> impl IntoResponse {
    legal("Terms of Service")
}

pub async fn privacy() -> impl IntoResponse {
    legal("Privacy Policy")
}
