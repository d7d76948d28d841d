// Measures what users feel and what hosts download: bundle sizes (raw, gzip,
// brotli), time from the host's button to the consent screen in frame mode
// and inline mode side by side (cold: first open in a fresh browser context;
// warm: the second open), and Connect API latency. Run it with
// `bash scripts/bench.sh`; numbers go to stdout as a table and as JSON.
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const { chromium } = require("@playwright/test");
const { startServer } = require("../e2e/fixtures/server");

const repoRoot = path.resolve(__dirname, "..");
const runs = Number(process.env.BENCH_RUNS || 15);

function sizes(file) {
  const bytes = fs.readFileSync(path.join(repoRoot, file));
  return {
    file,
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = (q) => Math.round(10 * sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]) / 10;
  return { median: pick(0.5), p95: pick(0.95), min: pick(0), max: pick(1), n: sorted.length };
}

/** Host button to consent screen, in one isolation mode: cold (fresh context) and warm (second open). */
async function openTimings(browser, server, isolation) {
  const cold = [];
  const warm = [];
  for (let i = 0; i < runs; i++) {
    // A fresh context each run: nothing cached, as for a first-time visitor.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/?isolation=${isolation}`);
    await page.waitForFunction(() => window.UtilityConnect);
    const agree = isolation === "frame"
      ? page.frameLocator('iframe[title="Connect your utility account"]').getByRole("button", { name: "Agree and continue" })
      : page.getByRole("button", { name: "Agree and continue" });
    for (const samples of [cold, warm]) {
      const clickedAt = await page.evaluate(() => {
        const t = performance.now();
        document.getElementById("connect-button").click();
        return t;
      });
      await agree.waitFor();
      samples.push((await page.evaluate(() => performance.now())) - clickedAt);
      await page.keyboard.press("Escape");
      await page.getByRole("dialog").waitFor({ state: "detached" });
    }
    await context.close();
  }
  return { coldOpenMs: stats(cold), warmOpenMs: stats(warm) };
}

async function browserTimings(server) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    return { frame: await openTimings(browser, server, "frame"), inline: await openTimings(browser, server, "inline") };
  } finally {
    await browser.close();
  }
}

async function apiTimings(server) {
  const post = async (url, body) => {
    const started = performance.now();
    const response = await fetch(server.url + url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} → ${response.status}`);
    return performance.now() - started;
  };
  const get = async (url, token) => {
    const started = performance.now();
    const response = await fetch(server.url + url, { headers: { Authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} → ${response.status}`);
    return performance.now() - started;
  };
  const mint = [];
  for (let i = 0; i < 200; i++) mint.push(await post("/demo/connect_token", {}));
  const { connect_token: token } = await (await fetch(server.url + "/demo/connect_token", { method: "POST", body: "{}" })).json();
  const session = [];
  for (let i = 0; i < 200; i++) session.push(await get("/connect/session", token));
  const zip = [];
  for (let i = 0; i < 200; i++) zip.push(await get("/utilities?zip=10001", token));
  const search = [];
  for (let i = 0; i < 200; i++) search.push(await get("/utilities?q=con%20ed", token));
  return {
    mintConnectTokenMs: stats(mint),
    sessionMs: stats(session),
    utilitiesByZipMs: stats(zip),
    utilitiesByNameMs: stats(search),
  };
}

(async () => {
  const bundle = ["pkg/utility_connect_bg.wasm", "pkg/utility_connect.js", "pkg/utility-connect.js"].map(sizes);
  const server = await startServer(["--sandbox-delay-ms", "0"]);
  try {
    const browser = await browserTimings(server);
    const api = await apiTimings(server).catch((error) => ({ error: String(error) }));
    const result = { date: new Date().toISOString(), runs, bundle, browser, api };
    console.log("\nbundle (bytes)");
    console.table(bundle);
    console.log(`button to consent screen (ms, ${runs} fresh contexts; warm = second open)`);
    console.table({
      "frame, cold": browser.frame.coldOpenMs,
      "inline, cold": browser.inline.coldOpenMs,
      "frame, warm": browser.frame.warmOpenMs,
      "inline, warm": browser.inline.warmOpenMs,
    });
    console.log("API latency (ms, 200 sequential requests each, loopback, debug server build)");
    console.table(api);
    console.log(JSON.stringify(result));
  } finally {
    await server.stop();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
