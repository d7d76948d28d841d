//! The SQLite schema: opening the file with its durability settings, and the
//! migrations, applied in order at open.

use std::path::Path;

use rusqlite::Connection;

pub const DB_FILE: &str = "connect.sqlite3";

/// Schema versions, applied in order; a version is never edited once shipped.
pub const MIGRATIONS: &[&str] = &[
    // 1: host apps and their access tokens.
    "CREATE TABLE clients (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        secret_hash BLOB NOT NULL,
        webhook_url TEXT,
        webhook_signing_secret TEXT NOT NULL,
        allowed_origins TEXT NOT NULL DEFAULT '[]',
        is_sandbox INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX one_sandbox_client ON clients(is_sandbox) WHERE is_sandbox = 1;
    CREATE TABLE access_tokens (
        token_hash BLOB PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients(id),
        expires_at INTEGER NOT NULL
    );",
    // 2: utility credentials, per-token attempt counters, the webhook outbox
    // and the sandbox utility's own record of changed passwords.
    "CREATE TABLE utility_credentials (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id TEXT NOT NULL REFERENCES clients(id),
        client_user_id TEXT NOT NULL,
        utility_id INTEGER NOT NULL,
        status TEXT NOT NULL,
        stage TEXT NOT NULL,
        generation INTEGER NOT NULL,
        due_at_ms INTEGER,
        claimed INTEGER NOT NULL DEFAULT 0,
        secret BLOB NOT NULL,
        provider_state BLOB,
        submitted_by TEXT,
        mfa TEXT,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        verification_updated_at_ms INTEGER NOT NULL
    );
    CREATE INDEX utility_credentials_by_user ON utility_credentials(client_id, client_user_id);
    CREATE INDEX utility_credentials_due ON utility_credentials(due_at_ms) WHERE due_at_ms IS NOT NULL;
    CREATE TABLE connect_tokens (
        jti TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients(id),
        credential_id INTEGER REFERENCES utility_credentials(id),
        submissions INTEGER NOT NULL DEFAULT 0,
        wrong_codes INTEGER NOT NULL DEFAULT 0,
        spent INTEGER NOT NULL DEFAULT 0,
        expires_at INTEGER NOT NULL
    );
    CREATE TABLE webhook_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        client_id TEXT NOT NULL REFERENCES clients(id),
        event_type TEXT NOT NULL,
        credential_id INTEGER,
        payload TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at_ms INTEGER,
        claimed INTEGER NOT NULL DEFAULT 0,
        last_attempt_at_ms INTEGER,
        last_response_status INTEGER,
        last_error TEXT,
        delivered_at_ms INTEGER
    );
    CREATE INDEX webhook_outbox_due ON webhook_outbox(next_attempt_at_ms) WHERE state = 'pending';
    CREATE INDEX webhook_outbox_by_client ON webhook_outbox(client_id, state, seq);
    CREATE TABLE sandbox_changed_passwords (
        login_digest BLOB PRIMARY KEY,
        changed_at_ms INTEGER NOT NULL
    );",
    // 3: failed verifications per login (utility + username, as a keyed hash).
    "CREATE TABLE login_failures (
        login_key BLOB NOT NULL,
        failed_at_ms INTEGER NOT NULL
    );
    CREATE INDEX login_failures_by_key ON login_failures(login_key, failed_at_ms);",
    // 4: login failures per client and by kind (password or one-time code),
    // and every one-time code sent, for the send limits.
    "ALTER TABLE login_failures ADD COLUMN client_id TEXT;
    ALTER TABLE login_failures ADD COLUMN kind TEXT NOT NULL DEFAULT 'password';
    ALTER TABLE login_failures ADD COLUMN counts_globally INTEGER NOT NULL DEFAULT 1;
    CREATE TABLE code_sends (
        credential_id INTEGER NOT NULL,
        jti TEXT NOT NULL,
        sent_at_ms INTEGER NOT NULL
    );
    CREATE INDEX code_sends_by_credential ON code_sends(credential_id, sent_at_ms);
    CREATE INDEX code_sends_by_token ON code_sends(jti, sent_at_ms);",
    // 5: webhook signing secrets sealed (the plaintext column is emptied at
    // start, `webhooks::secrets::seal_plaintext_rows`), and the previous
    // secret kept through a rotation's overlap window.
    "ALTER TABLE clients ADD COLUMN webhook_secret_sealed BLOB;
    ALTER TABLE clients ADD COLUMN webhook_secret_previous_sealed BLOB;
    ALTER TABLE clients ADD COLUMN webhook_secret_previous_until INTEGER;",
    // 6: an optional logo per client, shown beside its name in the component.
    "ALTER TABLE clients ADD COLUMN logo_url TEXT;",
    // 7: work leases: `claimed` now holds the lease's expiry (unix ms, 0 =
    // free; an old `1` has long expired) and this column its holder.
    "ALTER TABLE utility_credentials ADD COLUMN lease_owner TEXT;
    ALTER TABLE webhook_outbox ADD COLUMN lease_owner TEXT;",
];

