//! Integration tests: each starts the real `utility-connect-server` binary
//! on a free loopback port with a temporary data dir and drives it over HTTP.

mod common;

mod auth;
mod connect_flow;
mod demo;
mod frame;
mod headers;
mod lifecycle;
mod limits;
mod login_limit;
mod openapi;
mod origins;
mod robustness;
mod secrets;
mod startup;
mod utilities;
mod webhooks;
