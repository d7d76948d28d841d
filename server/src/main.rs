//! `utility-connect-server`: the Connect API with its sandbox utility provider.

mod app;
mod cli;
mod clients;
mod clock;
mod code_sends;
mod credentials;
mod crypto;
mod db;
mod demo_host;
mod directory;
mod error;
mod http_layer;
#[cfg(test)]
mod input_props;
mod keys;
mod known_client;
mod login_identity;
mod login_limit;
mod mfa;
mod openapi;
mod origins;
mod provider;
mod query_bounds;
mod rate_limit;
mod recheck;
mod routes;
mod secret;
mod sliding_window;
mod submission;
mod token_usage;
mod tokens;
mod verification;
mod webhooks;

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    install_panic_hook();
    let command = match cli::parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("error: {message}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    match run(command).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // One clear line: operators read this, not a backtrace.
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: cli::Command) -> Result<(), String> {
    match command {
        cli::Command::Help => {
            println!("{}", cli::USAGE);
            Ok(())
        }
        cli::Command::Serve(options) => app::serve(options).await,
        cli::Command::AddClient(options) => clients::add_from_cli(options),
    }
}

/// Reports where a panic happened but not what it said, unless the message
/// is a string literal: a formatted message may have been built from request
/// data, and a password must not reach the log that way.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&'static str>()
            .copied()
            .unwrap_or("[formatted message withheld]");
        tracing::error!("panic at {location}: {message}");
        eprintln!("panic at {location}: {message}");
    }));
}
