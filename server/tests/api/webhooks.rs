//! Webhook signing, retries, dead letters, and delivery across `kill -9`.

use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn verified_event_is_signed_and_shaped_like_the_api() {
    let receiver = Receiver::start().await;
    let server = Server::start_binary(&[]).await;
    let client = server.add_client("Hooks App", Some(&receiver.url));
    assert!(client.webhook_signing_secret.starts_with("whsec_"));
    let access = server.access_token(&client).await;
    let token = server
        .connect_token(&access, json!({"client_user_id": "hooked"}))
        .await;
    let id = server.submit_ok(&token, "verified").await;
    let event = receiver
        .wait_for_event("utility_credential_verified", id, Duration::from_secs(10))
        .await;

    verify_signature(&client.webhook_signing_secret, &event);
    let signature = event.headers["webhook-signature"].to_str().unwrap();
    assert!(signature.starts_with("v1,"), "{signature}");
    assert_eq!(event.headers["content-type"], "application/json");
    // The independent verifier rejects a changed body and a foreign secret.
    let mut altered = event.clone();
    altered.body = event
        .body
        .iter()
        .map(|&b| if b == b'1' { b'2' } else { b })
        .collect();
    let verifier = standardwebhooks::Webhook::new(&client.webhook_signing_secret).unwrap();
    assert!(verifier.verify(&altered.body, &altered.headers).is_err());
    let stranger = standardwebhooks::Webhook::new(&server.sandbox.webhook_signing_secret).unwrap();
    assert!(stranger.verify(&event.body, &event.headers).is_err());

    let envelope = event.json();
    assert_eq!(envelope["id"], event.id());
    assert_eq!(envelope["type"], "utility_credential_verified");
    assert!(envelope["created_at"].as_str().unwrap().ends_with('Z'));
    let (_, credential) = server
        .get(&format!("/utility_credentials/{id}"), Some(&access))
        .await;
    assert_eq!(
        envelope["data"], credential,
        "data is the credential as GET shows it"
    );

    let (code, listed) = server
        .get("/webhook/events?status=delivered", Some(&access))
        .await;
    assert_eq!(code, 200);
    assert_eq!(listed["webhook_events"][0]["id"], event.id());
    assert_eq!(listed["webhook_events"][0]["delivery"]["attempts"], 1);
    let (code, one) = server
        .get(&format!("/webhook/events/{}", event.id()), Some(&access))
        .await;
    assert_eq!(
        (code, &one["delivery"]["status"]),
        (200, &json!("delivered"))
    );
    let (code, _) = server
        .get(
            &format!("/webhook/events/{}", event.id()),
            Some(&server.access_token(&server.sandbox).await),
        )
        .await;
    assert_eq!(code, 404, "another client's event");
}

#[tokio::test]
async fn rejected_and_error_events() {
    let receiver = Receiver::start().await;
    let server = Server::start_binary(&[]).await;
    let client = server.add_client("Outcomes App", Some(&receiver.url));
    let rejected_token = server.create_token(&client, "r").await;
    let rejected = server.submit_ok(&rejected_token, "rejected").await;
    let error_token = server.create_token(&client, "e").await;
    let errored = server.submit_ok(&error_token, "error").await;
    let event = receiver
        .wait_for_event(
            "utility_credential_rejected",
            rejected,
            Duration::from_secs(10),
        )
        .await;
    verify_signature(&client.webhook_signing_secret, &event);
    let event = receiver
        .wait_for_event(
            "utility_credential_verification_error",
            errored,
            Duration::from_secs(10),
        )
        .await;
    verify_signature(&client.webhook_signing_secret, &event);
    assert_eq!(event.json()["data"]["verification_status"], "error");
}

