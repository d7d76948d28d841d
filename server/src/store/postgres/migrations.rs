//! Versioned schema files (`server/migrations/postgres/NNNN_*.sql`), applied
//! in order at start. Replicas starting together take turns through a
//! session-level advisory lock, so each version is applied exactly once.

use super::Client;
use crate::store::value::Result;

pub const MIGRATIONS: &[&str] = &[include_str!("../../../migrations/postgres/0001_schema.sql")];

/// Any constant will do, as long as nothing else in the database uses it.
const MIGRATION_LOCK: i64 = 0x5543_5f6d_6967;

pub fn migrate(client: &Client) -> Result<()> {
    client.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))?;
    let applied = apply_missing(client);
    let unlocked = client.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"));
    applied.and(unlocked)
}

pub fn applied_version(client: &Client) -> Result<usize> {
    let rows = client.query("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])?;
    rows[0].get(0)
}

fn apply_missing(client: &Client) -> Result<()> {
    client.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")?;
    let applied = applied_version(client)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        client.batch_execute("BEGIN")?;
        let step = client.batch_execute(sql).and_then(|()| {
            client
                .execute(
                    "INSERT INTO schema_version (version) VALUES (?1)",
                    &[crate::store::Value::Int(index as i64 + 1)],
                )
                .map(|_| ())
        });
        match step {
            Ok(()) => client.batch_execute("COMMIT")?,
            Err(error) => {
                let _ = client.batch_execute("ROLLBACK");
                return Err(error);
            }
        }
    }
    Ok(())
}