pub fn open(data_dir: &Path) -> Result<Connection, String> {
    crate::files::private_dir(data_dir)
        .map_err(|error| format!("cannot create data dir {}: {error}", data_dir.display()))?;
    let path = data_dir.join(DB_FILE);
    // Created 0600 before SQLite opens it: SQLite gives its -wal and
    // -shm files the database file's mode, whatever the umask.
    crate::files::private_files(
        data_dir,
        &[
            DB_FILE,
            &format!("{DB_FILE}-wal"),
            &format!("{DB_FILE}-shm"),
        ],
    )
    .map_err(|error| format!("cannot secure database {}: {error}", path.display()))?;
    let connection = Connection::open(&path)
        .map_err(|error| format!("cannot open database {}: {error}", path.display()))?;
    configure(&connection)
        .map_err(|error| format!("cannot use database {}: {error}", path.display()))?;
    migrate(&connection)
        .map_err(|error| format!("cannot migrate database {}: {error}", path.display()))?;
    Ok(connection)
}

pub(super) fn configure(connection: &Connection) -> rusqlite::Result<()> {
    // WAL for concurrent readers; synchronous=FULL so that a 2xx means the
    // write survives power loss, not just a process crash.
    connection.pragma_update(None, "journal_mode", "WAL")?;
    connection.pragma_update(None, "synchronous", "FULL")?;
    connection.pragma_update(None, "foreign_keys", "ON")?;
    // Deleted or overwritten secrets (a rotated webhook secret, a removed
    // client's logins) are zeroed in the file, not left in free pages.
    connection.pragma_update(None, "secure_delete", "ON")?;
    connection.busy_timeout(std::time::Duration::from_secs(5))?;
    // A probe write: an unwritable data dir fails here, at start, not on the first request.
    connection
        .execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")?;
    Ok(())
}

fn migrate(connection: &Connection) -> rusqlite::Result<()> {
    let applied: usize = connection.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_version",
        [],
        |row| row.get(0),
    )?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        let transaction = connection.unchecked_transaction()?;
        transaction.execute_batch(sql)?;
        transaction.execute(
            "INSERT INTO schema_version (version) VALUES (?1)",
            [index + 1],
        )?;
        transaction.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stores written by earlier builds (before issue 9's migration 4, with
    /// it, and with the operator mode's 5 but before the client logos' 6)
    /// reach this build's schema.
    #[test]
    fn older_data_dirs_migrate_to_the_current_schema() {
        for reached in [3, 4, 5] {
            let dir = tempfile::tempdir().unwrap();
            {
                let connection = Connection::open(dir.path().join(DB_FILE)).unwrap();
                configure(&connection).unwrap();
                for (index, sql) in MIGRATIONS.iter().enumerate().take(reached) {
                    connection.execute_batch(sql).unwrap();
                    connection
                        .execute(
                            "INSERT INTO schema_version (version) VALUES (?1)",
                            [index + 1],
                        )
                        .unwrap();
                }
            }
            let db = crate::store::Db::open(dir.path()).unwrap();
            db.readiness().unwrap();
            let guard = db.lock();
            let connection = guard.as_sqlite().unwrap();
            connection
                .prepare("SELECT client_id, kind, counts_globally FROM login_failures")
                .unwrap();
            connection
                .prepare("SELECT credential_id, jti, sent_at_ms FROM code_sends")
                .unwrap();
            connection
                .prepare(
                    "SELECT webhook_secret_sealed, webhook_secret_previous_sealed,
                            webhook_secret_previous_until FROM clients",
                )
                .unwrap();
            connection.prepare("SELECT logo_url FROM clients").unwrap();
        }
    }
}
