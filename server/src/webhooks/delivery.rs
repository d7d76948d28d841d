//! Drains the outbox: POSTs each event, signed, until the receiver answers
//! 2xx or the attempts run out (then the event is dead-lettered).
//!
//! At least once: a row is marked delivered only after a 2xx, so a crash
//! between sending and recording sends it again. Receivers deduplicate on
//! `webhook-id`, which stays the same across attempts.

use std::time::Duration;

use rand::Rng;

use super::outbox::{self, AttemptResult, Claimed};
use super::{secrets, signing};
use crate::clock::{ms, now_ms, now_unix};
use crate::state::AppState;

const MAX_CONCURRENT_DELIVERIES: usize = 8;
/// A receiver that has not answered by then is treated as down.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(15);
const MAX_RETRY_DELAY: Duration = Duration::from_secs(10 * 3600);
const MAX_IDLE: Duration = Duration::from_secs(1);

/// Delay before retry number `failed_attempts` (1 = after the first failure):
/// base × 4^(n−1), capped, ±25 % jitter so that receivers coming back from an
/// outage are not hit by every sender at the same instant.
pub fn retry_delay(base: Duration, failed_attempts: u32) -> Duration {
    let exponent = failed_attempts.saturating_sub(1).min(20);
    let nominal = base
        .saturating_mul(4u32.saturating_pow(exponent))
        .min(MAX_RETRY_DELAY);
    let factor: f64 = rand::thread_rng().gen_range(0.75..=1.25);
    nominal.mul_f64(factor)
}

pub fn spawn(state: AppState) {
    tokio::spawn(run(state));
}

async fn run(state: AppState) {
    let http = reqwest::Client::builder()
        .timeout(RESPONSE_TIMEOUT)
        // A redirect is a misconfigured endpoint, and following one would let
        // a receiver point our signed requests anywhere.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!(
            "utility-connect-webhooks/",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
        .expect("static HTTP client configuration");
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(MAX_CONCURRENT_DELIVERIES));
    loop {
        let claimed = outbox::claim_due(
            &state.db.lock(),
            state.db.owner(),
            now_ms(),
            permits.available_permits(),
        );
        let (due, next_due) = match claimed {
            Ok(found) => found,
            Err(error) => {
                tracing::error!("webhook worker cannot read the outbox: {error}");
                (Vec::new(), None)
            }
        };
        for event in due {
            let Ok(permit) = permits.clone().acquire_owned().await else {
                return;
            };
            let (state, http) = (state.clone(), http.clone());
            tokio::spawn(async move {
                let seq = event.seq;
                let renewal = crate::leases::Renewal::webhook(&state.db, seq);
                let result = attempt(&state, &http, event).await;
                drop(renewal);
                state.metrics.delivery(&result);
                if let Err(error) = outbox::record_attempt(&state.db.lock(), seq, now_ms(), &result)
                {
                    tracing::error!("cannot record webhook attempt {seq}: {error}");
                }
                drop(permit);
                state.webhook_wake.notify_one();
            });
        }
        let idle = next_due
            .map(|at| Duration::from_millis((at - now_ms()).clamp(0, ms(MAX_IDLE)) as u64))
            .unwrap_or(MAX_IDLE);
        tokio::select! {
            _ = tokio::time::sleep(idle) => {}
            _ = state.webhook_wake.notified() => {}
        }
    }
}

async fn attempt(state: &AppState, http: &reqwest::Client, event: Claimed) -> AttemptResult {
    let attempts_after = event.attempts + 1;
    let retry_at = || {
        (attempts_after < state.timing.webhook_max_attempts)
            .then(|| now_ms() + ms(retry_delay(state.timing.webhook_retry_base, attempts_after)))
    };
    let Some(url) = event.url else {
        return AttemptResult::Failed {
            status: None,
            error: "the client has no webhook URL".into(),
            retry_at_ms: None,
        };
    };
    let timestamp = now_unix();
    let keys = secrets::signing_keys(&state.db.lock(), &state.sealer, &event.client_id, timestamp);
    let keys = match keys {
        Ok(keys) => keys,
        Err(error) => {
            return AttemptResult::Failed {
                status: None,
                error,
                retry_at_ms: None,
            }
        }
    };
    // During a secret rotation's overlap: one `v1,` entry per secret.
    let signature = keys
        .iter()
        .map(|key| signing::sign(key, &event.id, timestamp, &event.payload))
        .collect::<Vec<_>>()
        .join(" ");
    let sent = http
        .post(&url)
        .header("content-type", "application/json")
        .header("webhook-id", &event.id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(event.payload)
        .send()
        .await;
    match sent {
        Ok(response) if response.status().is_success() => {
            tracing::info!("webhook {} delivered (attempt {attempts_after})", event.id);
            AttemptResult::Delivered {
                status: response.status().as_u16(),
            }
        }
        Ok(response) => {
            let status = response.status().as_u16();
            // 410 Gone: the receiver says this endpoint will never take it.
            let retry_at_ms = if status == 410 { None } else { retry_at() };
            tracing::warn!(
                "webhook {} refused with HTTP {status} (attempt {attempts_after})",
                event.id
            );
            AttemptResult::Failed {
                status: Some(status),
                error: format!("HTTP {status}"),
                retry_at_ms,
            }
        }
        Err(error) => {
            let error = describe(&error);
            tracing::warn!(
                "webhook {} not delivered (attempt {attempts_after}): {error}",
                event.id
            );
            AttemptResult::Failed {
                status: None,
                error,
                retry_at_ms: retry_at(),
            }
        }
    }
}

/// A short cause without the URL (which may carry a token in its query).
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "timed out".into()
    } else if error.is_connect() {
        "connection failed".into()
    } else {
        "request failed".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_fourfold_with_jitter_and_a_cap() {
        let base = Duration::from_secs(5);
        for (n, nominal) in [(1, 5.0), (2, 20.0), (3, 80.0), (4, 320.0)] {
            for _ in 0..50 {
                let d = retry_delay(base, n).as_secs_f64();
                assert!(d >= nominal * 0.75 && d <= nominal * 1.25, "retry {n}: {d}");
            }
        }
        assert!(retry_delay(base, 30) <= MAX_RETRY_DELAY.mul_f64(1.25));
        assert!(retry_delay(base, 30) >= MAX_RETRY_DELAY.mul_f64(0.75));
    }

    #[test]
    fn the_default_schedule_spans_hours() {
        let base = Duration::from_secs(5);
        let total: f64 = (1..9).map(|n| retry_delay(base, n).as_secs_f64()).sum();
        assert!(total > 8.0 * 3600.0, "{total}");
    }
}
