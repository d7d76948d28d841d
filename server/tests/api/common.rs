//! The harness: the real binary on a free loopback port with a temporary
//! data dir, driven over HTTP; and a webhook receiver to point it at.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const BIN: &str = env!("CARGO_BIN_EXE_utility-connect-server");
/// Commonwealth Edison: no account number needed.
pub const COMED: u32 = 4110;
pub const CON_ED: u32 = 4226;

/// Fast sandbox timings unless a test overrides them (later flags win).
const FAST: &[&str] = &["--sandbox-delay-ms", "30", "--webhook-retry-base-ms", "100"];

#[derive(Clone, Debug)]
pub struct Creds {
    pub client_id: String,
    pub client_secret: String,
    pub webhook_signing_secret: String,
}

pub struct Server {
    child: Option<Child>,
    pub url: String,
    pub data_dir: PathBuf,
    log_dir: PathBuf,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
    args: Vec<String>,
    envs: Vec<(String, String)>,
    starts: usize,
    /// The sandbox client, read from the first start's log.
    pub sandbox: Creds,
    pub http: reqwest::Client,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
    }
}

impl Server {
    pub async fn start(args: &[&str]) -> Server {
        Server::start_with_env(args, &[]).await
    }

    pub async fn start_with_env(args: &[&str], envs: &[(&str, &str)]) -> Server {
        let data = tempfile::tempdir().unwrap();
        let logs = tempfile::tempdir().unwrap();
        let mut all: Vec<String> = FAST.iter().map(|s| s.to_string()).collect();
        all.extend(args.iter().map(|s| s.to_string()));
        let mut server = Server {
            child: None,
            url: String::new(),
            data_dir: data.path().join("data"),
            log_dir: logs.path().to_path_buf(),
            _dirs: (data, logs),
            args: all,
            envs: envs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            starts: 0,
            sandbox: Creds {
                client_id: String::new(),
                client_secret: String::new(),
                webhook_signing_secret: String::new(),
            },
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
        };
        server.launch().await;
        server.sandbox = sandbox_creds(&server.logs());
        server
    }

