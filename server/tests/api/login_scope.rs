//! Whose failures lock a login for whom (issue: one app's user must not
//! lock a login for every app), which spellings are one login, and wrong
//! one-time codes counted per login rather than per token.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tokio::task::JoinSet;

use crate::common::*;
use crate::login_limit::{assert_locked, submit_login, verify_once};

#[tokio::test]
async fn one_clients_failures_lock_the_login_for_that_client_only() {
    let server = Server::start(&[]).await;
    let other_app = server.add_client("Second App", None);
    let victim = unique("victim");
    for n in 1..=3 {
        verify_once(
            &server,
            &server.sandbox,
            COMED,
            &victim,
            &format!("rejected-{n}"),
        )
        .await;
    }
    let token = server.create_token(&server.sandbox, "attacker").await;
    let (code, body) = submit_login(&server, &token, COMED, &victim, "verified").await;
    assert_locked(code, &body);
    assert!(
        body["error"]["description"]
            .as_str()
            .unwrap()
            .ends_with("about 24 hours."),
        "{body}"
    );

    // The real user, through another app, still gets in...
    verify_once(&server, &other_app, COMED, &victim, "verified").await;
    // ...which does not unlock the login for the app whose user failed.
    let token = server.create_token(&server.sandbox, "attacker-2").await;
    let (code, body) = submit_login(&server, &token, COMED, &victim, "verified").await;
    assert_locked(code, &body);
}

#[tokio::test]
async fn the_global_ceiling_locks_every_client_until_the_login_verifies() {
    let server = Server::start(&["--login-failure-global-limit", "4"]).await;
    let (first, second, third) = (
        server.add_client("First", None),
        server.add_client("Second", None),
        server.add_client("Third", None),
    );
    let victim = unique("ceiling");
    verify_once(&server, &first, COMED, &victim, "rejected-1").await;
    verify_once(&server, &first, COMED, &victim, "rejected-2").await;
    verify_once(&server, &second, COMED, &victim, "rejected-3").await;
    // Three failures, none of them a client's third: nobody is locked yet.
    verify_once(&server, &second, COMED, &victim, "rejected-4").await;
    // Four reached the utility: that is all it ever sees, from anyone.
    let token = server.create_token(&third, "bystander").await;
    let (code, body) = submit_login(&server, &token, COMED, &victim, "verified").await;
    assert_locked(code, &body);
    // Other logins are untouched.
    verify_once(&server, &third, COMED, &unique("neighbour"), "verified").await;
}

#[tokio::test]
async fn unicode_spellings_of_one_username_share_one_count() {
    let server = Server::start(&[]).await;
    let victim = unique("victim");
    let zero_width = format!("{}\u{200B}{}", &victim[..3], &victim[3..]);
    let dotless = victim.replacen('i', "\u{0131}", 1);
    let full_width: String = victim
        .chars()
        .map(|c| match c {
            'a'..='z' => char::from_u32(c as u32 - 'a' as u32 + 0xFF41).unwrap(),
            _ => c,
        })
        .collect();
    for (n, spelling) in [zero_width, dotless, full_width].iter().enumerate() {
        verify_once(
            &server,
            &server.sandbox,
            COMED,
            spelling,
            &format!("rejected-{n}"),
        )
        .await;
    }
    let token = server.create_token(&server.sandbox, "late").await;
    let (code, body) = submit_login(&server, &token, COMED, &victim, "verified").await;
    assert_locked(code, &body);
    // Punctuation is not folded: `victim.` is another login.
    verify_once(
        &server,
        &server.sandbox,
        COMED,
        &format!("{victim}."),
        "verified",
    )
    .await;
}

/// Submits `username` with the sandbox's MFA password on a fresh token and
/// has the code sent by SMS; returns the token and the credential id.
async fn challenge(server: &Server, username: &str) -> (String, i64) {
    let token = server.create_token(&server.sandbox, &unique("user")).await;
    let (code, body) = submit_login(server, &token, COMED, username, "mfa").await;
    assert_eq!(code, 201, "{body}");
    let id = body["utility_credential_id"].as_i64().unwrap();
    server
        .poll_until(&token, id, Duration::from_secs(10), |b| !b["mfa"].is_null())
        .await;
    let (code, body) = server
        .post(
            &format!("/connect/credentials/{id}/mfa/method"),
            Some(&token),
            json!({"method": "sms"}),
        )
        .await;
    assert_eq!(code, 200, "{body}");
    (token, id)
}

#[tokio::test]
async fn wrong_codes_count_per_login_across_tokens() {
    let server = Server::start(&[]).await;
    let victim = unique("mfa-victim");
    let mut wrong_answered = 0;
    let mut refusal = None;
    'tokens: for _ in 0..3 {
        let (token, id) = challenge(&server, &victim).await;
        let path = format!("/connect/credentials/{id}/mfa/code");
        for _ in 0..5 {
            let (code, body) = server
                .post(&path, Some(&token), json!({"code": "000000"}))
                .await;
            match code {
                200 => wrong_answered += 1,
                429 if body["error"]["type"] == "login_temporarily_locked" => {
                    refusal = Some((token.clone(), path.clone()));
                    break 'tokens;
                }
                _ => break,
            }
        }
    }
    assert_eq!(wrong_answered, 5, "five guesses per login, not per token");
    let (token, path) = refusal.expect("a later token was refused");
    // Not even the right code is tried at the utility now.
    let (code, body) = server
        .post(&path, Some(&token), json!({"code": "123456"}))
        .await;
    assert_locked(code, &body);
}

/// Guesses sent at the same moment through several tokens (or replicas) must
/// not all slip under the per-login cap by reading the same count.
#[tokio::test]
async fn simultaneous_wrong_codes_stop_exactly_at_the_login_cap() {
    // The sandbox then takes about 300 ms to check a code: every guess is in
    // flight at once.
    let server = Arc::new(Server::start(&["--sandbox-delay-ms", "900"]).await);
    let victim = unique("mfa-race");
    let mut challenges = JoinSet::new();
    for _ in 0..8 {
        let (server, victim) = (server.clone(), victim.clone());
        challenges.spawn(async move { challenge(&server, &victim).await });
    }
    let mut guesses = JoinSet::new();
    for (token, id) in challenges.join_all().await {
        let server = server.clone();
        guesses.spawn(async move {
            let path = format!("/connect/credentials/{id}/mfa/code");
            server
                .post(&path, Some(&token), json!({"code": "000000"}))
                .await
        });
    }
    let answers = guesses.join_all().await;
    let wrong = answers.iter().filter(|(code, _)| *code == 200).count();
    let locked = answers
        .iter()
        .filter(|(code, body)| *code == 429 && body["error"]["type"] == "login_temporarily_locked")
        .count();
    assert_eq!((wrong, locked), (5, 3), "{answers:?}");
}
