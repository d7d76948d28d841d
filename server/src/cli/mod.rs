//! The command line, declared with `clap` (derive): `serve`, `clients …`.
//! Every subcommand has `--help`. Flag errors print clap's message and exit
//! 2; errors found while running (a bad data dir, an unknown client) are one
//! `error: …` line and exit 1 (see `main.rs`).

pub mod clients;
pub mod keys;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{LoginLimit, Timing};

const DAY_SECS: u64 = 86_400;

#[derive(Parser, Debug)]
#[command(
    name = "utility-connect-server",
    version,
    about = "The Utility Connect API server and its operator commands",
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: CliCommand,
}

#[derive(Subcommand, Debug)]
enum CliCommand {
    /// Run the Connect API server.
    Serve(ServeArgs),
    /// Register and manage host apps ("clients"). Output is JSON.
    #[command(subcommand)]
    Clients(clients::ClientsCommand),
    /// Master key versions: status, rotate, retire, check. Output is JSON.
    #[command(subcommand)]
    Keys(keys::KeysCommand),
    /// Copy a SQLite data dir's store into an empty PostgreSQL database
    /// (sealed values as they are: keep the same master key). Output is JSON.
    MigrateStore(MigrateStoreArgs),
}

#[derive(Args, Debug)]
pub struct MigrateStoreArgs {
    /// The data dir holding connect.sqlite3.
    #[arg(long, value_name = "DIR")]
    pub from: PathBuf,
    /// The empty PostgreSQL database (postgres://user@host:port/db).
    #[arg(long, value_name = "URL", value_parser = postgres_url)]
    pub to: String,
}

/// `migrate-store`: the rows copied per table, as JSON.
pub fn migrate_store(args: &MigrateStoreArgs) -> Result<(), String> {
    if !crate::store::Db::exists(&args.from) {
        return Err(format!("no database in {}", args.from.display()));
    }
    let from = crate::store::Db::open(&args.from)?;
    let to = crate::store::Db::connect(&args.to)?;
    let copied = crate::store::copy::copy(&from, &to)?;
    let rows: serde_json::Map<String, serde_json::Value> = copied
        .into_iter()
        .map(|(table, rows)| (table.to_string(), rows.into()))
        .collect();
    println!("{}", serde_json::json!({ "copied_rows": rows }));
    Ok(())
}

