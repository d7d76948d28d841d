//! `clients …`: register and manage host apps. Each command prints one JSON
//! document on success; on failure, one `error: …` line and a non-zero exit.

use clap::{ArgGroup, Args, Subcommand};
use serde_json::json;

use super::DataDir;
use crate::clock::{now_unix, rfc3339};
use crate::crypto::Sealer;
use crate::keys::Keys;
use crate::store::Db;
use crate::webhooks::secrets;
use crate::{client_admin, clients};

#[derive(Subcommand, Debug)]
pub enum ClientsCommand {
    /// Register a host app; prints client_id, client_secret and
    /// webhook_signing_secret once.
    Add(AddArgs),
    /// Every client, without secrets.
    List(DataDir),
    /// One client, without secrets.
    Show(ClientArgs),
    /// A new client secret, printed once; the old secret and the access
    /// tokens it minted stop working at once.
    RotateSecret(ClientArgs),
    /// A new webhook signing secret, printed once; webhooks carry both
    /// signatures (space-separated `v1,` entries) until the overlap ends.
    RotateWebhookSecret(RotateWebhookArgs),
    /// Replace the page origins allowed to use the client's connect tokens.
    SetOrigins(SetOriginsArgs),
    /// Point webhooks at another URL, or stop sending them (--clear).
    SetWebhookUrl(SetWebhookUrlArgs),
    /// Delete the client, its tokens, credentials and queued webhooks;
    /// prints how many of each.
    Remove(ClientArgs),
}

#[derive(Args, Debug)]
pub struct AddArgs {
    #[command(flatten)]
    data: DataDir,
    /// A display name for the operator's lists.
    #[arg(long)]
    name: String,
    /// Where webhooks are sent: an absolute http(s) URL.
    #[arg(long, value_name = "URL")]
    webhook_url: Option<String>,
    /// A page origin (scheme://host[:port], e.g. https://app.example.com)
    /// allowed to use this client's connect tokens from a browser; repeat for
    /// several. Browser requests from other origins get 403
    /// origin_not_allowed (the server's own origin, for /connect, always
    /// passes; requests without an Origin header are not browsers and pass).
    /// A client with no allowed origin accepts every origin: fine for
    /// development, register origins in production.
    #[arg(long = "allowed-origin", value_name = "ORIGIN")]
    allowed_origins: Vec<String>,
    /// The app's logo, shown beside its name in the component: an https URL
    /// or a data:image/ URL.
    #[arg(long, value_name = "URL")]
    logo_url: Option<String>,
}

#[derive(Args, Debug)]
pub struct ClientArgs {
    #[command(flatten)]
    data: DataDir,
    #[arg(long, value_name = "ID")]
    client_id: String,
}

#[derive(Args, Debug)]
pub struct RotateWebhookArgs {
    #[command(flatten)]
    client: ClientArgs,
    /// How long the previous secret keeps signing alongside the new one
    /// (0 = the old secret stops at once).
    #[arg(long, value_name = "SECS", default_value_t = 86_400,
          value_parser = clap::value_parser!(u64).range(0..=30 * 86_400))]
    overlap_secs: u64,
}

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("origins").required(true).args(["allowed_origins", "any_origin"])))]
pub struct SetOriginsArgs {
    #[command(flatten)]
    client: ClientArgs,
    /// An allowed page origin; repeat for several.
    #[arg(long = "allowed-origin", value_name = "ORIGIN")]
    allowed_origins: Vec<String>,
    /// Allow every origin (no list). Development only.
    #[arg(long)]
    any_origin: bool,
}

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("target").required(true).args(["webhook_url", "clear"])))]
pub struct SetWebhookUrlArgs {
    #[command(flatten)]
    client: ClientArgs,
    #[arg(long, value_name = "URL")]
    webhook_url: Option<String>,
    /// No webhook URL: events are recorded but not sent.
    #[arg(long)]
    clear: bool,
}

