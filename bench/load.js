// The server under load, from a second process (wrk, 32 connections): requests
// per second and p50/p99 for utilities by zip, the status poll and credential
// submission, and the server's peak memory (VmHWM). Three columns: SQLite;
// PostgreSQL with one replica; PostgreSQL with two replicas, each driven by
// its own wrk with 16 connections at once (requests per second summed, p50
// and p99 the worse of the two). The PostgreSQL columns run when
// scripts/pg-cluster.sh exists and the server takes --database-url.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const crypto = require("node:crypto");
const { execFile, execFileSync } = require("node:child_process");
const { startServer, peakMemoryKb, runServerCommand } = require("./server");

const repoRoot = path.resolve(__dirname, "..");
const pgCluster = path.join(repoRoot, "scripts", "pg-cluster.sh");
const CONNECTIONS = 32;
const DURATION_S = Number(process.env.BENCH_LOAD_SECONDS || 8);
// Submissions each spend a token, so they run shorter, on as many tokens as fit.
const SUBMIT_DURATION_S = Number(process.env.BENCH_SUBMIT_SECONDS || 5);
// Connect tokens are minted per client at 200 at once, then 20 a second
// (the host throttle), so the submission test's tokens come from several clients.
// Enough for five seconds at well above SQLite's measured rate (1,300/s), so
// that no token comes round again and every non-2xx answer is a real failure;
// 200 a client at once, the rest at the throttle's pace, from 21 clients.
const TOKENS_PER_CLIENT = 400;
const SUBMIT_TOKENS = Number(process.env.BENCH_SUBMIT_TOKENS || 8000);
const POLLED_CREDENTIALS = 64;

function wrkScript(parts) {
  const file = path.join(os.tmpdir(), `uc-bench-${parts.join("-").replace(/\.lua/g, "")}.lua`);
  fs.writeFileSync(file, parts.map((part) => fs.readFileSync(path.join(__dirname, "wrk", part), "utf8")).join("\n"));
  return file;
}

const SCRIPTS = {
  utilitiesByZip: ["utilities.lua", "report.lua"],
  statusPoll: ["tokens.lua", "poll.lua", "report.lua"],
  credentialSubmission: ["tokens.lua", "submit.lua", "report.lua"],
};

function runWrk(url, script, connections, dataFile, seconds) {
  const threads = Math.min(2, connections);
  const args = [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, "--timeout", "10s", "-s", wrkScript(script), url, "--", dataFile, String(threads)];
  return new Promise((resolve, reject) => {
    execFile("wrk", args, { encoding: "utf8" }, (error, stdout, stderr) => {
      const line = stdout.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
      if (error || !line) {
        // The column's note keeps one line: wrk's own counts say what went wrong.
        const counts = stdout.split("\n").filter((l) => /requests in|Non-2xx|Socket errors/.test(l)).map((l) => l.trim()).join("; ");
        return reject(new Error(`wrk against ${url} gave no result (${error ? String(error.message).split("\n")[0] : "no BENCH_RESULT line"}): ${counts || stderr.trim()}`));
      }
      const r = JSON.parse(line.slice("BENCH_RESULT ".length));
      const seconds = r.duration_us / 1e6;
      resolve({ requestsPerSecond: r.requests / seconds, okPerSecond: (r.requests - r.non_2xx) / seconds, p50Ms: r.p50_us / 1000, p99Ms: r.p99_us / 1000, requests: r.requests, non2xx: r.non_2xx, socketErrors: r.socket_errors, connections });
    });
  });
}

/** wrk against every replica at once, the connections split between them. */
async function runWrkOnAll(urls, script, dataFiles, seconds = DURATION_S) {
  const each = await Promise.all(urls.map((url, i) => runWrk(url, script, CONNECTIONS / urls.length, dataFiles[i], seconds)));
  const sum = (key) => each.reduce((total, r) => total + r[key], 0);
  const worst = (key) => Math.max(...each.map((r) => r[key]));
  return { requestsPerSecond: sum("requestsPerSecond"), okPerSecond: sum("okPerSecond"), p50Ms: worst("p50Ms"), p99Ms: worst("p99Ms"), requests: sum("requests"), non2xx: sum("non2xx"), socketErrors: sum("socketErrors"), perReplica: urls.length > 1 ? each : undefined };
}

async function postJson(url, body, bearer) {
  const headers = { "Content-Type": "application/json" };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  const json = await response.json();
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One connect token, waiting out the per-client throttle (429) as a host would. */
async function mintOne(url, access, clientUserId) {
  for (;;) {
    const response = await fetch(`${url}/auth/connect_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${access}` },
      body: JSON.stringify({ client_user_id: clientUserId }),
    });
    const json = await response.json();
    if (response.ok) return json.connect_token;
    if (response.status !== 429) throw new Error(`POST ${url}/auth/connect_token: ${response.status} ${JSON.stringify(json)}`);
    await sleep(50);
  }
}

/**
 * Registers clients through the CLI and mints `count` connect tokens,
 * `TOKENS_PER_CLIENT` per client, the clients side by side (few clients:
 * access tokens are limited per address).
 */
async function mintTokens(url, count, clientArgs, env) {
  const clients = [];
  for (let c = 0; c * TOKENS_PER_CLIENT < count; c++) {
    const client = JSON.parse(runServerCommand(["clients", "add", ...clientArgs, "--name", `bench-${c}`], env));
    const { access_token: access } = await postJson(`${url}/auth/access_token`, { client_id: client.client_id, client_secret: client.client_secret });
    clients.push({ access, wanted: Math.min(TOKENS_PER_CLIENT, count - c * TOKENS_PER_CLIENT) });
  }
  const perClient = await Promise.all(
    clients.map(async ({ access, wanted }, c) => {
      const minted = [];
      // 50 requests in flight per client: the throttle's burst, then its pace.
      for (let i = 0; i < wanted; i += 50) {
        const batch = Array.from({ length: Math.min(50, wanted - i) }, (_, j) => mintOne(url, access, `bench-user-${c}-${i + j}`));
        minted.push(...(await Promise.all(batch)));
      }
      return minted;
    }),
  );
  return perClient.flat();
}

