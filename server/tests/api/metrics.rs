//! Health, readiness and Prometheus metrics, scraped from the real binary
//! and parsed with an independent text-format parser.

use std::time::Duration;

use prometheus_parse::{Scrape, Value as Sample};
use serde_json::json;

use crate::common::*;

async fn scrape(server: &Server) -> Scrape {
    let response = server
        .http
        .get(format!("{}/metrics", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = response.text().await.unwrap();
    Scrape::parse(text.lines().map(|line| Ok(line.to_string()))).unwrap()
}

/// The value of the sample named `name` whose labels include `labels`
/// (0 when absent: a counter not yet incremented is not exported).
fn value(scrape: &Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
    scrape
        .samples
        .iter()
        .filter(|s| s.metric == name && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
        .map(|s| match &s.value {
            Sample::Counter(v) | Sample::Gauge(v) | Sample::Untyped(v) => *v,
            Sample::Histogram(buckets) => buckets.iter().map(|b| b.count).fold(0.0, f64::max),
            Sample::Summary(_) => 0.0,
        })
        .sum()
}

#[tokio::test]
async fn probes_answer_and_metrics_move_with_traffic() {
    let receiver = Receiver::start().await;
    let server = Server::start_production(&[], &[]).await;
    for (path, status) in [("/healthz", "ok"), ("/readyz", "ready")] {
        let (code, body) = server.get(path, None).await;
        assert_eq!((code, body), (200, json!({ "status": status })), "{path}");
    }
    let client = server.add_client("Metered App", Some(&receiver.url));
    let before = scrape(&server).await;
    let credential_route = [("route", "/utility_credentials/:id"), ("status", "200")];

    let access = server.access_token(&client).await;
    let (_, verified) = server.settle(&client, "u1", "verified", "verified").await;
    let (_, rejected) = server.settle(&client, "u2", "rejected", "rejected").await;
    for id in [verified, rejected] {
        let (code, _) = server
            .get(&format!("/utility_credentials/{id}"), Some(&access))
            .await;
        assert_eq!(code, 200);
    }
    server.get("/no/such/route", None).await;
    receiver
        .wait_for(Duration::from_secs(15), |all| all.len() >= 2)
        .await;
    // The worker records the result just after the receiver answers.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = scrape(&server).await;

    let moved = |name: &str, labels: &[(&str, &str)]| {
        value(&after, name, labels) - value(&before, name, labels)
    };
    assert_eq!(
        moved("utility_connect_http_requests_total", &credential_route),
        2.0
    );
    assert_eq!(
        moved(
            "utility_connect_http_request_duration_seconds_count",
            &[("route", "/utility_credentials/:id")]
        ),
        2.0
    );
    assert_eq!(
        moved(
            "utility_connect_http_requests_total",
            &[("route", "unmatched"), ("status", "404")]
        ),
        1.0
    );
    // Route templates only: no label carries a raw id.
    assert!(after.samples.iter().all(|s| s
        .labels
        .get("route")
        .is_none_or(|route| !route.contains(&verified.to_string()))));
    assert_eq!(
        moved(
            "utility_connect_verifications_total",
            &[("outcome", "verified")]
        ),
        1.0
    );
    assert_eq!(
        moved(
            "utility_connect_verifications_total",
            &[("outcome", "rejected")]
        ),
        1.0
    );
    assert_eq!(
        moved(
            "utility_connect_webhook_deliveries_total",
            &[("result", "delivered")]
        ),
        2.0
    );
    assert_eq!(
        value(&after, "utility_connect_webhook_outbox_pending", &[]),
        0.0
    );
    assert_eq!(
        value(&after, "utility_connect_webhook_dead_letters", &[]),
        0.0
    );

    // A receiver that fails: the event waits in the outbox and ages.
    receiver
        .failing
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let _ = server.settle(&client, "u3", "rejected", "rejected").await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let failing = scrape(&server).await;
    assert_eq!(
        value(&failing, "utility_connect_webhook_outbox_pending", &[]),
        1.0
    );
    assert!(
        value(
            &failing,
            "utility_connect_webhook_outbox_oldest_pending_age_seconds",
            &[]
        ) >= 1.0
    );
    assert!(
        value(
            &failing,
            "utility_connect_webhook_deliveries_total",
            &[("result", "failed_will_retry")]
        ) >= 1.0
    );
}
