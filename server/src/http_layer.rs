//! The accept loop, in place of `axum::serve`, for one reason: hyper answers
//! requests it finds too large itself, with a bare status and no body or
//! headers of ours. Here hyper's own limits are raised well above ours and
//! `request_limits` enforces ours, so those answers carry the JSON error
//! body and the security headers. What hyper still answers itself (a target
//! over the `http` crate's 64 KB limit, a control character in a header) is
//! listed in SECURITY.md.

use std::convert::Infallible;
use std::future::Future;

use axum::extract::{ConnectInfo, Request};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1::Builder;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tower::ServiceExt;

use crate::error::Failure;

/// Ours: far above any real client's, well below what would cost memory.
pub const MAX_HEADERS: usize = 100;
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Hyper's, raised so that requests between the two limits reach us.
const PARSER_MAX_HEADERS: usize = 1_000;
const PARSER_MAX_BUFFER: usize = 2 * 1024 * 1024;

pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut builder = Builder::new();
    builder
        .timer(TokioTimer::new())
        .max_headers(PARSER_MAX_HEADERS)
        .max_buf_size(PARSER_MAX_BUFFER);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: pause, do not spin.
                Err(error) => {
                    tracing::warn!("accept failed: {error}");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        // Small JSON answers go out at once: without this, Nagle's algorithm
        // may hold a response's last segment until the client's delayed ACK.
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!("TCP_NODELAY for {peer}: {error}");
        }
        let app = app.clone();
        // The peer address feeds the per-address limits (`rate_limit`).
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            let app = app.clone();
            async move { Ok::<_, Infallible>(app.oneshot(request).await.into_response()) }
        });
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!("connection from {peer}: {error}");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Our limits on the request line and headers, answered in our shape.
pub async fn request_limits(request: Request, next: Next) -> Response {
    let uri_bytes = request.uri().to_string().len();
    if uri_bytes > MAX_URI_BYTES {
        return Failure::new(
            StatusCode::URI_TOO_LONG,
            protocol::ErrorType::UriTooLong,
            format!("The request target is longer than {MAX_URI_BYTES} bytes."),
        )
        .into_response();
    }
    let headers = request.headers();
    let header_bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if headers.len() > MAX_HEADERS || header_bytes > MAX_HEADER_BYTES {
        return Failure::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            protocol::ErrorType::HeadersTooLarge,
            format!(
                "At most {MAX_HEADERS} headers and {MAX_HEADER_BYTES} bytes of them are accepted."
            ),
        )
        .into_response();
    }
    next.run(request).await
}
