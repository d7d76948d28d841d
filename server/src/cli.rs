//! Command-line parsing, by hand: three subcommands do not justify a parser crate.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::login_limit::LoginLimit;

pub const USAGE: &str = "usage:
  utility-connect-server serve --addr 127.0.0.1:PORT --data-dir DIR [options]
  utility-connect-server clients add --data-dir DIR --name NAME [--webhook-url URL] [--allowed-origin ORIGIN]... [--logo-url URL]

clients add options:
  --webhook-url URL             where webhooks are sent: an absolute http(s) URL
  --allowed-origin ORIGIN       a page origin (scheme://host[:port], e.g. https://app.example.com)
                                allowed to use this client's connect tokens from a browser; repeat
                                for several. Browser requests from other origins get 403
                                origin_not_allowed (the server's own origin, for /connect, always
                                passes; requests without an Origin header are not browsers and pass).
                                A client with no allowed origin accepts every origin: fine for
                                sandbox and development, register origins in production.
  --logo-url URL                the app's logo, shown beside its name in the component: an https
                                URL or a data:image/ URL

serve options:
  --static-dir DIR              serve files from DIR at / (the built demo page and component)
  --demo-host                   mount /demo/* (the demo page's backend for the sandbox client); never in production
  --public-url URL              this server's address as browsers reach it, for connect URLs
                                (default: http://ADDR, the address actually bound)
  --sandbox-delay-ms N          sandbox utility response time; each call takes N ms +/- a third (default 1500; 0 = instant)
  --sandbox-timeout-secs N      how long a `timeout` password stays pending before it verifies (default 60)
  --recheck-interval-secs N     verified credentials are logged into again every N s; a failed re-check
                                revokes them (default 3600). In the sandbox, `change_password` also pulls
                                that credential's next re-check forward to min(N, 5) s from now.
  --webhook-retry-base-ms N     first webhook retry delay; each later one is 4x the previous (+/- 25%),
                                capped at 10 h (default 5000)
  --webhook-max-attempts N      deliveries tried before an event is dead-lettered (default 9: about 18 h)
  --login-failure-limit N       after N rejected verifications of one login (utility + username,
                                any case or surrounding spaces) within the window, from any token or
                                client, its submissions are refused with 429 login_temporarily_locked
                                without asking the utility; a verified login clears its count (default 3)
  --login-failure-window-secs N the window for --login-failure-limit (default 86400: 24 h)

environment:
  UTILITY_CONNECT_MASTER_KEY    64 hex chars; overrides DIR/master.key
  RUST_LOG                      log filter (default info)";

pub enum Command {
    Help,
    Serve(ServeOptions),
    AddClient(AddClientOptions),
}

pub struct ServeOptions {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    /// Files served at `/` (the built demo host page), if any.
    pub static_dir: Option<PathBuf>,
    /// Mount the demo host's own backend route (`/demo/...`), which mints
    /// connect tokens for the sandbox client. Never for production.
    pub demo_host: bool,
    pub public_url: Option<String>,
    pub timing: Timing,
    pub login_limit: LoginLimit,
}

/// Every delay the server waits on, gathered so tests can shrink them.
#[derive(Clone, Debug)]
pub struct Timing {
    pub sandbox_delay: Duration,
    pub sandbox_timeout: Duration,
    pub recheck_interval: Duration,
    pub webhook_retry_base: Duration,
    pub webhook_max_attempts: u32,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            sandbox_delay: Duration::from_millis(1500),
            sandbox_timeout: Duration::from_secs(60),
            recheck_interval: Duration::from_secs(3600),
            webhook_retry_base: Duration::from_millis(5000),
            webhook_max_attempts: 9,
        }
    }
}

pub struct AddClientOptions {
    pub data_dir: PathBuf,
    pub name: String,
    pub webhook_url: Option<String>,
    pub allowed_origins: Vec<String>,
    /// Shown beside the client's name in the component (https or data:image/).
    pub logo_url: Option<String>,
}

pub fn parse(mut args: impl Iterator<Item = String>) -> Result<Command, String> {
    let first = args.next();
    match first.as_deref() {
        None | Some("help" | "--help" | "-h") => Ok(Command::Help),
        Some("serve") => parse_serve(args),
        Some("clients") => match args.next().as_deref() {
            Some("add") => parse_add_client(args),
            other => Err(format!(
                "unknown clients subcommand {:?}",
                other.unwrap_or("")
            )),
        },
        Some(other) => Err(format!("unknown command {other:?}")),
    }
}

fn value(flag: &str, args: &mut impl Iterator<Item = String>) -> Result<String, String> {
    args.next().ok_or_else(|| format!("{flag} needs a value"))
}

fn number(flag: &str, args: &mut impl Iterator<Item = String>, max: u64) -> Result<u64, String> {
    let text = value(flag, args)?;
    match text.parse::<u64>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(format!(
            "{flag} {text:?} is not a whole number from 0 to {max}"
        )),
    }
}

fn parse_serve(mut args: impl Iterator<Item = String>) -> Result<Command, String> {
    const DAY_SECS: u64 = 86_400;
    let mut addr = None;
    let mut data_dir = None;
    let mut static_dir = None;
    let mut demo_host = false;
    let mut public_url = None;
    let mut timing = Timing::default();
    let mut login_limit = LoginLimit::default();
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--addr" => {
                let text = value(&flag, &mut args)?;
                addr = Some(
                    text.parse()
                        .map_err(|_| format!("--addr {text:?} is not HOST:PORT"))?,
                );
            }
            "--data-dir" => data_dir = Some(PathBuf::from(value(&flag, &mut args)?)),
            "--static-dir" => static_dir = Some(PathBuf::from(value(&flag, &mut args)?)),
            "--demo-host" => demo_host = true,
            "--public-url" => {
                let url = value(&flag, &mut args)?;
                if !is_http_url(&url) {
                    return Err(format!("--public-url {url:?} is not an http(s) URL"));
                }
                public_url = Some(url.trim_end_matches('/').to_string());
            }
            "--sandbox-delay-ms" => {
                timing.sandbox_delay = Duration::from_millis(number(&flag, &mut args, 60_000)?)
            }
            "--sandbox-timeout-secs" => {
                timing.sandbox_timeout = Duration::from_secs(number(&flag, &mut args, DAY_SECS)?)
            }
            "--recheck-interval-secs" => {
                let secs = number(&flag, &mut args, 30 * DAY_SECS)?;
                if secs == 0 {
                    return Err("--recheck-interval-secs must be at least 1".into());
                }
                timing.recheck_interval = Duration::from_secs(secs);
            }
            "--webhook-retry-base-ms" => {
                let ms = number(&flag, &mut args, 3_600_000)?;
                if ms == 0 {
                    return Err("--webhook-retry-base-ms must be at least 1".into());
                }
                timing.webhook_retry_base = Duration::from_millis(ms);
            }
            "--webhook-max-attempts" => {
                let n = number(&flag, &mut args, 30)?;
                if n == 0 {
                    return Err("--webhook-max-attempts must be at least 1".into());
                }
                timing.webhook_max_attempts = n as u32;
            }
            "--login-failure-limit" => {
                let n = number(&flag, &mut args, 1000)?;
                if n == 0 {
                    return Err("--login-failure-limit must be at least 1".into());
                }
                login_limit.failures = n as u32;
            }
            "--login-failure-window-secs" => {
                let secs = number(&flag, &mut args, 30 * DAY_SECS)?;
                if secs == 0 {
                    return Err("--login-failure-window-secs must be at least 1".into());
                }
                login_limit.window = Duration::from_secs(secs);
            }
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    Ok(Command::Serve(ServeOptions {
        addr: addr.unwrap_or_else(|| "127.0.0.1:8787".parse().expect("literal address")),
        data_dir: data_dir.ok_or("--data-dir is required")?,
        static_dir,
        demo_host,
        public_url,
        timing,
        login_limit,
    }))
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

fn parse_add_client(mut args: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut data_dir = None;
    let mut name = None;
    let mut webhook_url = None;
    let mut allowed_origins = Vec::new();
    let mut logo_url = None;
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--data-dir" => data_dir = Some(PathBuf::from(value(&flag, &mut args)?)),
            "--name" => name = Some(value(&flag, &mut args)?),
            // Values are checked by `clients::add_from_cli`, which reports
            // them in one line.
            "--webhook-url" => webhook_url = Some(value(&flag, &mut args)?),
            "--allowed-origin" => allowed_origins.push(value(&flag, &mut args)?),
            "--logo-url" => logo_url = Some(value(&flag, &mut args)?),
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    let name = name.ok_or("--name is required")?;
    if name.trim().is_empty() {
        return Err("--name must not be empty".into());
    }
    Ok(Command::AddClient(AddClientOptions {
        data_dir: data_dir.ok_or("--data-dir is required")?,
        name,
        webhook_url,
        allowed_origins,
        logo_url,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serve(args: &[&str]) -> Result<ServeOptions, String> {
        let all = ["serve", "--data-dir", "d"]
            .iter()
            .chain(args)
            .map(|s| s.to_string());
        match parse(all)? {
            Command::Serve(options) => Ok(options),
            _ => Err("not serve".into()),
        }
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
        assert_eq!(LoginLimit::default().window, Duration::from_secs(86_400));
        let set = serve(&[
            "--login-failure-limit",
            "5",
            "--login-failure-window-secs",
            "2",
        ])
        .unwrap()
        .login_limit;
        assert_eq!(
            set,
            LoginLimit {
                failures: 5,
                window: Duration::from_secs(2)
            }
        );
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
            &["--login-failure-window-secs", "0"],
            &["--login-failure-window-secs", "99999999"],
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
