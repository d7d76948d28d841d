// The project's benchmark, one run: sizes, the browser timings of our
// component (inline and frame mode) beside the React 19 and Preact 11
// baselines, and the server under load. `bash scripts/bench.sh` builds what
// it needs first; this writes BENCHMARKS.md, BENCHMARKS.json and the README's
// server table. BENCH_RUNS (default 21) and BENCH_WARMUP (default 2) set the runs.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { buildStaticDir } = require("./static");
const { fileSizes, total } = require("./sizes");
const { startServer, STATIC_DIR } = require("./server");
const { measureBrowser, VARIANTS } = require("./browser");
const { measureLoad } = require("./load");
const { summarize } = require("./stats");
const { writeReports } = require("./report");

const repoRoot = path.resolve(__dirname, "..");
const runs = Number(process.env.BENCH_RUNS || 21);
const warmup = Number(process.env.BENCH_WARMUP || 2);
const started = Date.now();
const loadAverageAtStart = os.loadavg()[0];
const progress = (message) => console.log(`==> bench [${((Date.now() - started) / 1000).toFixed(0)} s] ${message}`);

const SIZED = [
  "sdk/utility-connect.js",
  "sdk/utility_connect.js",
  "sdk/utility_connect_bg.wasm",
  "frame-bridge.js",
  "bench/react.js",
  "bench/preact.js",
];

/** The split build's chunk loader and later-screen chunks (names from the splitter). */
function splitFiles(staticDir) {
  return fs
    .readdirSync(path.join(staticDir, "sdk"))
    .filter((file) => file === "__wasm_split.js" || /^(split|chunk)_.*\.wasm$/.test(file))
    .sort()
    .map((file) => `sdk/${file}`);
}

function measureSizes(staticDir) {
  const split = splitFiles(staticDir);
  const files = Object.fromEntries([...SIZED, ...split].map((file) => [file, fileSizes(path.join(staticDir, file))]));
  const loader = "sdk/utility-connect.js";
  const wasm = ["sdk/utility_connect.js", "sdk/utility_connect_bg.wasm", ...split];
  return {
    files,
    totals: {
      "ours-inline": total(files, [loader, ...wasm]),
      "ours-frame-host": total(files, [loader]),
      // The host's loader, then in the frame: the loader again (another origin), the bridge, the wasm.
      "ours-frame-all": total(files, [loader, loader, "frame-bridge.js", ...wasm]),
      react: total(files, ["bench/react.js"]),
      preact: total(files, ["bench/preact.js"]),
    },
  };
}

// The benchmark's host pages: the same few hundred bytes for every variant, not the widget's.
const HOST_PAGE = /^\/bench\/([a-z]+\.html|[a-z]+-host\.js)$/;

/** Before-consent bytes of one run, less the host page: files at their brotli size, dynamic answers raw. */
function beforeConsentBytes(fetched, staticDir, cache) {
  let raw = 0;
  let brotli = 0;
  for (const { path: urlPath, encodedBodySize } of fetched) {
    if (HOST_PAGE.test(urlPath)) continue;
    const file = path.join(staticDir, urlPath);
    if (urlPath !== "/" && fs.existsSync(file) && fs.statSync(file).isFile()) {
      cache[urlPath] = cache[urlPath] || fileSizes(file);
      raw += cache[urlPath].raw;
      brotli += cache[urlPath].brotli;
    } else {
      raw += encodedBodySize;
      brotli += encodedBodySize;
    }
  }
  return { raw, brotli };
}

function summarizeBrowser(samples, staticDir) {
  const cache = {};
  const timings = {};
  const beforeConsent = {};
  for (const name of Object.keys(VARIANTS)) {
    const runsOf = samples[name];
    timings[name] = Object.fromEntries(["coldOpenMs", "slowColdOpenMs", "warmOpenMs", "zipToListMs", "submitToVerifyingMs"].map((key) => {
      const values = runsOf.map((s) => s[key]).filter((value) => value !== null);
      return [key, values.length ? summarize(values) : null];
    }));
    const counted = runsOf.map((s) => beforeConsentBytes(s.beforeConsent, staticDir, cache));
    beforeConsent[name] = {
      raw: summarize(counted.map((c) => c.raw)),
      brotli: summarize(counted.map((c) => c.brotli)),
      urls: [...new Set(runsOf.flatMap((s) => s.beforeConsent.map((f) => f.path)))],
    };
  }
  return { timings, beforeConsent };
}

const git = (...args) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();

(async () => {
  const staticDir = buildStaticDir(STATIC_DIR);
  const sizes = measureSizes(staticDir);
  progress(`sizes: ours inline ${sizes.totals["ours-inline"].brotli} B brotli, React ${sizes.totals.react.brotli} B, Preact ${sizes.totals.preact.brotli} B`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-bench-browser-"));
  const server = await startServer(["--sandbox-delay-ms", "0"], dataDir);
  let measured;
  try {
    progress(`browser: ${runs} runs × ${Object.keys(VARIANTS).length} variants after ${warmup} warm-up rounds, against ${server.url}`);
    measured = await measureBrowser(server, { runs, warmup, progress });
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const browser = { version: `Chromium ${measured.version}`, runs, warmup, ...summarizeBrowser(measured.samples, staticDir), samples: measured.samples };

  const load = await measureLoad(progress);

  const result = {
    date: new Date().toISOString(),
    commit: git("rev-parse", "--short", "HEAD") + (git("status", "--porcelain", "--untracked-files=no") ? " (with uncommitted changes)" : ""),
    machine: `${os.cpus().length} × ${os.cpus()[0].model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, shared with other work (load average ${loadAverageAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end)`,
    elapsedSeconds: (Date.now() - started) / 1000,
    sizes,
    browser,
    load,
  };
  writeReports(result);
  progress("wrote BENCHMARKS.md, BENCHMARKS.json and the README's server table");
  for (const [name, t] of Object.entries(browser.timings)) {
    console.log(`${name.padEnd(12)} cold ${t.coldOpenMs.median} ms, warm ${t.warmOpenMs.median} ms, zip→list ${t.zipToListMs.median} ms, submit→verifying ${t.submitToVerifyingMs.median} ms`);
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