#[tokio::test]
async fn failing_receivers_get_retries_then_a_dead_letter_and_a_replay() {
    let receiver = Receiver::start().await;
    receiver.failing.store(true, Ordering::SeqCst);
    let server = Server::start_binary(&[
        "--webhook-max-attempts",
        "3",
        "--webhook-retry-base-ms",
        "100",
    ])
    .await;
    let client = server.add_client("Flaky App", Some(&receiver.url));
    let access = server.access_token(&client).await;
    let token = server
        .connect_token(&access, json!({"client_user_id": "dead"}))
        .await;
    let id = server.submit_ok(&token, "verified").await;
    server.poll_status(&token, id, "verified").await;

    let started = std::time::Instant::now();
    let dead = loop {
        let (_, listed) = server
            .get("/webhook/events?status=dead", Some(&access))
            .await;
        if let Some(event) = listed["webhook_events"].as_array().unwrap().first() {
            break event.clone();
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "never dead-lettered"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(dead["delivery"]["attempts"], 3);
    assert_eq!(dead["delivery"]["last_response_status"], 503);
    assert_eq!(dead["data"]["id"], id);
    let attempts = receiver.all();
    assert_eq!(attempts.len(), 3);
    assert!(
        attempts
            .iter()
            .all(|a| a.id() == dead["id"].as_str().unwrap()),
        "same webhook-id on every retry"
    );
    // Each retry is signed afresh and still verifies.
    for attempt in &attempts {
        verify_signature(&client.webhook_signing_secret, attempt);
    }
    let (code, body) = server
        .get("/webhook/events?status=sideways", Some(&access))
        .await;
    assert_eq!(code, 400, "{body}");

    receiver.failing.store(false, Ordering::SeqCst);
    let (code, replayed) = server
        .post(
            &format!("/webhook/events/{}/replay", dead["id"].as_str().unwrap()),
            Some(&access),
            json!({}),
        )
        .await;
    assert_eq!(code, 200, "{replayed}");
    receiver
        .wait_for_event("utility_credential_verified", id, Duration::from_secs(10))
        .await;
    let (code, _) = server
        .post("/webhook/events/msg_nope/replay", Some(&access), json!({}))
        .await;
    assert_eq!(code, 404);
}

#[tokio::test]
async fn deliveries_survive_kill_9() {
    let receiver = Receiver::start().await;
    receiver.failing.store(true, Ordering::SeqCst);
    let mut server = Server::start_binary(&[
        "--sandbox-delay-ms",
        "900",
        "--webhook-retry-base-ms",
        "200",
    ])
    .await;
    let client = server.add_client("Crash App", Some(&receiver.url));
    let access = server.access_token(&client).await;

    // Two verified credentials whose webhooks the receiver keeps refusing…
    let mut ids = Vec::new();
    for user in ["crash-a", "crash-b"] {
        let token = server
            .connect_token(&access, json!({"client_user_id": user}))
            .await;
        let id = server.submit_ok(&token, "verified").await;
        server.poll_status(&token, id, "verified").await;
        ids.push(id);
    }
    let attempts_before = receiver.attempts.load(Ordering::SeqCst);
    assert!(attempts_before >= 2, "deliveries were tried");
    let (_, pending) = server
        .get("/webhook/events?status=pending", Some(&access))
        .await;
    assert_eq!(pending["webhook_events"].as_array().unwrap().len(), 2);
    // …and one submission still at the utility when the process dies.
    let token = server
        .connect_token(&access, json!({"client_user_id": "crash-c"}))
        .await;
    let in_flight = server.submit_ok(&token, "verified").await;
    ids.push(in_flight);
    server.kill9();

    receiver.failing.store(false, Ordering::SeqCst);
    server.restart().await;
    let delivered = receiver
        .wait_for(Duration::from_secs(20), |all| {
            ids.iter().all(|id| {
                all.iter().any(|r| {
                    r.json()["type"] == "utility_credential_verified"
                        && r.json()["data"]["id"] == *id
                })
            })
        })
        .await;
    for event in &delivered {
        verify_signature(&client.webhook_signing_secret, event);
    }
    let access = server.access_token(&client).await;
    let (_, listed) = server
        .get("/webhook/events?status=delivered", Some(&access))
        .await;
    assert_eq!(listed["webhook_events"].as_array().unwrap().len(), 3);
    let (_, pending) = server
        .get("/webhook/events?status=pending", Some(&access))
        .await;
    assert!(pending["webhook_events"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn clients_without_a_webhook_url_still_get_a_listable_record() {
    let server = Server::start_binary(&[]).await;
    let access = server.access_token(&server.sandbox).await;
    let token = server
        .connect_token(&access, json!({"client_user_id": "quiet"}))
        .await;
    let id = server.submit_ok(&token, "rejected").await;
    server.poll_status(&token, id, "rejected").await;
    let (code, listed) = server.get("/webhook/events", Some(&access)).await;
    assert_eq!(code, 200);
    let event = &listed["webhook_events"][0];
    assert_eq!(event["type"], "utility_credential_rejected");
    assert_eq!(event["delivery"]["status"], "no_endpoint");
    let (code, body) = server
        .post(
            &format!("/webhook/events/{}/replay", event["id"].as_str().unwrap()),
            Some(&access),
            json!({}),
        )
        .await;
    assert_eq!(code, 409, "{body}");
}

/// A receiver slower than the work lease still gets each event once: the
/// delivering process renews the event's lease while it waits for the answer.
#[tokio::test]
async fn a_receiver_slower_than_the_lease_gets_each_event_once() {
    let receiver = Receiver::start().await;
    // A 2 s lease (the harness sets 3 s on PostgreSQL).
    receiver.answer_after_ms.store(6_000, Ordering::SeqCst);
    let server = Server::start_binary(&["--work-lease-secs", "2"]).await;
    let client = server.add_client("Slow App", Some(&receiver.url));
    let access = server.access_token(&client).await;
    let token = server
        .connect_token(&access, json!({"client_user_id": "slow"}))
        .await;
    let id = server.submit_ok(&token, "verified").await;
    receiver
        .wait_for_event("utility_credential_verified", id, Duration::from_secs(15))
        .await;
    // Long enough for a lapsed lease to be taken (the worker looks every
    // second at most) and the event delivered again.
    tokio::time::sleep(Duration::from_millis(4_500)).await;
    assert_eq!(
        receiver.attempts.load(Ordering::SeqCst),
        1,
        "{:?}",
        summary(&receiver.all())
    );
}
