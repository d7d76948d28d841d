//! The harness: the server on a free loopback port with a temporary data
//! dir, and a webhook receiver to point it at. `Server::start` builds the
//! server in this process: the helpers (`get`, `post`, ...) call its router
//! directly (`oneshot`), and it also listens on loopback for tests that send
//! raw HTTP (`server.http` to `server.url`). `Server::start_binary` runs the
//! real binary instead, for what needs the process: its logs, a restart, a
//! kill -9, its environment.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tower::ServiceExt;
use utility_connect_server::keys::Keys;
use utility_connect_server::store::Db;
use utility_connect_server::{app, cli, clients, http_layer};

/// Whether this run of the suite keeps every server's store in PostgreSQL.
pub fn on_postgres() -> bool {
    crate::pg_support::cluster_url().is_some()
}

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
    /// The PostgreSQL database behind this server, when the suite runs on
    /// PostgreSQL (`UTILITY_CONNECT_TEST_DATABASE_URL`); `None` on SQLite.
    pub database_url: Option<String>,
    /// Set when the server runs in this process.
    in_process: Option<InProcess>,
    pub url: String,
    pub data_dir: PathBuf,
    log_dir: PathBuf,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
    args: Vec<String>,
    envs: Vec<(String, String)>,
    /// The binary's umask (octal, e.g. "022"), when a test sets one.
    umask: Option<String>,
    starts: usize,
    /// The sandbox client, read from the first start's log.
    pub sandbox: Creds,
    pub http: reqwest::Client,
}

struct InProcess {
    router: axum::Router,
    listening: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
        if let Some(in_process) = self.in_process.take() {
            in_process.listening.abort();
        }
    }
}

