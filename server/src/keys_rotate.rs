//! Master key rotation for secrets at rest: which key version each sealed
//! value uses, and rewrapping old versions to the newest in batches. Each
//! batch is its own transaction and picks rows by their version byte, so a
//! run killed halfway loses nothing and the next run continues where it
//! stopped.

use std::collections::BTreeMap;

use crate::store::{params, Connection, Value};
use serde::Serialize;

use crate::crypto::{credential_aad, Sealer};
use crate::webhooks::secrets;

/// One sealed column: where it is and how its AAD is built from the row.
struct SealedColumn {
    table: &'static str,
    column: &'static str,
    /// SQL for the row's key, then the AAD's other part.
    key_sql: &'static str,
    aad: fn(column: &str, key: &str, other: &str) -> Vec<u8>,
}

const SEALED: &[SealedColumn] = &[
    SealedColumn {
        table: "utility_credentials",
        column: "secret",
        key_sql: "id, client_id",
        aad: credential_column_aad,
    },
    SealedColumn {
        table: "utility_credentials",
        column: "provider_state",
        key_sql: "id, client_id",
        aad: credential_column_aad,
    },
    SealedColumn {
        table: "clients",
        column: secrets::CURRENT,
        key_sql: "id, ''",
        aad: client_column_aad,
    },
    SealedColumn {
        table: "clients",
        column: secrets::PREVIOUS,
        key_sql: "id, ''",
        aad: client_column_aad,
    },
];

fn credential_column_aad(column: &str, id: &str, client_id: &str) -> Vec<u8> {
    credential_aad(column, id.parse().unwrap_or(-1), client_id)
}

fn client_column_aad(column: &str, client_id: &str, _: &str) -> Vec<u8> {
    secrets::aad(column, client_id)
}

/// Sealed values per key version, as `keys status` prints them.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct Status {
    pub current_version: u8,
    pub key_versions: Vec<u8>,
    /// Version -> number of sealed values using it.
    pub sealed_values: BTreeMap<u8, u64>,
}

pub fn status(
    connection: &Connection,
    sealer: &Sealer,
    key_versions: Vec<u8>,
) -> crate::store::Result<Status> {
    let mut sealed_values: BTreeMap<u8, u64> = BTreeMap::new();
    for sealed in SEALED {
        let sql = format!(
            "SELECT substr({c}, 1, 1), COUNT(*) FROM {t} WHERE length({c}) > 0 GROUP BY 1",
            c = sealed.column,
            t = sealed.table
        );
        let rows = connection.query_map(&sql, [], |row| {
            Ok((row.get::<_, Vec<u8>>(0)?, row.get::<_, i64>(1)?))
        })?;
        for (version, count) in rows {
            *sealed_values
                .entry(version.first().copied().unwrap_or(0))
                .or_default() += count as u64;
        }
    }
    Ok(Status {
        current_version: sealer.current_version(),
        key_versions,
        sealed_values,
    })
}

/// Rewraps up to `batch` values not sealed with the newest version; the
/// number rewrapped (0 when done). A value that does not open is an error:
/// rotation must not silently skip a secret it would then orphan.
pub fn rewrap_batch(
    connection: &Connection,
    sealer: &Sealer,
    batch: usize,
) -> Result<usize, String> {
    let current = vec![sealer.current_version()];
    let transaction = connection
        .unchecked_transaction()
        .map_err(|e| e.to_string())?;
    let mut done = 0;
    for sealed in SEALED {
        if done >= batch {
            break;
        }
        let select = format!(
            "SELECT {k}, {c} FROM {t} WHERE length({c}) > 0 AND substr({c}, 1, 1) <> ?1 LIMIT ?2",
            k = sealed.key_sql,
            c = sealed.column,
            t = sealed.table
        );
        let rows: Vec<(Value, String, String, Vec<u8>)> = transaction
            .query_map(&select, params![current, (batch - done) as i64], |row| {
                Ok((row.get(0)?, text(row, 0)?, text(row, 1)?, row.get(2)?))
            })
            .map_err(|e| e.to_string())?;
        for (id, key, other, blob) in rows {
            let aad = (sealed.aad)(sealed.column, &key, &other);
            let plaintext = sealer.open(&aad, &blob).map_err(|_| {
                format!(
                    "{}.{} of row {key} does not decrypt with any key version held; nothing after it was rewrapped",
                    sealed.table, sealed.column
                )
            })?;
            let update = format!(
                "UPDATE {} SET {} = ?2 WHERE id = ?1",
                sealed.table, sealed.column
            );
            transaction
                .execute(&update, params![id, sealer.seal(&aad, &plaintext)])
                .map_err(|e| e.to_string())?;
            done += 1;
        }
    }
    transaction.commit().map_err(|e| e.to_string())?;
    Ok(done)
}

/// A key column as text, whatever its type (credential ids are integers).
fn text(row: &crate::store::Row, index: usize) -> crate::store::Result<String> {
    Ok(match row.get::<_, Value>(index)? {
        Value::Int(n) => n.to_string(),
        Value::Text(t) => t,
        _ => String::new(),
    })
}

/// Opens every sealed value (without keeping the plaintext): how many
/// opened and how many did not. After a rotation, `failed` must be 0.
#[derive(Serialize, Debug, Default, PartialEq, Eq)]
pub struct Check {
    pub opened: u64,
    pub failed: u64,
}

pub fn check(connection: &Connection, sealer: &Sealer) -> crate::store::Result<Check> {
    let mut result = Check::default();
    for sealed in SEALED {
        let select = format!(
            "SELECT {k}, {c} FROM {t} WHERE length({c}) > 0",
            k = sealed.key_sql,
            c = sealed.column,
            t = sealed.table
        );
        let rows = connection.query_map(&select, [], |row| {
            Ok((text(row, 0)?, text(row, 1)?, row.get::<_, Vec<u8>>(2)?))
        })?;
        for (key, other, blob) in rows {
            match sealer.open(&(sealed.aad)(sealed.column, &key, &other), &blob) {
                Ok(_) => result.opened += 1,
                Err(_) => result.failed += 1,
            }
        }
    }
    Ok(result)
}
