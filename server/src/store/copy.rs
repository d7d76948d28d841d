//! `migrate-store`: a SQLite data dir's rows into an empty PostgreSQL
//! database, values as they are (sealed secrets stay sealed with the same
//! master key), in one transaction.

use super::{Db, Dialect, Value};

/// Parents before children (foreign keys), and every column the two
/// schemas share. Leases are not copied: no process holds them any more.
const TABLES: &[(&str, &str)] = &[
    ("clients", "id, name, secret_hash, webhook_url, webhook_signing_secret, allowed_origins, is_sandbox, created_at, webhook_secret_sealed, webhook_secret_previous_sealed, webhook_secret_previous_until, logo_url"),
    ("access_tokens", "token_hash, client_id, expires_at"),
    ("utility_credentials", "id, client_id, client_user_id, utility_id, status, stage, generation, due_at_ms, secret, provider_state, submitted_by, mfa, created_at_ms, updated_at_ms, verification_updated_at_ms"),
    ("connect_tokens", "jti, client_id, credential_id, submissions, wrong_codes, spent, expires_at"),
    ("webhook_outbox", "seq, id, client_id, event_type, credential_id, payload, created_at_ms, state, attempts, next_attempt_at_ms, last_attempt_at_ms, last_response_status, last_error, delivered_at_ms"),
    ("sandbox_changed_passwords", "login_digest, changed_at_ms"),
    ("login_failures", "login_key, failed_at_ms, client_id, kind, counts_globally"),
    ("code_sends", "credential_id, jti, sent_at_ms"),
];

/// Rows copied per table.
pub fn copy(from: &Db, to: &Db) -> Result<Vec<(&'static str, usize)>, String> {
    if from.dialect() != Dialect::Sqlite || to.dialect() != Dialect::Postgres {
        return Err("migrate-store copies a SQLite data dir into PostgreSQL".into());
    }
    let source = from.lock();
    let target = to.lock();
    for (table, _) in TABLES {
        let rows: i64 = target
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| {
                row.get(0)
            })
            .map_err(|error| error.to_string())?;
        if rows > 0 {
            return Err(format!(
                "the target database is not empty ({table} has {rows} rows); migrate-store only fills an empty one"
            ));
        }
    }
    let transaction = target.unchecked_transaction().map_err(|e| e.to_string())?;
    let mut copied = Vec::new();
    for (table, columns) in TABLES {
        let rows = source
            .query(&format!("SELECT {columns} FROM {table}"), [])
            .map_err(|error| format!("cannot read {table}: {error}"))?;
        let width = columns.split(',').count();
        let placeholders: Vec<String> = (1..=width).map(|n| format!("?{n}")).collect();
        let insert = format!(
            "INSERT INTO {table} ({columns}) OVERRIDING SYSTEM VALUE VALUES ({})",
            placeholders.join(", ")
        );
        for row in &rows {
            let values: Vec<Value> = (0..width)
                .map(|column| row.get::<_, Value>(column))
                .collect::<Result<_, _>>()
                .map_err(|error| error.to_string())?;
            transaction
                .execute(&insert, values)
                .map_err(|error| format!("cannot write {table}: {error}"))?;
        }
        copied.push((*table, rows.len()));
    }
    // Identity columns continue after the copied ids.
    for (table, column) in [("utility_credentials", "id"), ("webhook_outbox", "seq")] {
        transaction
            .execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', '{column}'),
                                   COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
                ),
                [],
            )
            .map_err(|error| error.to_string())?;
    }
    transaction.commit().map_err(|error| error.to_string())?;
    Ok(copied)
}
