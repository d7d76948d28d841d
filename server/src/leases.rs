//! Leases on background work (a credential's verification, re-check or
//! one-time-code call; a webhook delivery). The `claimed` column of a row
//! holds the lease's expiry (unix ms; 0 = free) and `lease_owner` the
//! process holding it, so that several replicas on one PostgreSQL share the
//! work: a row is taken only if its lease has expired (one conditional
//! UPDATE, atomic on both backends), the holder renews it while working, and
//! a replica killed mid-job loses its rows only until the lease runs out.

use std::time::Duration;

use crate::store::{params, Db, Dialect};

/// Long enough for a provider call with its retries between two renewals,
/// and for a webhook delivery (15 s timeout) without one.
pub const LEASE_MS: i64 = 60_000;
/// Renewed this often while held.
const RENEW_EVERY: Duration = Duration::from_millis((LEASE_MS / 4) as u64);

pub fn expiry(now_ms: i64) -> i64 {
    now_ms + LEASE_MS
}

/// Appended to a batch SELECT of due rows: on PostgreSQL, rows another
/// replica is claiming right now are skipped instead of waited for.
pub fn skip_locked(dialect: Dialect, table: &str) -> String {
    match dialect {
        Dialect::Sqlite => String::new(),
        Dialect::Postgres => format!(" FOR UPDATE OF {table} SKIP LOCKED"),
    }
}

/// Keeps a credential's lease alive until dropped.
pub struct Renewal(Option<tokio::task::JoinHandle<()>>);

impl Renewal {
    pub fn start(db: &Db, id: i64) -> Renewal {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return Renewal(None);
        };
        let db = db.clone();
        Renewal(Some(runtime.spawn(async move {
            loop {
                tokio::time::sleep(RENEW_EVERY).await;
                let renewed = db.lock().execute(
                    "UPDATE utility_credentials SET claimed = ?2 WHERE id = ?1 AND lease_owner = ?3",
                    params![id, expiry(crate::clock::now_ms()), db.owner()],
                );
                match renewed {
                    Ok(1) => {}
                    Ok(_) => {
                        tracing::warn!("the lease on credential {id} was lost");
                        return;
                    }
                    Err(error) => tracing::warn!("cannot renew the lease on credential {id}: {error}"),
                }
            }
        })))
    }
}

impl Drop for Renewal {
    fn drop(&mut self) {
        if let Some(task) = self.0.take() {
            task.abort();
        }
    }
}
