// The example hosts in examples/, as an integrator would run them: the React
// app (Vite + React 19 + TypeScript, StrictMode) with the package installed
// from an `npm pack` tarball of pkg/ and type-checked strictly, and the
// script-tag page under a strict CSP loading the SDK from the Connect
// server's versioned path with its integrity hash. Each runs the create and
// the update flow in frame mode and in inline mode.
const { execFileSync, spawn } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { test, expect } = require("../fixtures/server");

const repoRoot = path.resolve(__dirname, "..", "..");
const examples = path.join(repoRoot, "examples");
const reactDir = path.join(examples, "react");
const TITLE = "Connect your utility account";
const COMED = "ComEd";
const unique = (keyword) => `${keyword}-${Math.random().toString(36).slice(2, 8)}`;

// One worker builds the examples once, in order.
test.describe.configure({ mode: "serial" });

function run(command, args, cwd) {
  execFileSync(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
}

function sha256(file) {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/**
 * Idempotent and quick when nothing changed: `npm ci` only when the lock
 * file changed, the tarball reinstalled only when pkg/ changed.
 */
function prepareReactExample() {
  const stamp = path.join(reactDir, "node_modules", ".uc-stamp.json");
  const previous = fs.existsSync(stamp) ? JSON.parse(fs.readFileSync(stamp, "utf8")) : {};
  const lock = sha256(path.join(reactDir, "package-lock.json"));
  if (previous.lock !== lock) {
    run("npm", ["ci", "--no-audit", "--no-fund"], reactDir);
    previous.tarball = null;
  }
  const vendor = path.join(reactDir, "vendor");
  fs.rmSync(vendor, { recursive: true, force: true });
  fs.mkdirSync(vendor);
  run("npm", ["pack", path.join(repoRoot, "pkg"), "--pack-destination", vendor], reactDir);
  const tarball = path.join(vendor, fs.readdirSync(vendor).find((name) => name.endsWith(".tgz")));
  const tarballHash = sha256(tarball);
  if (previous.tarball !== tarballHash) {
    run("npm", ["install", "--no-save", "--no-audit", "--no-fund", tarball], reactDir);
  }
  fs.writeFileSync(stamp, JSON.stringify({ lock, tarball: tarballHash }));
}

/** Starts an example's backend pointed at this test's Connect server. */
async function startExample(script, env) {
  const child = spawn(process.execPath, [script], { env: { ...process.env, PORT: "0", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`example did not start:\n${log}`)), 10_000);
    const onData = (chunk) => {
      log += chunk;
      const match = log.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`example exited with ${code}:\n${log}`)));
  });
  return { url, stop: () => child.kill() };
}

function ui(page, isolation) {
  return isolation === "frame"
    ? page.frameLocator(`iframe[title="${TITLE}"]`).locator("#connect-root")
    : page.getByRole("dialog", { name: TITLE });
}

async function logLines(page, name) {
  const lines = await page.getByRole("log").locator("li").allTextContents();
  return lines.filter((line) => line.startsWith(name + " ")).map((line) => JSON.parse(line.slice(name.length + 1)));
}

/** Create, then update the connection just made; closes by Escape. */
async function createThenUpdate(page, isolation) {
  const dialog = ui(page, isolation);
  await page.getByRole("button", { name: "Connect utility account" }).click();
  await dialog.getByRole("button", { name: "Agree and continue" }).click();
  await dialog.getByRole("textbox", { name: "ZIP code" }).fill("60601");
  await expect(dialog.getByRole("radio", { name: COMED })).toBeChecked();
  await dialog.getByRole("button", { name: "Continue" }).click();
  await dialog.getByRole("textbox", { name: "Username" }).fill("example-user");
  await dialog.getByLabel("Password", { exact: true }).fill(unique("verified"));
  await dialog.getByRole("button", { name: "Connect" }).click();
  await expect(dialog.getByRole("heading", { name: "You're connected" })).toBeVisible();
  await dialog.getByRole("heading", { name: "You're connected" }).click();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  const [{ utilityCredentialId }] = await logLines(page, "onCredentialsSubmitted");
  await expect.poll(() => logLines(page, "onClose")).toEqual([{ status: "verified", utilityCredentialId }]);

  await page.getByRole("button", { name: "Update connection" }).click();
  await expect(dialog.getByRole("heading", { name: `Sign in to ${COMED}` })).toBeVisible();
  await dialog.getByRole("textbox", { name: "Username" }).fill("example-user");
  await dialog.getByLabel("Password", { exact: true }).fill(unique("verified"));
  await dialog.getByRole("button", { name: "Connect" }).click();
  await expect(dialog.getByRole("heading", { name: "You're connected" })).toBeVisible();
  await dialog.getByRole("heading", { name: "You're connected" }).click();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect.poll(() => logLines(page, "onClose")).toEqual([
    { status: "verified", utilityCredentialId },
    { status: "verified", utilityCredentialId },
  ]);
}

