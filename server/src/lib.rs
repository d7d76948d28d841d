//! The Connect API server with its sandbox utility provider, as a library:
//! the binary (`main.rs`) parses the command line and calls `app::serve`;
//! the API tests build the same router in-process.
//!
//! Arrows point one way: `main` -> `app` (start-up, router assembly) ->
//! `routes` (HTTP: extractors, handlers) -> domain modules (credentials,
//! submission, mfa, verification, ...) -> `state`, `session`, `config`,
//! storage and wire types. Domain modules never import `routes` or `app`;
//! `tests/layering.rs` checks that.

pub mod app;
pub mod cli;
pub mod client_admin;
pub mod clients;
mod clock;
mod code_guesses;
mod code_sends;
pub mod config;
mod credentials;
mod crypto;
mod directory;
pub mod error;
mod files;
pub mod http_layer;
pub mod keys;
pub mod keys_rotate;
pub mod leases;
mod login_identity;
mod login_limit;
mod metrics;
mod mfa;
mod openapi;
pub mod origins;
mod provider;
mod query_bounds;
mod rate_limit;
mod recheck;
mod routes;
mod secret;
pub mod session;
mod sliding_window;
pub mod state;
pub mod store;
mod submission;
mod token_usage;
mod tokens;
mod verification;
mod webhooks;
