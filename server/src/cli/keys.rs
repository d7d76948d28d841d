//! `keys …`: master key versions for secrets at rest. Stop the server
//! before `rotate` and `retire`: a running server holds the key versions it
//! started with.

use clap::{Args, Subcommand};
use serde_json::json;

use super::DataDir;
use crate::keys::Keys;
use crate::keys_rotate;
use crate::store::Db;

#[derive(Subcommand, Debug)]
pub enum KeysCommand {
    /// How many sealed values use each master key version.
    Status(DataDir),
    /// Add a master key version and re-encrypt every sealed value with it,
    /// in batches (each its own transaction). Interrupted? Run it again
    /// with --resume.
    Rotate(RotateArgs),
    /// Delete an old key version's file; refused while values use it.
    Retire(RetireArgs),
    /// Open every sealed value with the keys held; prints how many opened
    /// and how many failed.
    Check(DataDir),
}

#[derive(Args, Debug)]
pub struct RotateArgs {
    #[command(flatten)]
    data: DataDir,
    /// Values re-encrypted per transaction.
    #[arg(long, value_name = "N", default_value_t = 500,
          value_parser = clap::value_parser!(u64).range(1..=100_000))]
    batch_size: u64,
    /// Continue an interrupted rotation: no new version, only re-encrypt
    /// what older versions still seal.
    #[arg(long)]
    resume: bool,
    /// Stop after N batches (spread a large rotation over several runs).
    #[arg(long, value_name = "N")]
    max_batches: Option<u64>,
}

#[derive(Args, Debug)]
pub struct RetireArgs {
    #[command(flatten)]
    data: DataDir,
    #[arg(long, value_name = "N")]
    version: u8,
}

pub fn run(command: KeysCommand) -> Result<(), String> {
    let printed = match command {
        KeysCommand::Status(data) => {
            let (db, keys) = open(&data)?;
            json!(status(&db, &keys)?)
        }
        KeysCommand::Check(data) => {
            let (db, keys) = open(&data)?;
            let checked =
                keys_rotate::check(&db.lock(), &keys.sealer()).map_err(|e| e.to_string())?;
            if checked.failed > 0 {
                return Err(format!(
                    "{} of {} sealed values do not decrypt with the key versions held",
                    checked.failed,
                    checked.failed + checked.opened
                ));
            }
            json!(checked)
        }
        KeysCommand::Rotate(args) => {
            let (db, _) = open(&args.data)?;
            let added = if args.resume {
                None
            } else {
                Some(Keys::add_version(&args.data.data_dir)?)
            };
            let keys = Keys::load_or_create(&args.data.data_dir)?;
            let sealer = keys.sealer();
            let mut rewrapped = 0;
            let mut batches = 0;
            loop {
                if args.max_batches.is_some_and(|max| batches >= max) {
                    break;
                }
                let done =
                    keys_rotate::rewrap_batch(&db.lock(), &sealer, args.batch_size as usize)?;
                if done == 0 {
                    break;
                }
                rewrapped += done;
                batches += 1;
            }
            json!({
                "added_version": added,
                "rewrapped": rewrapped,
                "status": status(&db, &keys)?,
            })
        }
        KeysCommand::Retire(args) => {
            let (db, keys) = open(&args.data)?;
            let status = status(&db, &keys)?;
            if let Some(count) = status.sealed_values.get(&args.version).filter(|n| **n > 0) {
                return Err(format!(
                    "key version {} still seals {count} values; run `keys rotate --resume` first",
                    args.version
                ));
            }
            Keys::remove_version(&args.data.data_dir, args.version)?;
            json!({ "retired_version": args.version })
        }
    };
    println!("{printed}");
    Ok(())
}

fn open(data: &DataDir) -> Result<(Db, Keys), String> {
    data.require_existing()?;
    Ok((
        Db::open_at(&data.location())?,
        Keys::load_or_create(&data.data_dir)?,
    ))
}

fn status(db: &Db, keys: &Keys) -> Result<keys_rotate::Status, String> {
    keys_rotate::status(&db.lock(), &keys.sealer(), keys.versions()).map_err(|e| e.to_string())
}