/// Runs one `clients` command and prints its JSON.
pub fn run(command: ClientsCommand) -> Result<(), String> {
    let printed = match command {
        ClientsCommand::Add(args) => add(args)?,
        ClientsCommand::List(data) => {
            let store = Store::open_existing(&data)?;
            let listed = client_admin::list(&store.db.lock(), now_unix())?;
            json!(listed)
        }
        ClientsCommand::Show(args) => {
            let store = Store::open_existing(&args.data)?;
            let shown = client_admin::show(&store.db.lock(), &args.client_id, now_unix())?;
            json!(shown)
        }
        ClientsCommand::RotateSecret(args) => {
            let store = Store::open_existing(&args.data)?;
            let rotated = client_admin::rotate_secret(&store.db.lock(), &args.client_id)?;
            json!({
                "client_id": args.client_id,
                "client_secret": *rotated.client_secret,
                "access_tokens_revoked": rotated.access_tokens_revoked,
            })
        }
        ClientsCommand::RotateWebhookSecret(args) => {
            let store = Store::open_existing(&args.client.data)?;
            let (secret, until) = secrets::rotate(
                &store.db.lock(),
                &store.sealer,
                &args.client.client_id,
                args.overlap_secs as i64,
                now_unix(),
            )?;
            json!({
                "client_id": args.client.client_id,
                "webhook_signing_secret": *secret,
                "previous_secret_valid_until": rfc3339(until),
            })
        }
        ClientsCommand::SetOrigins(args) => {
            let store = Store::open_existing(&args.client.data)?;
            let connection = store.db.lock();
            client_admin::set_origins(&connection, &args.client.client_id, &args.allowed_origins)?;
            json!(client_admin::show(
                &connection,
                &args.client.client_id,
                now_unix()
            )?)
        }
        ClientsCommand::SetWebhookUrl(args) => {
            checked_webhook_url(args.webhook_url.as_deref())?;
            let store = Store::open_existing(&args.client.data)?;
            let connection = store.db.lock();
            client_admin::set_webhook_url(
                &connection,
                &args.client.client_id,
                args.webhook_url.as_deref(),
            )?;
            json!(client_admin::show(
                &connection,
                &args.client.client_id,
                now_unix()
            )?)
        }
        ClientsCommand::Remove(args) => {
            let store = Store::open_existing(&args.data)?;
            let removed = client_admin::remove(&store.db.lock(), &args.client_id)?;
            json!(removed)
        }
    };
    println!("{printed}");
    Ok(())
}

/// `clients add`: values are checked before anything is created, not even
/// the data dir, so a typo leaves no trace.
fn add(args: AddArgs) -> Result<serde_json::Value, String> {
    let name = args.name.trim();
    if name.is_empty() {
        return Err("--name must not be empty".into());
    }
    checked_webhook_url(args.webhook_url.as_deref())?;
    let logo_url = args.logo_url.as_deref().map(str::trim);
    if let Some(url) = logo_url.filter(|url| !is_usable_logo_url(url)) {
        return Err(format!(
            "--logo-url {url:?} must be an https URL or a data:image/ URL"
        ));
    }
    let allowed_origins = clients::validated_origins(&args.allowed_origins)?;
    let store = Store::open(&args.data)?;
    let connection = store.db.lock();
    let created = clients::insert(
        &connection,
        &store.sealer,
        name,
        args.webhook_url.as_deref(),
        &allowed_origins,
        false,
    )
    .map_err(|error| format!("cannot add client: {error}"))?;
    if let Some(url) = logo_url {
        clients::set_logo_url(&connection, &created.client_id, url)
            .map_err(|error| format!("cannot add client: {error}"))?;
    }
    Ok(json!(created))
}

fn checked_webhook_url(url: Option<&str>) -> Result<(), String> {
    match url {
        Some(url) if !super::is_http_url(url) => Err(format!(
            "--webhook-url {url:?} is not an absolute http(s) URL, e.g. https://app.example.com/hooks"
        )),
        _ => Ok(()),
    }
}

/// The protocol's logo rule, and an https logo must also parse as a URL.
fn is_usable_logo_url(url: &str) -> bool {
    protocol::is_usable_logo_url(url)
        && (url
            .get(..5)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("data:"))
            || super::is_http_url(url))
}

/// The database and the sealer, as the server opens them.
struct Store {
    db: Db,
    sealer: Sealer,
}

impl Store {
    fn open(data: &DataDir) -> Result<Store, String> {
        let db = Db::open_at(&data.location())?;
        let keys = Keys::load_or_create(&data.data_dir)?;
        let sealer = keys.sealer();
        secrets::seal_plaintext_rows(&db.lock(), &sealer)
            .map_err(|error| format!("cannot seal webhook secrets: {error}"))?;
        Ok(Store { db, sealer })
    }

    /// Commands other than `add` never create a data dir: a mistyped path is
    /// an error, not a new empty store.
    fn open_existing(data: &DataDir) -> Result<Store, String> {
        data.require_existing()?;
        Store::open(data)
    }
}
