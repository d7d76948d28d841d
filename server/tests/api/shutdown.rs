//! Stopping and logging as an operator's process manager sees them.

use std::io::{Read, Write};
use std::time::Duration;

use crate::common::*;

#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_then_exits_zero() {
    let mut server = Server::start_production(&[], &[]).await;
    let client = server.add_client("Stopping App", None);
    let addr = server.url.trim_start_matches("http://").to_string();
    let body = format!(
        r#"{{"client_id":"{}","client_secret":"{}"}}"#,
        client.client_id, client.client_secret
    );
    let (first, rest) = body.split_at(body.len() / 2);
    // A request whose body is still arriving when the signal comes.
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "POST /auth/access_token HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{first}",
        body.len()
    )
    .unwrap();
    stream.flush().unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    let status = std::process::Command::new("kill")
        .args(["-TERM", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        std::net::TcpStream::connect(&addr).is_err(),
        "no new connections after SIGTERM"
    );

    stream.write_all(rest.as_bytes()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("access_token"), "{response}");

    assert_eq!(server.wait_exit(Duration::from_secs(10)).await, Some(0));
    let logs = server.logs();
    assert!(
        logs.contains("shutting down") && logs.contains("job claims released"),
        "{logs}"
    );
}

#[tokio::test]
async fn json_logs_are_one_object_per_line() {
    let server = Server::start_production(&["--log-format", "json"], &[]).await;
    let (status, _) = server.get("/healthz", None).await;
    assert_eq!(status, 200);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let logs = server.logs();
    let lines: Vec<&str> = logs.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() >= 2, "{logs}");
    for line in &lines {
        let parsed: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}"));
        assert!(parsed["fields"]["message"].is_string(), "{line}");
        assert!(parsed["level"].is_string(), "{line}");
    }
    assert!(logs.contains("GET /healthz 200"), "{logs}");
}
