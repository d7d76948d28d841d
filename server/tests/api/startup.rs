//! Starting the binary: configuration errors, first-start sandbox client, `clients add`.

use std::process::Command;

use crate::common::*;

fn serve(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(BIN)
        .arg("serve")
        .args(args)
        .env_remove("UTILITY_CONNECT_MASTER_KEY")
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into(),
        String::from_utf8_lossy(&output.stderr).into(),
    )
}

fn one_error_line(stderr: &str, expected: &str) {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with("error: ") && lines[0].contains(expected),
        "{stderr}"
    );
}

#[test]
fn configuration_errors_exit_non_zero_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");

    // A data dir that cannot be created (a file is in the way).
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    let below_file = blocker.join("data");
    let (code, _, stderr) = serve(&[
        "--addr",
        "127.0.0.1:0",
        "--data-dir",
        below_file.to_str().unwrap(),
    ]);
    assert_ne!(code, Some(0));
    one_error_line(&stderr, "data dir");

    // A port in use.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (code, _, stderr) = serve(&["--addr", &addr, "--data-dir", data.to_str().unwrap()]);
    assert_ne!(code, Some(0));
    one_error_line(&stderr, "cannot listen");

    // A damaged key file.
    std::fs::write(data.join("master.key"), "not a key").unwrap();
    let (code, _, stderr) = serve(&[
        "--addr",
        "127.0.0.1:0",
        "--data-dir",
        data.to_str().unwrap(),
    ]);
    assert_ne!(code, Some(0));
    one_error_line(&stderr, "key file");

    // A bad key in the environment.
    let output = Command::new(BIN)
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--data-dir",
            data.to_str().unwrap(),
        ])
        .env("UTILITY_CONNECT_MASTER_KEY", "short")
        .output()
        .unwrap();
    assert_ne!(output.status.code(), Some(0));
    one_error_line(
        &String::from_utf8_lossy(&output.stderr),
        "UTILITY_CONNECT_MASTER_KEY",
    );

    // Bad flags: usage, exit 2.
    let (code, _, stderr) = serve(&["--data-dir", "x", "--sandbox-delay-ms", "soon"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with("error: ") && stderr.contains("--sandbox-delay-ms"),
        "{stderr}"
    );
}

#[tokio::test]
async fn the_sandbox_client_secret_is_printed_once() {
    let mut server = Server::start_binary(&[]).await;
    let first = server.logs();
    assert_eq!(first.matches("client_secret=").count(), 1);
    assert!(first.contains("Demo Energy App"));
    server.restart().await;
    assert_eq!(
        server.logs().matches("client_secret=").count(),
        1,
        "not again on the second start"
    );
    // The secret printed the first time still works.
    server.access_token(&server.sandbox.clone()).await;
    let key = std::fs::metadata(server.data_dir.join("master.key")).unwrap();
    #[cfg(unix)]
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&key.permissions()) & 0o777,
        0o600
    );
}

#[tokio::test]
async fn a_master_key_from_the_environment() {
    let key = "0f".repeat(32);
    let server = Server::start_with_env(&[], &[("UTILITY_CONNECT_MASTER_KEY", key.as_str())]).await;
    assert!(
        !server.data_dir.join("master.key").exists(),
        "no key file when the env var is set"
    );
    let token = server.create_token(&server.sandbox, "env").await;
    let id = server.submit_ok(&token, "verified").await;
    server.poll_status(&token, id, "verified").await;
}

#[test]
fn clients_add_prints_the_secrets_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(BIN)
        .args([
            "clients",
            "add",
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--name",
            "Host App",
        ])
        .args([
            "--webhook-url",
            "https://host.example/hooks",
            "--allowed-origin",
            "https://host.example",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let object = printed.as_object().unwrap();
    assert_eq!(object.len(), 3);
    assert!(printed["client_id"].as_str().unwrap().starts_with("cl_"));
    assert!(printed["client_secret"].as_str().unwrap().len() >= 40);
    assert!(printed["webhook_signing_secret"]
        .as_str()
        .unwrap()
        .starts_with("whsec_"));
    let bad = Command::new(BIN)
        .args([
            "clients",
            "add",
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--name",
            "X",
            "--webhook-url",
            "ftp://x",
        ])
        .output()
        .unwrap();
    assert!(!bad.status.success());
}
