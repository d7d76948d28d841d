//! The SDK for pages on other origins: `<script src="{public}/sdk/v1/utility-connect.js">`.
//!
//! Served from `--static-dir`'s `sdk/` under a versioned path, so that its
//! files can be cached for a year (a breaking change gets `/sdk/v2/`), and
//! with `Access-Control-Allow-Origin: *`: the script-tag file imports the
//! module and fetches the wasm beside it, which another origin may only do
//! with CORS, and which `integrity` checks need too. The files hold no
//! secret and carry no credentials, so any origin may read them.

use std::path::Path;

use axum::http::{header, HeaderValue};
use axum::middleware;
use axum::response::Response;
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;

pub const SDK_V1_PATH: &str = "/sdk/v1";
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn router<S: Clone + Send + Sync + 'static>(static_dir: &Path) -> Router<S> {
    Router::new()
        .nest_service(
            SDK_V1_PATH,
            precompressed(ServeDir::new(static_dir.join("sdk"))),
        )
        .layer(middleware::map_response(shareable))
}

/// Sends a file's `.br` or `.gz` copy (written at build time by
/// scripts/precompress.js) to a browser that accepts that encoding: the
/// wasm is a fifth of its size in brotli, at no cost per request.
/// `Vary` tells shared caches (a CDN in front) that the answer depends on
/// `Accept-Encoding`, which `ServeDir` does not say itself.
pub fn precompressed<F>(files: ServeDir<F>) -> SetResponseHeader<ServeDir<F>, HeaderValue> {
    SetResponseHeader::if_not_present(
        files.precompressed_br().precompressed_gzip(),
        header::VARY,
        HeaderValue::from_static("accept-encoding"),
    )
}

/// Only files found: an error must not be cached for a year.
async fn shareable(mut response: Response) -> Response {
    if response.status().is_success() || response.status().as_u16() == 304 {
        let headers = response.headers_mut();
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
    }
    response
}
