//! Prometheus metrics: counters the server bumps as it works, and gauges
//! read from the store when `/metrics` is scraped (outbox depth, oldest
//! pending event, dead letters), so they are right after a restart too.

use crate::store::Connection;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};

use crate::provider::LoginOutcome;
use crate::webhooks::outbox::{self, AttemptResult};

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    verifications: IntCounterVec,
    deliveries: IntCounterVec,
    outbox_pending: IntGauge,
    outbox_oldest_pending_age: IntGauge,
    dead_letters: IntGauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let registry =
            Registry::new_custom(Some("utility_connect".into()), None).expect("a static prefix");
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by route template, method and status",
            ),
            &["method", "route", "status"],
        )
        .expect("static metric");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "HTTP request latency by route template",
            )
            .buckets(vec![
                0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ]),
            &["method", "route"],
        )
        .expect("static metric");
        let verifications = IntCounterVec::new(
            Opts::new(
                "verifications_total",
                "Utility answers to submitted logins, by outcome",
            ),
            &["outcome"],
        )
        .expect("static metric");
        let deliveries = IntCounterVec::new(
            Opts::new(
                "webhook_deliveries_total",
                "Webhook delivery attempts by result",
            ),
            &["result"],
        )
        .expect("static metric");
        let outbox_pending = IntGauge::new(
            "webhook_outbox_pending",
            "Webhook events waiting for delivery",
        )
        .expect("static metric");
        let outbox_oldest_pending_age = IntGauge::new(
            "webhook_outbox_oldest_pending_age_seconds",
            "Age of the oldest webhook event waiting for delivery (0 when none)",
        )
        .expect("static metric");
        let dead_letters = IntGauge::new(
            "webhook_dead_letters",
            "Webhook events that exhausted their attempts",
        )
        .expect("static metric");
        for collector in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(verifications.clone()),
            Box::new(deliveries.clone()),
            Box::new(outbox_pending.clone()),
            Box::new(outbox_oldest_pending_age.clone()),
            Box::new(dead_letters.clone()),
        ] {
            registry.register(collector).expect("names are unique");
        }
        Metrics {
            registry,
            requests,
            latency,
            verifications,
            deliveries,
            outbox_pending,
            outbox_oldest_pending_age,
            dead_letters,
        }
    }

    /// `route` is the matched template (`/utility_credentials/{id}`), never
    /// the raw path, so ids do not explode the label set.
    pub fn request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests
            .with_label_values(&[method, route, &status.to_string()])
            .inc();
        self.latency
            .with_label_values(&[method, route])
            .observe(seconds);
    }

    pub fn verification(&self, outcome: &LoginOutcome) {
        let label = match outcome {
            LoginOutcome::Verified => "verified",
            LoginOutcome::Rejected => "rejected",
            LoginOutcome::Error { .. } => "error",
            LoginOutcome::MfaRequired { .. } => "mfa_required",
            LoginOutcome::Pending { .. } => "pending",
        };
        self.verifications.with_label_values(&[label]).inc();
    }

    pub fn delivery(&self, result: &AttemptResult) {
        let label = match result {
            AttemptResult::Delivered { .. } => "delivered",
            AttemptResult::Failed {
                retry_at_ms: Some(_),
                ..
            } => "failed_will_retry",
            AttemptResult::Failed {
                retry_at_ms: None, ..
            } => "dead_lettered",
        };
        self.deliveries.with_label_values(&[label]).inc();
    }

    /// The text exposition format, with the store's gauges read now.
    pub fn render(&self, connection: &Connection, now_ms: i64) -> Result<String, String> {
        let stats = outbox::stats(connection, now_ms).map_err(|e| e.to_string())?;
        self.outbox_pending.set(stats.pending);
        self.outbox_oldest_pending_age
            .set(stats.oldest_pending_age_ms / 1000);
        self.dead_letters.set(stats.dead);
        let mut buffer = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut buffer)
            .map_err(|e| e.to_string())?;
        String::from_utf8(buffer).map_err(|e| e.to_string())
    }
}