function writeLines(file, lines) {
  fs.writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** Splits `lines` into one file per replica. */
function shareOut(dir, name, lines, replicas) {
  return Array.from({ length: replicas }, (_, r) => writeLines(path.join(dir, `${name}-${r}.txt`), lines.filter((_, i) => i % replicas === r)));
}

/** One column: the three loads against `servers` (their clients made with `clientArgs`). */
async function measureColumn(servers, clientArgs, env, dir, progress) {
  const urls = servers.map((s) => s.url);
  const tokens = await mintTokens(urls[0], 1 + POLLED_CREDENTIALS + SUBMIT_TOKENS, clientArgs, env);
  progress(`minted ${tokens.length} connect tokens`);
  const zipFile = writeLines(path.join(dir, "zip-token.txt"), [tokens[0]]);
  const pollTokens = tokens.slice(1, 1 + POLLED_CREDENTIALS);
  const pollLines = await Promise.all(
    pollTokens.map(async (token, i) => {
      const status = await postJson(`${urls[0]}/connect/credentials`, { utility_id: 4110, zip: "60601", username: `bench-poll-${i}`, password: "verified" }, token);
      return `${token} ${status.utility_credential_id}`;
    }),
  );
  const results = {};
  results.utilitiesByZip = await runWrkOnAll(urls, SCRIPTS.utilitiesByZip, urls.map(() => zipFile));
  progress(`utilities by zip: ${results.utilitiesByZip.requestsPerSecond.toFixed(0)} req/s`);
  results.statusPoll = await runWrkOnAll(urls, SCRIPTS.statusPoll, shareOut(dir, "poll", pollLines, urls.length));
  progress(`status poll: ${results.statusPoll.requestsPerSecond.toFixed(0)} req/s`);
  results.credentialSubmission = await runWrkOnAll(urls, SCRIPTS.credentialSubmission, shareOut(dir, "submit", tokens.slice(1 + POLLED_CREDENTIALS), urls.length), SUBMIT_DURATION_S);
  progress(`credential submission: ${results.credentialSubmission.requestsPerSecond.toFixed(0)} req/s`);
  results.peakMemoryKb = servers.map((s) => peakMemoryKb(s.pid));
  return results;
}

// The e2e harness passes --sandbox (and --demo-host, unused here); this sets the delay.
const SERVE_FLAGS = ["--sandbox-delay-ms", "0"];

async function sqliteColumn(progress) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-bench-sqlite-"));
  const dataDir = path.join(dir, "data");
  const server = await startServer(SERVE_FLAGS, dataDir);
  try {
    return await measureColumn([server], ["--data-dir", dataDir], {}, dir, progress);
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Why the PostgreSQL columns cannot run in this tree, or null when they can. */
function postgresMissing() {
  if (!fs.existsSync(pgCluster)) return "scripts/pg-cluster.sh is not in this tree (issue 11's PostgreSQL storage is not merged)";
  if (!runServerCommand(["serve", "--help"]).includes("--database-url")) return "the server's `serve` has no --database-url";
  if (!runServerCommand(["clients", "add", "--help"]).includes("--database-url")) return "the server's `clients add` has no --database-url";
  return null;
}

async function postgresColumn(replicas, progress) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-bench-pg-"));
  const clusterDir = path.join(dir, "cluster");
  const databaseUrl = execFileSync("bash", [pgCluster, "start", clusterDir], { encoding: "utf8" }).trim().split("\n").pop();
  // Every replica reads the same master key: tokens minted on one work on all.
  // The harness starts the server with this process's environment.
  const env = { UTILITY_CONNECT_MASTER_KEY: crypto.randomBytes(32).toString("hex") };
  Object.assign(process.env, env);
  const servers = [];
  try {
    for (let r = 0; r < replicas; r++) {
      servers.push(await startServer(["--database-url", databaseUrl, ...SERVE_FLAGS], path.join(dir, `replica-${r}`)));
    }
    return await measureColumn(servers, ["--data-dir", path.join(dir, "replica-0"), "--database-url", databaseUrl], env, dir, progress);
  } finally {
    delete process.env.UTILITY_CONNECT_MASTER_KEY;
    for (const server of servers) await server.stop();
    execFileSync("bash", [pgCluster, "stop", clusterDir], { stdio: "inherit" });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function measureLoad(progress) {
  const columns = {};
  progress("server load: SQLite");
  columns.sqlite = await sqliteColumn(progress);
  const missing = postgresMissing();
  for (const [name, replicas] of [["postgres1", 1], ["postgres2", 2]]) {
    if (missing) {
      columns[name] = { notMeasured: missing };
      continue;
    }
    progress(`server load: PostgreSQL, ${replicas} replica(s)`);
    columns[name] = await postgresColumn(replicas, progress).catch((error) => ({ notMeasured: `failed: ${String(error.message || error).split("\n")[0]}` }));
  }
  return { connections: CONNECTIONS, durationSeconds: DURATION_S, submitDurationSeconds: SUBMIT_DURATION_S, submitTokens: SUBMIT_TOKENS, polledCredentials: POLLED_CREDENTIALS, columns };
}

module.exports = { measureLoad };
