//! `utility-connect-server`: the Connect API with its sandbox utility provider.

mod app;
mod cli;
mod clients;
mod db;
mod demo_host;
mod error;
mod keys;
mod tokens;

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
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
