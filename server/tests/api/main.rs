//! Integration tests: each starts the server with a temporary data dir and
//! drives it over HTTP, most in this process (`Server::start`), a few as the
//! real binary (`Server::start_binary`; see `common`).

mod common;
#[path = "../pg_support/mod.rs"]
mod pg_support;

mod auth;
mod code_sends;
mod connect_flow;
mod data_dir;
mod demo;
mod frame;
mod headers;
mod http_errors;
mod keys;
mod lifecycle;
mod limits;
mod login_limit;
mod login_scope;
mod metrics;
mod openapi;
mod operator;
mod origins;
mod provider;
mod replicas;
mod robustness;
mod secrets;
mod shutdown;
mod spec_agreement;
mod startup;
mod throttling;
mod token_client;
mod utilities;
mod webhooks;
