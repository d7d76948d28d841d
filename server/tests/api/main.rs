//! Integration tests: each starts the real `utility-connect-server` binary
//! on a free loopback port with a temporary data dir and drives it over HTTP.

mod common;

mod auth;
mod code_sends;
mod connect_flow;
mod demo;
mod headers;
mod http_errors;
mod lifecycle;
mod limits;
mod login_limit;
mod login_scope;
mod openapi;
mod origins;
mod robustness;
mod secrets;
mod spec_agreement;
mod startup;
mod throttling;
mod token_client;
mod utilities;
mod webhooks;