/// A flag given twice takes its last value, so scripts can override defaults.
#[derive(Args, Debug)]
#[command(args_override_self = true)]
struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the log says which).
    #[arg(long, default_value = "127.0.0.1:8787")]
    addr: SocketAddr,
    #[command(flatten)]
    data: DataDir,
    /// Serve files from DIR at / (the built demo page and component).
    #[arg(long, value_name = "DIR")]
    static_dir: Option<PathBuf>,
    /// Sandbox mode: create the sandbox client ("Demo Energy App", any origin)
    /// on first start and mount /sandbox/*. Without it the sandbox client of
    /// an existing data dir is refused and /sandbox/* answers 404.
    #[arg(long)]
    sandbox: bool,
    /// Mount /demo/* (the demo page's backend for the sandbox client); never in production.
    #[arg(long, requires = "sandbox")]
    demo_host: bool,
    /// This server's address as browsers reach it, for connect URLs
    /// (default: http://ADDR, the address actually bound).
    #[arg(long, value_name = "URL", value_parser = public_url)]
    public_url: Option<String>,
    /// Sandbox utility response time: each call takes N ms +/- a third (0 = instant).
    #[arg(long, value_name = "N", default_value_t = 1500,
          value_parser = clap::value_parser!(u64).range(0..=60_000))]
    sandbox_delay_ms: u64,
    /// How long a `timeout` password stays pending before it verifies.
    #[arg(long, value_name = "N", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(0..=DAY_SECS))]
    sandbox_timeout_secs: u64,
    /// Verified credentials are logged into again every N s; a failed re-check
    /// revokes them. In the sandbox, `change_password` also pulls that
    /// credential's next re-check forward to min(N, 5) s from now.
    #[arg(long, value_name = "N", default_value_t = 3600,
          value_parser = clap::value_parser!(u64).range(1..=30 * DAY_SECS))]
    recheck_interval_secs: u64,
    /// First webhook retry delay; each later one is 4x the previous (+/- 25%), capped at 10 h.
    #[arg(long, value_name = "N", default_value_t = 5000,
          value_parser = clap::value_parser!(u64).range(1..=3_600_000))]
    webhook_retry_base_ms: u64,
    /// Deliveries tried before an event is dead-lettered (9: about 18 h).
    #[arg(long, value_name = "N", default_value_t = 9,
          value_parser = clap::value_parser!(u32).range(1..=30))]
    webhook_max_attempts: u32,
    /// After N rejected verifications of one login (utility + username,
    /// folded as SECURITY.md describes) within the window through one
    /// client, that client's submissions of it are refused with 429
    /// login_temporarily_locked without asking the utility; a verified login
    /// clears that client's count.
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    login_failure_limit: u32,
    /// The same over all clients together: the most rejections the utility
    /// ever sees for one login in the window; set it below the utility's own
    /// lockout.
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    login_failure_global_limit: u32,
    /// The window for --login-failure-limit.
    #[arg(long, value_name = "N", default_value_t = DAY_SECS,
          value_parser = clap::value_parser!(u64).range(1..=30 * DAY_SECS))]
    login_failure_window_secs: u64,
    /// The operator's provider service (https; http only for a loopback
    /// host): every utility interaction goes there, signed with the provider
    /// secret. Without it, logins are checked by the built-in sandbox utility.
    #[arg(long, value_name = "URL", conflicts_with = "sandbox")]
    provider_url: Option<String>,
    /// A file holding the provider secret (whsec_…); or set
    /// UTILITY_CONNECT_PROVIDER_SECRET.
    #[arg(long, value_name = "FILE", requires = "provider_url")]
    provider_secret_file: Option<PathBuf>,
    /// How long one provider call may take before it is retried (twice),
    /// then counted as the `error` outcome.
    #[arg(long, value_name = "N", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=120))]
    provider_timeout_secs: u64,
    /// How long a replica's hold on a job (a verification, a webhook
    /// delivery) outlives the replica: after a kill -9, another replica
    /// takes the job over this long after the last renewal.
    #[arg(long, value_name = "N", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(2..=3600))]
    work_lease_secs: u64,
    /// Log lines as text or as one JSON object per line.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
}

/// `--data-dir` and `--database-url`, shared by every command that opens the store.
#[derive(Args, Debug, Clone)]
pub struct DataDir {
    /// The directory holding the database and the master key.
    #[arg(long, value_name = "DIR")]
    pub data_dir: PathBuf,
    /// Keep the store in this PostgreSQL database (postgres://user@host:port/db)
    /// instead of SQLite in the data dir; every replica names the same one.
    /// The master key still comes from the data dir or UTILITY_CONNECT_MASTER_KEY.
    #[arg(long, value_name = "URL", value_parser = postgres_url)]
    pub database_url: Option<String>,
}

impl DataDir {
    pub fn location(&self) -> crate::store::Location {
        match &self.database_url {
            Some(url) => crate::store::Location::Postgres(url.clone()),
            None => crate::store::Location::DataDir(self.data_dir.clone()),
        }
    }