    async fn launch(&mut self) {
        self.starts += 1;
        let log_path = self.log_dir.join(format!("server-{}.log", self.starts));
        let log = std::fs::File::create(&log_path).unwrap();
        let mut command = Command::new(BIN);
        command
            .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
            .arg(&self.data_dir)
            .args(&self.args)
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .env_remove("UTILITY_CONNECT_MASTER_KEY");
        for (key, value) in &self.envs {
            command.env(key, value);
        }
        let mut child = command.spawn().unwrap();
        let started = Instant::now();
        let url = loop {
            let text = std::fs::read_to_string(&log_path).unwrap_or_default();
            if let Some(at) = text.find("listening on http://") {
                let rest = &text[at + "listening on ".len()..];
                break rest.split_whitespace().next().unwrap().to_string();
            }
            if let Some(status) = child.try_wait().unwrap() {
                panic!("server exited with {status} before listening:\n{text}");
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "server did not start:\n{text}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        self.url = url;
        self.child = Some(child);
    }

    /// SIGKILL: no shutdown code runs, as in a crash or an OOM kill.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts again on the same data dir with the same flags (new port).
    pub async fn restart(&mut self) {
        self.kill9();
        self.launch().await;
    }

    /// Everything every start of this server printed.
    pub fn logs(&self) -> String {
        (1..=self.starts)
            .map(|n| {
                std::fs::read_to_string(self.log_dir.join(format!("server-{n}.log")))
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn add_client(&self, name: &str, webhook_url: Option<&str>) -> Creds {
        let mut extra = Vec::new();
        if let Some(url) = webhook_url {
            extra.extend(["--webhook-url", url]);
        }
        self.add_client_with(name, &extra)
    }

    /// A client whose connect tokens only the given browser origins may use.
    pub fn add_client_with_origins(&self, name: &str, origins: &[&str]) -> Creds {
        let extra: Vec<&str> = origins
            .iter()
            .flat_map(|origin| ["--allowed-origin", origin])
            .collect();
        self.add_client_with(name, &extra)
    }

    /// A client registered with a logo.
    pub fn add_client_with_logo(&self, name: &str, logo_url: &str) -> Creds {
        self.add_client_with(name, &["--logo-url", logo_url])
    }

    /// `clients add` on this server's data dir, as the operator runs it.
    pub fn clients_add(&self, name: &str, extra: &[&str]) -> std::process::Output {
        Command::new(BIN)
            .args(["clients", "add", "--data-dir"])
            .arg(&self.data_dir)
            .args(["--name", name])
            .args(extra)
            .output()
            .unwrap()
    }

    fn add_client_with(&self, name: &str, extra: &[&str]) -> Creds {
        let output = self.clients_add(name, extra);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
        Creds {
            client_id: printed["client_id"].as_str().unwrap().into(),
            client_secret: printed["client_secret"].as_str().unwrap().into(),
            webhook_signing_secret: printed["webhook_signing_secret"].as_str().unwrap().into(),
        }
    }

    pub async fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self.http.request(method, format!("{}{path}", self.url));
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let value =
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
        (status, value)
    }

    pub async fn get(&self, path: &str, bearer: Option<&str>) -> (u16, Value) {
        self.request(reqwest::Method::GET, path, bearer, None).await
    }

    pub async fn post(&self, path: &str, bearer: Option<&str>, body: Value) -> (u16, Value) {
        self.request(reqwest::Method::POST, path, bearer, Some(body))
            .await
    }

    pub async fn access_token(&self, creds: &Creds) -> String {
        let (status, body) = self
            .post(
                "/auth/access_token",
                None,
                json!({"client_id": creds.client_id, "client_secret": creds.client_secret}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body["access_token"].as_str().unwrap().to_string()
    }

    pub async fn connect_token(&self, access: &str, body: Value) -> String {
        let (status, body) = self.post("/auth/connect_token", Some(access), body).await;
        assert_eq!(status, 200, "{body}");
        body["connect_token"].as_str().unwrap().to_string()
    }

    /// A create-mode token for `user` of `creds`' client.
    pub async fn create_token(&self, creds: &Creds, user: &str) -> String {
        let access = self.access_token(creds).await;
        self.connect_token(&access, json!({"client_user_id": user}))
            .await
    }

    pub async fn submit(&self, token: &str, utility_id: u32, password: &str) -> (u16, Value) {
        self.post(
            "/connect/credentials",
            Some(token),
            json!({"utility_id": utility_id, "username": "someone@example.com", "password": password}),
        )
        .await
    }

    /// Submits and expects 201; returns the credential id.
    pub async fn submit_ok(&self, token: &str, password: &str) -> i64 {
        let (status, body) = self.submit(token, COMED, password).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["verification_status"], "pending");
        body["utility_credential_id"].as_i64().unwrap()
    }

    /// Polls the component's status route until `done` holds.
    pub async fn poll_until(
        &self,
        token: &str,
        id: i64,
        timeout: Duration,
        done: impl Fn(&Value) -> bool,
    ) -> Value {
        let started = Instant::now();
        loop {
            let (status, body) = self
                .get(&format!("/connect/credentials/{id}"), Some(token))
                .await;
            assert_eq!(status, 200, "{body}");
            if done(&body) {
                return body;
            }
            assert!(
                started.elapsed() < timeout,
                "gave up waiting; last status: {body}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    pub async fn poll_status(&self, token: &str, id: i64, wanted: &str) -> Value {
        self.poll_until(token, id, Duration::from_secs(15), |b| {
            b["verification_status"] == wanted
        })
        .await
    }
}

fn sandbox_creds(log: &str) -> Creds {
    let field = |name: &str| {
        let at = log
            .find(&format!("{name}="))
            .unwrap_or_else(|| panic!("no {name} in log:\n{log}"));
        log[at + name.len() + 1..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_string()
    };
    Creds {
        client_id: field("client_id"),
        client_secret: field("client_secret"),
        webhook_signing_secret: field("webhook_signing_secret"),
    }
}

/// A webhook endpoint on loopback that records what it receives. While
/// `failing`, it answers 503 (and still records the attempt).
#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    pub failing: Arc<AtomicBool>,
    pub attempts: Arc<AtomicUsize>,
}

#[derive(Clone, Debug)]
pub struct Received {
    pub headers: http::HeaderMap,
    pub body: Vec<u8>,
    pub accepted: bool,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    pub fn id(&self) -> String {
        self.headers["webhook-id"].to_str().unwrap().to_string()
    }
}

impl Receiver {
    pub async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let receiver = Receiver {
            url: format!("http://{addr}/hooks/utility"),
            addr,
            received: Arc::default(),
            failing: Arc::default(),
            attempts: Arc::default(),
        };
        let state = receiver.clone();
        let app = axum::Router::new().route(
            "/hooks/utility",
            axum::routing::post(move |headers: http::HeaderMap, body: axum::body::Bytes| {
                let state = state.clone();
                async move {
                    state.attempts.fetch_add(1, Ordering::SeqCst);
                    let accepted = !state.failing.load(Ordering::SeqCst);
                    state.received.lock().unwrap().push(Received {
                        headers,
                        body: body.to_vec(),
                        accepted,
                    });
                    if accepted {
                        http::StatusCode::NO_CONTENT
                    } else {
                        http::StatusCode::SERVICE_UNAVAILABLE
                    }
                }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        receiver
    }

    pub fn all(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Deliveries answered 2xx, deduplicated on `webhook-id` as a receiver must.
    pub fn delivered(&self) -> Vec<Received> {
        let mut seen = std::collections::HashSet::new();
        self.all()
            .into_iter()
            .filter(|r| r.accepted && seen.insert(r.id()))
            .collect()
    }

    pub async fn wait_for(
        &self,
        timeout: Duration,
        done: impl Fn(&[Received]) -> bool,
    ) -> Vec<Received> {
        let started = Instant::now();
        loop {
            let delivered = self.delivered();
            if done(&delivered) {
                return delivered;
            }
            assert!(
                started.elapsed() < timeout,
                "webhooks not received in time; got {:?}",
                summary(&delivered)
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Waits for an accepted event of `kind` about credential `id`.
    pub async fn wait_for_event(&self, kind: &str, id: i64, timeout: Duration) -> Received {
        let found = self
            .wait_for(timeout, |all| {
                all.iter()
                    .any(|r| r.json()["type"] == kind && r.json()["data"]["id"] == id)
            })
            .await;
        found
            .into_iter()
            .find(|r| r.json()["type"] == kind && r.json()["data"]["id"] == id)
            .unwrap()
    }
}

fn summary(received: &[Received]) -> Vec<String> {
    received
        .iter()
        .map(|r| format!("{} {}", r.json()["type"], r.json()["data"]["id"]))
        .collect()
}

/// Checks a delivery with the published `standardwebhooks` crate, not our code.
pub fn verify_signature(secret: &str, received: &Received) {
    let verifier = standardwebhooks::Webhook::new(secret).expect("whsec_ secret");
    verifier
        .verify(&received.body, &received.headers)
        .expect("signature verifies");
}

pub fn read_dir_bytes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(read_dir_bytes(&path));
        } else {
            files.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    files
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

/// A fresh suffix so test passwords and users never collide.
pub fn unique(prefix: &str) -> String {
    use rand::Rng;
    format!("{prefix}-{:08x}", rand::thread_rng().gen::<u32>())
}
