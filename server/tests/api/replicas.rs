//! Three replicas on one PostgreSQL behind a round-robin client: 200
//! submissions across the sandbox's outcomes, one replica killed with
//! SIGKILL halfway and another restarted. Afterwards every acknowledged
//! credential has its final status, every status change produced exactly
//! one outbox event, and every event was delivered with a valid Standard
//! Webhooks signature; duplicate deliveries (at least once is the promise)
//! are counted and printed. PostgreSQL only: on SQLite one process owns the
//! data dir.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::{on_postgres, verify_signature, Receiver, Server, COMED};

const SUBMISSIONS: usize = 200;
/// Sandbox outcomes and the final status each leads to.
const OUTCOMES: &[(&str, &str)] = &[
    ("verified", "verified"),
    ("wrong-password", "rejected"),
    ("error", "error"),
];

fn random_key() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_replicas_share_the_work_through_a_kill_and_a_restart() {
    if !on_postgres() {
        eprintln!("no PostgreSQL test cluster: the replica test needs one");
        return;
    }
    let receiver = Receiver::start().await;
    let key = random_key();
    let envs = [("UTILITY_CONNECT_MASTER_KEY", key.as_str())];
    let args = [
        "--sandbox-delay-ms",
        "150",
        "--webhook-retry-base-ms",
        "200",
        "--work-lease-secs",
        "3",
    ];
    let first = Server::start_with_env(&args, &envs).await;
    let url = first.database_url.clone().unwrap();
    let mut replicas = vec![first];
    for _ in 0..2 {
        replicas.push(Server::start_replica(&args, &envs, &url).await);
    }
    let client = replicas[0].add_client("Replica App", Some(&receiver.url));
    let access = replicas[1].access_token(&client).await;

    let mut alive = [true; 3];
    let mut turn = 0usize;
    let mut next = |alive: &[bool; 3]| loop {
        turn += 1;
        if alive[turn % 3] {
            return turn % 3;
        }
    };
    let (mut kills, mut restarts) = (0, 0);
    // credential id -> (connect token, expected final status)
    let mut acknowledged: HashMap<i64, (String, &str)> = HashMap::new();
    for n in 0..SUBMISSIONS {
        if n == SUBMISSIONS / 2 {
            replicas[1].kill9();
            alive[1] = false;
            kills += 1;
        }
        if n == SUBMISSIONS * 3 / 4 {
            replicas[2].restart().await;
            restarts += 1;
        }
        let (password, expected) = OUTCOMES[n % OUTCOMES.len()];
        let token = replicas[next(&alive)]
            .connect_token(&access, json!({"client_user_id": format!("user-{n}")}))
            .await;
        let (status, body) = replicas[next(&alive)]
            .post(
                "/connect/credentials",
                Some(&token),
                json!({"utility_id": COMED, "username": format!("login-{n}@example.com"),
                       "password": format!("{password}-{n}")}),
            )
            .await;
        assert_eq!(status, 201, "submission {n}: {body}");
        let id = body["utility_credential_id"].as_i64().unwrap();
        acknowledged.insert(id, (token, expected));
    }

    // Every acknowledged credential reaches its final status.
    let started = Instant::now();
    for (id, (token, expected)) in &acknowledged {
        loop {
            let (status, body) = replicas[next(&alive)]
                .get(&format!("/connect/credentials/{id}"), Some(token))
                .await;
            assert_eq!(status, 200, "{body}");
            if body["verification_status"] == *expected {
                break;
            }
            assert_eq!(
                body["verification_status"], "pending",
                "credential {id}: {body}"
            );
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "credential {id} still {body}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    // Exactly one outbox event per state change (pending -> final).
    let store = replicas[0].store();
    let events: Vec<(i64, String, String)> = store
        .lock()
        .query_map(
            "SELECT credential_id, event_type, id FROM webhook_outbox",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .unwrap();
    assert_eq!(events.len(), SUBMISSIONS, "one event per state change");
    let mut per_credential: HashMap<i64, usize> = HashMap::new();
    for (credential, event_type, _) in &events {
        *per_credential.entry(*credential).or_default() += 1;
        let (_, expected) = acknowledged[credential];
        let wanted = match expected {
            "verified" => "utility_credential_verified",
            "rejected" => "utility_credential_rejected",
            _ => "utility_credential_verification_error",
        };
        assert_eq!(event_type, wanted, "credential {credential}");
    }
    assert!(per_credential.values().all(|&count| count == 1));
    assert_eq!(per_credential.len(), acknowledged.len());

    // Every event delivered, each delivery signed validly.
    let event_ids: HashSet<String> = events.iter().map(|(_, _, id)| id.clone()).collect();
    receiver
        .wait_for(Duration::from_secs(90), |all| {
            let seen: HashSet<String> = all.iter().filter(|r| r.accepted).map(|r| r.id()).collect();
            event_ids.is_subset(&seen)
        })
        .await;
    let deliveries: Vec<_> = receiver.all().into_iter().filter(|r| r.accepted).collect();
    for delivery in &deliveries {
        verify_signature(&client.webhook_signing_secret, delivery);
    }
    let distinct: HashSet<String> = deliveries.iter().map(|r| r.id()).collect();
    assert_eq!(distinct, event_ids);
    let duplicates = deliveries.len() - distinct.len();
    eprintln!(
        "replica test: {SUBMISSIONS} submissions acknowledged, {kills} replica kill -9, \
         {restarts} restart, {} outbox events, {} deliveries, {duplicates} duplicate deliveries, \
         {:.1} s to settle",
        events.len(),
        deliveries.len(),
        started.elapsed().as_secs_f64()
    );
}
