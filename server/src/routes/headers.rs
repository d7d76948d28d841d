//! Security headers (ASVS 5.0 §3.4), set by one outermost middleware so that
//! every response gets them: errors, CORS preflights, caught panics, 404s
//! and static files included, whatever a handler forgot.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// For documents that load nothing: JSON answers and the legal pages. A
/// JSON response opened in a tab or framed by another site then can do nothing.
pub const LOCKED_DOWN_CSP: &str = "default-src 'none'; base-uri 'none'; object-src 'none'; \
    form-action 'none'; frame-ancestors 'none'";

/// Paths whose answers carry tokens, credential statuses or per-user data:
/// never stored by the browser or anything in between, whatever the
/// response. Matched on whole segments, so `/connect` covers `/connect/…`
/// but not the static `/connect-page.js`.
const NO_STORE_PATHS: &[&str] = &[
    "/auth",
    "/connect",
    "/utility_credentials",
    "/utilities",
    "/sandbox",
    "/webhook",
    "/demo",
];

/// A year, as ASVS asks; browsers ignore it over plain HTTP, so it is
/// harmless in development and right behind a TLS-terminating proxy.
const HSTS: &str = "max-age=31536000";

pub async fn security_headers(request: Request, next: Next) -> Response {
    let sensitive = is_no_store_path(request.uri().path());
    let mut response = next.run(request).await;
    let status = response.status();
    let headers = response.headers_mut();
    // Forced, not "if absent": these have one right value here.
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::STRICT_TRANSPORT_SECURITY,
        HeaderValue::from_static(HSTS),
    );
    // A 304 has no body and so no type, but it stands for a cached file:
    // browsers merge its headers into the cached response, so a policy added
    // here would block the cached page's own scripts and styles.
    let ours = status != StatusCode::NOT_MODIFIED && generated_here(headers);
    // Every JSON answer is dynamic; static files keep their caching.
    if sensitive || ours {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    // Our HTML pages set their own policy; static pages bring theirs (the
    // demo page loads scripts), so only what this server generates gets one.
    if ours && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(LOCKED_DOWN_CSP),
        );
    }
    response
}

fn is_no_store_path(path: &str) -> bool {
    NO_STORE_PATHS.iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// JSON or bodiless (preflights): what the API produces. Static files always
/// carry a guessed type, so they never match unless they are `.json`.
fn generated_here(headers: &HeaderMap) -> bool {
    match headers.get(header::CONTENT_TYPE) {
        None => true,
        Some(value) => value
            .to_str()
            .is_ok_and(|text| text.starts_with("application/json")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_store_paths_match_whole_segments() {
        for path in [
            "/auth/access_token",
            "/connect",
            "/connect/session",
            "/connect/credentials/1/mfa/code",
            "/utility_credentials",
            "/utility_credentials/7",
            "/utilities",
            "/sandbox/connect/submit_test_credentials",
            "/webhook/events/x/replay",
            "/demo/connect_token",
        ] {
            assert!(is_no_store_path(path), "{path}");
        }
        for path in [
            "/",
            "/connect-page.js",
            "/authx",
            "/legal/terms",
            "/sdk/x.js",
        ] {
            assert!(!is_no_store_path(path), "{path}");
        }
    }
}