    /// Commands that manage a store never create one: a mistyped path is an
    /// error, not a new empty store. (A PostgreSQL database is created by its
    /// operator; only its schema is created here.)
    pub fn require_existing(&self) -> Result<(), String> {
        let holds_the_store = match self.database_url {
            // The store is elsewhere; the data dir must still hold its key,
            // or a mistyped path would mint a new key that opens nothing.
            Some(_) => {
                std::env::var_os(crate::keys::KEY_ENV_VAR).is_some()
                    || crate::keys::Keys::exist_in(&self.data_dir)
            }
            None => crate::store::Db::exists(&self.data_dir),
        };
        if holds_the_store {
            Ok(())
        } else {
            Err(match self.database_url {
                Some(_) => format!(
                    "no master.key in {} and no {}; is --data-dir the server's?",
                    self.data_dir.display(),
                    crate::keys::KEY_ENV_VAR
                ),
                None => format!(
                    "no database in {}; is --data-dir the server's?",
                    self.data_dir.display()
                ),
            })
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// A parsed command line.
pub enum Command {
    Serve(ServeOptions),
    Clients(clients::ClientsCommand),
    Keys(keys::KeysCommand),
    MigrateStore(MigrateStoreArgs),
}

impl Command {
    pub fn serves_from_postgres(&self) -> bool {
        matches!(self, Command::Serve(options) if matches!(options.store, crate::store::Location::Postgres(_)))
    }
}

pub struct ServeOptions {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    /// Where the store lives: SQLite in `data_dir`, or PostgreSQL.
    pub store: crate::store::Location,
    /// Files served at `/` (the built demo host page), if any.
    pub static_dir: Option<PathBuf>,
    /// The sandbox client and `/sandbox/*` exist only in sandbox mode.
    pub sandbox: bool,
    /// Mount the demo host's own backend route (`/demo/...`), which mints
    /// connect tokens for the sandbox client. Never for production.
    pub demo_host: bool,
    pub public_url: Option<String>,
    pub timing: Timing,
    pub login_limit: LoginLimit,
    pub log_format: LogFormat,
    pub work_lease: Duration,
    pub provider: Option<RemoteProvider>,
}

/// `--provider-url` and how to reach it; the secret is read at start.
pub struct RemoteProvider {
    pub url: String,
    pub secret_file: Option<PathBuf>,
    pub timeout: Duration,
}

/// Parses the arguments after the program name. `Err` carries clap's
/// message (or the help text); `main` prints it with clap's exit code.
pub fn parse(args: impl Iterator<Item = String>) -> Result<Command, clap::Error> {
    let cli =
        Cli::try_parse_from(std::iter::once("utility-connect-server".to_string()).chain(args))?;
    Ok(match cli.command {
        CliCommand::Serve(args) => Command::Serve(args.into_options()),
        CliCommand::Clients(command) => Command::Clients(command),
        CliCommand::Keys(command) => Command::Keys(command),
        CliCommand::MigrateStore(args) => Command::MigrateStore(args),
    })
}

impl ServeArgs {
    fn into_options(self) -> ServeOptions {
        ServeOptions {
            addr: self.addr,
            store: self.data.location(),
            data_dir: self.data.data_dir,
            static_dir: self.static_dir,
            sandbox: self.sandbox,
            demo_host: self.demo_host,
            public_url: self.public_url,
            timing: Timing {
                sandbox_delay: Duration::from_millis(self.sandbox_delay_ms),
                sandbox_timeout: Duration::from_secs(self.sandbox_timeout_secs),
                recheck_interval: Duration::from_secs(self.recheck_interval_secs),
                webhook_retry_base: Duration::from_millis(self.webhook_retry_base_ms),
                webhook_max_attempts: self.webhook_max_attempts,
            },
            login_limit: LoginLimit {
                failures: self.login_failure_limit,
                global_failures: self.login_failure_global_limit,
                window: Duration::from_secs(self.login_failure_window_secs),
            },
            log_format: self.log_format,
            work_lease: Duration::from_secs(self.work_lease_secs),
            provider: self.provider_url.map(|url| RemoteProvider {
                url,
                secret_file: self.provider_secret_file,
                timeout: Duration::from_secs(self.provider_timeout_secs),
            }),
        }
    }
}

fn postgres_url(text: &str) -> Result<String, String> {
    if text.starts_with("postgres://") || text.starts_with("postgresql://") {
        Ok(text.to_string())
    } else {
        Err("not a postgres:// URL".into())
    }
}

fn public_url(text: &str) -> Result<String, String> {
    if is_http_url(text) {
        Ok(text.trim_end_matches('/').to_string())
    } else {
        Err("not an absolute http(s) URL".into())
    }
}

/// An absolute http(s) URL with a host, parsed as reqwest (which sends the
/// webhooks) will parse it. The literal `://host` is required because the
/// URL standard also reads `http:host` and `http:///host` as `http://host`.
pub fn is_http_url(text: &str) -> bool {
    let literal_scheme = text.split_once("://").is_some_and(|(scheme, rest)| {
        (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
            && !rest.starts_with(['/', '\\'])
    });
    literal_scheme
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        && reqwest::Url::parse(text).is_ok_and(|url| url.host_str().is_some_and(|h| !h.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serve(args: &[&str]) -> Result<ServeOptions, clap::Error> {
        let all = ["serve", "--data-dir", "d"]
            .iter()
            .chain(args)
            .map(|s| s.to_string());
        match parse(all)? {
            Command::Serve(options) => Ok(options),
            _ => panic!("not serve"),
        }
    }

    #[test]
    fn the_declaration_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn timing_flags_parse_and_default() {
        let defaults = serve(&[]).unwrap().timing;
        assert_eq!(defaults.sandbox_delay, Duration::from_millis(1500));
        assert_eq!(defaults.recheck_interval, Duration::from_secs(3600));
        let set = serve(&[
            "--sandbox-delay-ms",
            "0",
            "--recheck-interval-secs",
            "2",
            "--webhook-max-attempts",
            "3",
        ])
        .unwrap()
        .timing;
        assert_eq!(set.sandbox_delay, Duration::ZERO);
        assert_eq!(set.recheck_interval, Duration::from_secs(2));
        assert_eq!(set.webhook_max_attempts, 3);
    }

    #[test]
    fn login_limit_flags_parse_and_default() {
        assert_eq!(serve(&[]).unwrap().login_limit, LoginLimit::default());
        assert_eq!(LoginLimit::default().failures, 3);
        assert_eq!(LoginLimit::default().global_failures, 5);
        assert_eq!(LoginLimit::default().window, Duration::from_secs(86_400));
        let set = serve(&[
            "--login-failure-limit",
            "5",
            "--login-failure-window-secs",
            "2",
            "--login-failure-global-limit",
            "9",
        ])
        .unwrap()
        .login_limit;
        assert_eq!(
            set,
            LoginLimit {
                failures: 5,
                global_failures: 9,
                window: Duration::from_secs(2)
            }
        );
    }

    #[test]
    fn a_repeated_flag_takes_its_last_value() {
        let options = serve(&["--sandbox-delay-ms", "30", "--sandbox-delay-ms", "0"]).unwrap();
        assert_eq!(options.timing.sandbox_delay, Duration::ZERO);
    }

    #[test]
    fn sandbox_is_off_unless_asked_and_the_demo_host_needs_it() {
        assert!(!serve(&[]).unwrap().sandbox);
        assert!(serve(&["--sandbox"]).unwrap().sandbox);
        assert!(serve(&["--demo-host"]).is_err());
        assert!(serve(&["--sandbox", "--demo-host"]).unwrap().demo_host);
    }

    #[test]
    fn bad_values_are_clear_errors() {
        for args in [
            &["--sandbox-delay-ms", "-1"][..],
            &["--sandbox-delay-ms", "lots"],
            &["--recheck-interval-secs", "0"],
            &["--webhook-max-attempts", "0"],
            &["--public-url", "ftp://x"],
            &["--sandbox-timeout-secs"],
            &["--login-failure-limit", "0"],
            &["--login-failure-global-limit", "0"],
            &["--login-failure-window-secs", "0"],
            &["--login-failure-window-secs", "99999999"],
            &["--log-format", "xml"],
        ] {
            assert!(serve(args).is_err(), "{args:?}");
        }
    }

    #[test]
    fn urls() {
        assert!(is_http_url("http://127.0.0.1:9/hook"));
        assert!(is_http_url("https://example.com"));
        assert!(!is_http_url("http://"));
        assert!(!is_http_url("file:///etc/passwd"));
        assert!(!is_http_url("http://a b"));
        assert!(is_http_url("HTTPS://Example.com/hooks?x=1"));
        assert!(is_http_url("http://[::1]:9/hook"));
        for bad in [
            "http:example.com",
            "http:/example.com",
            "/hooks",
            "example.com/hooks",
            "https:///x",
            "http://host:99999/",
            "https://a\tb",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
    }
}