impl Server {
    /// The server in this process, in sandbox mode, with the binary's flags
    /// (`serve` options).
    pub async fn start(args: &[&str]) -> Server {
        let mut server = Server::new(args, &[], true);
        let mut argv: Vec<String> = ["serve", "--addr", "127.0.0.1:0", "--data-dir"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        argv.push(server.data_dir.to_string_lossy().into_owned());
        argv.extend(server.args.iter().cloned());
        let Ok(cli::Command::Serve(options)) = cli::parse(argv.into_iter()) else {
            panic!("not serve flags: {args:?}");
        };
        let db = Db::open_at(&options.store).unwrap();
        let keys = Keys::load_or_create(&options.data_dir).unwrap();
        let created = clients::create_sandbox_client(&db, &keys).unwrap().unwrap();
        server.sandbox = Creds {
            client_id: created.client_id,
            client_secret: created.client_secret,
            webhook_signing_secret: created.webhook_signing_secret,
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let bound = listener.local_addr().unwrap();
        let public_url = options
            .public_url
            .unwrap_or_else(|| format!("http://{bound}"));
        let state = app::open_state(
            db,
            keys,
            public_url,
            options.timing,
            options.login_limit,
            options.sandbox,
        )
        .unwrap();
        app::spawn_workers(&state);
        let router = app::router(state, options.demo_host, options.static_dir.as_deref());
        let serving = router.clone();
        let listening = tokio::spawn(async move {
            // The binary's accept loop, so raw-HTTP tests meet its limits.
            http_layer::serve(listener, serving, std::future::pending())
                .await
                .unwrap();
        });
        server.url = format!("http://{bound}");
        server.in_process = Some(InProcess { router, listening });
        server
    }

    /// The real binary in sandbox mode, as a developer runs it.
    pub async fn start_binary(args: &[&str]) -> Server {
        Server::start_with_env(args, &[]).await
    }

    /// The real binary in sandbox mode with extra environment variables.
    pub async fn start_with_env(args: &[&str], envs: &[(&str, &str)]) -> Server {
        let mut server = Server::new(args, envs, true);
        server.launch().await;
        server.sandbox = sandbox_creds(&server.logs());
        server
    }

    /// The real binary as an operator runs it in production: no `--sandbox`,
    /// so no sandbox client (`server.sandbox` stays empty).
    pub async fn start_production(args: &[&str], envs: &[(&str, &str)]) -> Server {
        let mut server = Server::new(args, envs, false);
        server.launch().await;
        server
    }

    /// One more replica of a server on the PostgreSQL database `database_url`
    /// (no sandbox credentials read: the first replica created them).
    pub async fn start_replica(args: &[&str], envs: &[(&str, &str)], database_url: &str) -> Server {
        let mut server = Server::new_on(args, envs, true, Some(database_url.to_string()));
        server.launch().await;
        server
    }

    fn new(args: &[&str], envs: &[(&str, &str)], sandbox: bool) -> Server {
        let database_url = on_postgres().then(crate::pg_support::fresh_database);
        Server::new_on(args, envs, sandbox, database_url)
    }

    fn new_on(
        args: &[&str],
        envs: &[(&str, &str)],
        sandbox: bool,
        database_url: Option<String>,
    ) -> Server {
        let data = tempfile::tempdir().unwrap();
        let logs = tempfile::tempdir().unwrap();
        let mut all: Vec<String> = Vec::new();
        if sandbox {
            all.push("--sandbox".into());
        }
        all.extend(FAST.iter().map(|s| s.to_string()));
        all.extend(args.iter().map(|s| s.to_string()));
        if let Some(url) = &database_url {
            // A restarted process takes its killed predecessor's jobs over
            // when their leases run out (SQLite frees them at start).
            all.extend(["--work-lease-secs".to_string(), "3".to_string()]);
            all.extend(["--database-url".to_string(), url.clone()]);
        }
        Server {
            child: None,
            database_url,
            in_process: None,
            url: String::new(),
            data_dir: data.path().join("data"),
            log_dir: logs.path().to_path_buf(),
            _dirs: (data, logs),
            args: all,
            envs: envs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            umask: None,
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
        }
    }

    async fn launch(&mut self) {
        self.starts += 1;
        let log_path = self.log_dir.join(format!("server-{}.log", self.starts));
        let log = std::fs::File::create(&log_path).unwrap();
        let mut command = match &self.umask {
            // The shell sets the umask, then becomes the binary.
            Some(mask) => {
                let mut shell = Command::new("sh");
                shell.args(["-c", &format!("umask {mask} && exec \"$0\" \"$@\""), BIN]);
                shell
            }
            None => Command::new(BIN),
        };
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
                // Text or JSON logs: the URL ends at a space or a quote.
                break rest
                    .split(|c: char| c.is_whitespace() || c == '"')
                    .next()
                    .unwrap()
                    .to_string();
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

    /// The real binary without `--sandbox`, started under `umask`.
    pub async fn start_production_with_umask(args: &[&str], umask: &str) -> Server {
        let mut server = Server::new(args, &[], false);
        server.umask = Some(umask.to_string());
        server.launch().await;
        server
    }

    /// Switches `--sandbox` on or off for the next `restart`.
    pub fn set_sandbox(&mut self, on: bool) {
        self.args.retain(|arg| arg != "--sandbox");
        if on {
            self.args.insert(0, "--sandbox".into());
        }
    }

    /// The pid of the running binary, for signals.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("a running binary").id()
    }

    /// Waits for the binary to exit by itself; its exit code.
    pub async fn wait_exit(&mut self, timeout: Duration) -> Option<i32> {
        let started = Instant::now();
        let child = self.child.as_mut().expect("a running binary");
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                self.child = None;
                return status.code();
            }
            assert!(started.elapsed() < timeout, "the server did not exit");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// An operator command (`clients …`, `keys …`) on this server's data
    /// dir: exit code, stdout, stderr.
    pub fn operate(&self, args: &[&str]) -> (i32, String, String) {
        let output = Command::new(BIN)
            .args(args)
            .arg("--data-dir")
            .arg(&self.data_dir)
            .args(self.store_flags())
            .env_remove("UTILITY_CONNECT_MASTER_KEY")
            .envs(self.envs.iter().map(|(k, v)| (k, v)))
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// `operate`, expecting success and one JSON document on stdout.
    pub fn operate_json(&self, args: &[&str]) -> Value {
        let (code, stdout, stderr) = self.operate(args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{args:?} printed {stdout}"))
    }

    /// SIGKILL: no shutdown code runs, as in a crash or an OOM kill.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// This server's store, opened beside it (SQLite's file or PostgreSQL).
    pub fn store(&self) -> Db {
        match &self.database_url {
            Some(url) => Db::connect(url).unwrap(),
            None => Db::open(&self.data_dir).unwrap(),
        }
    }

    /// Every value of every table of a PostgreSQL store, one pseudo-file per
    /// table (named after it), for the plaintext checks that read SQLite's
    /// files; nothing on SQLite, whose files the callers read themselves.
    pub fn store_dump(&self) -> Vec<(PathBuf, Vec<u8>)> {
        use utility_connect_server::store::Value;
        if self.database_url.is_none() {
            return Vec::new();
        }
        let db = self.store();
        let connection = db.lock();
        let tables: Vec<String> = connection
            .query_map(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert!(tables.len() >= 8, "{tables:?}");
        tables
            .into_iter()
            .map(|table| {
                let mut bytes = Vec::new();
                for row in connection
                    .query(&format!("SELECT * FROM {table}"), [])
                    .unwrap()
                {
                    for column in 0..row.len() {
                        match row.get::<_, Value>(column).unwrap() {
                            Value::Text(text) => bytes.extend(text.into_bytes()),
                            Value::Blob(blob) => bytes.extend(blob),
                            Value::Int(n) => bytes.extend(n.to_string().into_bytes()),
                            Value::Real(x) => bytes.extend(x.to_string().into_bytes()),
                            Value::Null => {}
                        }
                        bytes.push(0);
                    }
                }
                (PathBuf::from(format!("postgres table {table}")), bytes)
            })
            .collect()
    }

    /// `--database-url URL` when this server keeps its store in PostgreSQL.
    pub fn store_flags(&self) -> Vec<String> {
        self.database_url
            .iter()
            .flat_map(|url| ["--database-url".to_string(), url.clone()])
            .collect()
    }

    /// Starts again on the same data dir with the same flags (new port).
    pub async fn restart(&mut self) {
        assert!(
            self.in_process.is_none(),
            "restart needs Server::start_binary"
        );
        self.kill9();
        self.launch().await;
    }

    /// Everything every start of this server printed.
    pub fn logs(&self) -> String {
        assert!(self.in_process.is_none(), "logs need Server::start_binary");
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
            .args(self.store_flags())
            .args(extra)
            .env_remove("UTILITY_CONNECT_MASTER_KEY")
            .envs(self.envs.iter().map(|(k, v)| (k, v)))
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
        if let Some(in_process) = &self.in_process {
            return call_router(&in_process.router, method, path, bearer, body).await;
        }
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

    /// The status `/auth/access_token` answers for `creds`.
    pub async fn access_token_status(&self, creds: &Creds) -> u16 {
        self.post(
            "/auth/access_token",
            None,
            json!({"client_id": creds.client_id, "client_secret": creds.client_secret}),
        )
        .await
        .0
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

    /// A fresh create token for `user`, a submission with `password`, and
    /// the wait until it reaches `status`: the token and credential id.
    pub async fn settle(
        &self,
        creds: &Creds,
        user: &str,
        password: &str,
        status: &str,
    ) -> (String, i64) {
        let token = self.create_token(creds, user).await;
        let id = self.submit_ok(&token, password).await;
        self.poll_status(&token, id, status).await;
        (token, id)
    }

    pub async fn poll_status(&self, token: &str, id: i64, wanted: &str) -> Value {
        self.poll_until(token, id, Duration::from_secs(15), |b| {
            b["verification_status"] == wanted
        })
        .await
    }
}

/// One request through the router, as axum's testing example does it.
async fn call_router(
    router: &axum::Router,
    method: reqwest::Method,
    path: &str,
    bearer: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = http::Request::builder().method(method).uri(path);
    if let Some(token) = bearer {
        request = request.header(http::header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = match body {
        Some(body) => {
            request = request.header(http::header::CONTENT_TYPE, "application/json");
            axum::body::Body::from(serde_json::to_vec(&body).unwrap())
        }
        None => axum::body::Body::empty(),
    };
    let response = router
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let value =
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
    (status, value)
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
    /// How long each answer takes (ms): a slow receiver.
    pub answer_after_ms: Arc<AtomicU64>,
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
            answer_after_ms: Arc::default(),
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
                    let pause = state.answer_after_ms.load(Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(pause)).await;
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

pub fn summary(received: &[Received]) -> Vec<String> {
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
