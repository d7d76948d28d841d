//! Leases on background work (a credential's verification, re-check or
//! one-time-code call; a webhook delivery). The `claimed` column of a row
//! holds the lease's expiry (unix ms; 0 = free) and `lease_owner` the
//! process holding it, so that several replicas on one PostgreSQL share the
//! work: a row is taken only if its lease has expired (one conditional
//! UPDATE, atomic on both backends), the holder renews it while working, and
//! a replica killed mid-job loses its rows only until the lease runs out.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use crate::store::{params, Db, Dialect};

/// By default long enough for a provider call with its retries, or a webhook
/// delivery (15 s timeout), between two renewals.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(60);

/// One per process (`serve --work-lease-secs`), read by every lease taken.
static LEASE_MS: AtomicI64 = AtomicI64::new(DEFAULT_LEASE.as_millis() as i64);

pub fn set_lease(lease: Duration) {
    LEASE_MS.store(lease.as_millis() as i64, Ordering::Relaxed);
}

fn lease_ms() -> i64 {
    LEASE_MS.load(Ordering::Relaxed)
}

pub fn expiry(now_ms: i64) -> i64 {
    now_ms + lease_ms()
}

/// Appended to a batch SELECT of due rows: on PostgreSQL, rows another
/// replica is claiming right now are skipped instead of waited for.
pub fn skip_locked(dialect: Dialect, table: &str) -> String {
    match dialect {
        Dialect::Sqlite => String::new(),
        Dialect::Postgres => format!(" FOR UPDATE OF {table} SKIP LOCKED"),
    }
}

/// Keeps a lease alive until dropped.
pub struct Renewal(Option<tokio::task::JoinHandle<()>>);

impl Renewal {
    /// While a provider call for the credential runs.
    pub fn credential(db: &Db, id: i64) -> Renewal {
        Renewal::start(
            db,
            "UPDATE utility_credentials SET claimed = ?2 WHERE id = ?1 AND lease_owner = ?3",
            id,
            "credential",
        )
    }

    /// While a webhook receiver takes its time to answer (up to the 15 s
    /// timeout, longer than a short `--work-lease-secs`): another replica
    /// must not deliver the event again meanwhile.
    pub fn webhook(db: &Db, seq: i64) -> Renewal {
        Renewal::start(
            db,
            "UPDATE webhook_outbox SET claimed = ?2 WHERE seq = ?1 AND lease_owner = ?3",
            seq,
            "webhook event",
        )
    }

    fn start(db: &Db, renew: &'static str, key: i64, what: &'static str) -> Renewal {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return Renewal(None);
        };
        let db = db.clone();
        Renewal(Some(runtime.spawn(async move {
            loop {
                // Renewed four times per lease while held.
                tokio::time::sleep(Duration::from_millis((lease_ms() / 4) as u64)).await;
                let renewed = db.lock().execute(
                    renew,
                    params![key, expiry(crate::clock::now_ms()), db.owner()],
                );
                match renewed {
                    Ok(1) => {}
                    Ok(_) => {
                        tracing::warn!("the lease on {what} {key} was lost");
                        return;
                    }
                    Err(error) => tracing::warn!("cannot renew the lease on {what} {key}: {error}"),
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
