//! `utility-connect-server`: the command line over the library: parse the
//! arguments, then serve or run an operator command.

use std::process::ExitCode;

use utility_connect_server::{app, cli};

/// Runtime workers when serving from PostgreSQL: a handler waits for its
/// statements on its worker thread (the storage seam is synchronous), and a
/// network round trip is far longer than SQLite's local read, so more
/// workers keep the cores busy meanwhile. SQLite keeps tokio's default.
const POSTGRES_WORKERS: usize = 16;

fn main() -> ExitCode {
    install_panic_hook();
    let command = match cli::parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(error) => {
            // clap's own message: help on stdout (exit 0), or the flag error
            // on stderr (exit 2).
            let _ = error.print();
            return ExitCode::from(error.exit_code() as u8);
        }
    };
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    runtime.enable_all();
    if command.serves_from_postgres() {
        runtime.worker_threads(POSTGRES_WORKERS);
    }
    let runtime = match runtime.build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(command)) {
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
        cli::Command::Serve(options) => app::serve(options).await,
        cli::Command::Clients(command) => cli::clients::run(command),
        cli::Command::Keys(command) => cli::keys::run(command),
        cli::Command::MigrateStore(args) => cli::migrate_store(&args),
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