test.describe("examples/react", () => {
  test.beforeAll(async () => {
    test.setTimeout(300_000);
    prepareReactExample();
  });

  test("type-checks strictly with skipLibCheck off, and builds with Vite", async () => {
    test.setTimeout(120_000);
    run(path.join(reactDir, "node_modules", ".bin", "tsc"), ["--noEmit", "--strict", "--skipLibCheck", "false", "-p", "."], reactDir);
    run(path.join(reactDir, "node_modules", ".bin", "vite"), ["build", "--logLevel", "warn"], reactDir);
    expect(fs.existsSync(path.join(reactDir, "dist", "index.html"))).toBe(true);
  });

  for (const isolation of ["frame", "inline"]) {
    test(`${isolation} mode: create then update, in StrictMode, nothing loaded before open()`, async ({ page, server }) => {
      const example = await startExample(path.join(reactDir, "server.mjs"), { CONNECT_URL: server.url });
      try {
        // What the host page itself fetched (the frame's own requests aside).
        const requests = [];
        page.on("request", (request) => {
          if (request.frame() === page.mainFrame()) requests.push(request.url());
        });
        await page.goto(`${example.url}/?isolation=${isolation}`);
        await expect(page.getByRole("heading", { name: `React host (${isolation} mode)` })).toBeVisible();
        await page.waitForTimeout(300);
        // Defect 9: mounting the hook fetches neither the wasm nor the frame.
        expect(requests.filter((url) => url.endsWith(".wasm") || url.includes("/connect/frame"))).toEqual([]);
        expect(await page.evaluate(() => document.querySelectorAll("iframe").length)).toBe(0);
        // Defect 6: a mistake goes to onError and the hook's error, no rejection.
        await page.getByRole("button", { name: "Open with a mistake" }).click();
        await expect(page.getByRole("alert")).toHaveText("Error: invalid_config");
        await createThenUpdate(page, isolation);
        // Frame mode: the host page never fetched the wasm (only the frame did).
        expect(requests.some((url) => url.endsWith(".wasm"))).toBe(isolation === "inline");
      } finally {
        example.stop();
      }
    });
  }
});

test.describe("examples/script-tag", () => {
  for (const isolation of ["frame", "inline"]) {
    test(`${isolation} mode under a strict CSP, SDK from /sdk/v1/ with integrity: create then update`, async ({ page, server }) => {
      const { "utility-connect.js": integrity } = JSON.parse(fs.readFileSync(path.join(repoRoot, "pkg", "integrity.json"), "utf8"));
      expect(integrity).toMatch(/^sha384-/);
      const example = await startExample(path.join(examples, "script-tag", "server.mjs"), { CONNECT_URL: server.url, INTEGRITY: integrity });
      try {
        await page.goto(`${example.url}/?isolation=${isolation}`);
        await expect(page.locator("#mode")).toHaveText(`${isolation} mode`);
        await createThenUpdate(page, isolation);
        expect(await page.evaluate(() => window.__violations)).toEqual([]);
      } finally {
        example.stop();
      }
    });
  }

  test("a wrong integrity hash blocks the SDK", async ({ page, server, pageErrors }) => {
    pageErrors.allow(/integrity/);
    const example = await startExample(path.join(examples, "script-tag", "server.mjs"), {
      CONNECT_URL: server.url,
      INTEGRITY: "sha384-" + "A".repeat(64),
    });
    try {
      await page.goto(example.url);
      expect(await page.evaluate(() => typeof window.UtilityConnect)).toBe("undefined");
    } finally {
      example.stop();
    }
  });
});
