// What users feel, timed in the page (bench/observer.js) and only read back
// by the driver: cold open (navigation start → consent's button visible, in
// a fresh browser context: nothing cached), warm open (second open() in the
// same page), zip typed → list shown, submit → verifying screen. The four
// variants take turns within every run, so a slow moment of this shared
// machine falls on all of them alike.
const fs = require("node:fs");
const path = require("node:path");
const { chromium } = require("playwright-core");

const observerSource = fs.readFileSync(path.join(__dirname, "observer.js"), "utf8");
const FRAME_TITLE = "Connect your utility account";

const VARIANTS = {
  "ours-inline": { page: "/bench/ours.html?isolation=inline", frame: false },
  "ours-frame": { page: "/bench/ours.html?isolation=frame", frame: true },
  react: { page: "/bench/react.html", frame: false },
  preact: { page: "/bench/preact.html", frame: false },
};

// The flags of the e2e config (e2e/playwright.config.js).
const LAUNCH = {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

async function mintToken(server) {
  const response = await fetch(server.url + "/demo/connect_token", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
  if (!response.ok) throw new Error(`minting a connect token: ${response.status} ${await response.text()}`);
  return (await response.json()).connect_token;
}

/** Every frame's log and resource timing, in absolute milliseconds. */
async function readFrames(page) {
  const frames = [];
  for (const frame of page.frames()) {
    const data = await frame
      .evaluate(() => ({
        url: location.href,
        log: window.__benchLog || [],
        timeOrigin: performance.timeOrigin,
        resources: [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")].map((entry) => ({
          url: entry.name,
          initiatorType: entry.initiatorType || "navigation",
          end: performance.timeOrigin + entry.responseEnd,
          encodedBodySize: entry.encodedBodySize,
        })),
      }))
      .catch(() => null);
    if (data) frames.push(data);
  }
  return frames;
}

const events = (frames) => frames.flatMap((frame) => frame.log).sort((a, b) => a.t - b.t);

function firstShownAfter(log, names, t0, what) {
  const found = log.find((entry) => entry.kind === "shown" && names.includes(entry.name) && entry.t >= t0);
  if (!found) throw new Error(`no ${names.join("/")} screen after ${what}`);
  return found.t - t0;
}

function startOf(log, test, what) {
  const found = log.filter(test).pop();
  if (!found) throw new Error(`the page logged no ${what}`);
  return found.t;
}

/** The files and API answers fetched before consent was visible, once per URL. */
function fetchedBefore(frames, consentAt) {
  const byUrl = new Map();
  for (const frame of frames) {
    for (const entry of frame.resources) {
      // The frame's own navigation entry carries its document; the parent's entry for it does not.
      if (entry.initiatorType === "iframe" || entry.end > consentAt) continue;
      const known = byUrl.get(entry.url);
      if (!known || entry.encodedBodySize > known.encodedBodySize) byUrl.set(entry.url, entry);
    }
  }
  return [...byUrl.values()].map(({ url, encodedBodySize }) => ({ path: new URL(url).pathname, encodedBodySize }));
}

// A slow mobile link (Chrome DevTools' "Fast 3G"-like: 1.6 Mbps down,
// 750 kbps up, 40 ms added per request): where bytes, not CPU, set the time.
const SLOW_LINK = { offline: false, latency: 40, downloadThroughput: (1600 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

/** Cold open again in a fresh context, over the slow link. */
async function slowColdOpen(browser, server, variant) {
  const token = await mintToken(server);
  const context = await browser.newContext();
  try {
    await context.addInitScript({ content: `${observerSource}\nif (window === window.top) window.__benchTokens = ${JSON.stringify([token])};` });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", SLOW_LINK);
    const scope = variant.frame ? page.frameLocator(`iframe[title="${FRAME_TITLE}"]`) : page;
    await page.goto(server.url + variant.page);
    await scope.getByRole("button", { name: "Agree and continue" }).waitFor({ timeout: 60000 });
    const frames = await readFrames(page);
    const topOrigin = frames[0].timeOrigin;
    return firstShownAfter(events(frames), ["consent"], topOrigin, "navigation");
  } finally {
    await context.close();
  }
}

async function oneRun(browser, server, name, username) {
  const variant = VARIANTS[name];
  const tokens = [await mintToken(server), await mintToken(server)];
  const context = await browser.newContext();
  const errors = [];
  try {
    await context.addInitScript({ content: `${observerSource}\nif (window === window.top) window.__benchTokens = ${JSON.stringify(tokens.slice(0, 1))};` });
    const page = await context.newPage();
    page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
    page.on("console", (message) => message.type() === "error" && errors.push(`console.error: ${message.text()}`));
    const scope = variant.frame ? page.frameLocator(`iframe[title="${FRAME_TITLE}"]`) : page;
    const agree = scope.getByRole("button", { name: "Agree and continue" });

    await page.goto(server.url + variant.page);
    await agree.waitFor();
    let frames = await readFrames(page);
    const topOrigin = frames[0].timeOrigin;
    const consentAt = topOrigin + firstShownAfter(events(frames), ["consent"], topOrigin, "navigation");
    const coldOpenMs = consentAt - topOrigin;
    const beforeConsent = fetchedBefore(frames, consentAt);

    await page.evaluate(() => window.benchClose());
    await agree.waitFor({ state: "detached" });
    await page.evaluate((token) => window.benchOpen(token), tokens[1]);
    await agree.waitFor();
    await agree.click();
    await scope.locator(".uc-input--zip").fill("60601");
    const comEd = scope.locator('input[type=radio][value="4110"]');
    await comEd.check();
    await scope.getByRole("button", { name: "Continue" }).click();
    await scope.locator("input[name=username]").fill(username);
    await scope.locator("input[name=password]").fill("verified");
    await scope.getByRole("button", { name: "Connect", exact: true }).click();
    await scope.locator("h2", { hasText: /^(Checking your login with|You're connected)/ }).first().waitFor();

    frames = await readFrames(page);
    const log = events(frames);
    const openedAt = startOf(log, (entry) => entry.kind === "mark" && entry.name === "open", "second open()");
    const typedAt = startOf(log, (entry) => entry.kind === "input" && entry.value === "60601", "zip typed");
    const submittedAt = startOf(log, (entry) => entry.kind === "click" && entry.text === "Connect", "submit");
    const sample = {
      coldOpenMs,
      warmOpenMs: firstShownAfter(log, ["consent"], openedAt, "the second open()"),
      zipToListMs: firstShownAfter(log, ["list"], typedAt, "typing the zip"),
      submitToVerifyingMs: firstShownAfter(log, ["verifying", "verified"], submittedAt, "submitting"),
      beforeConsent,
    };
    if (errors.length) throw new Error(`page errors in ${name}:\n${errors.join("\n")}`);
    // Chrome throttles one renderer process: the cross-site Connect frame runs
    // in another, unthrottled, so frame mode's figure would be false.
    sample.slowColdOpenMs = variant.frame ? null : await slowColdOpen(browser, server, variant);
    return sample;
  } finally {
    await context.close();
  }
}

/** `runs` measured runs of each variant after `warmup` unmeasured ones, interleaved. */
async function measureBrowser(server, { runs, warmup, progress }) {
  const browser = await chromium.launch({ headless: true, ...LAUNCH });
  const version = browser.version();
  const names = Object.keys(VARIANTS);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  try {
    for (let round = 0; round < warmup + runs; round++) {
      // Rotate the order so that no variant always goes first after a context switch.
      const order = names.map((_, i) => names[(i + round) % names.length]);
      for (const name of order) {
        // One retry: a run lost to this shared machine's hiccup need not cost the whole benchmark.
        const sample = await oneRun(browser, server, name, `bench-${name}-${round}`).catch((error) => {
          progress(`${name}, round ${round + 1} failed, once more: ${String(error.message).split("\n")[0]}`);
          return oneRun(browser, server, name, `bench-${name}-${round}-again`);
        });
        if (round >= warmup) samples[name].push(sample);
      }
      progress(`browser round ${round + 1}/${warmup + runs}${round < warmup ? " (warm-up)" : ""}`);
    }
  } finally {
    await browser.close();
  }
  return { samples, version };
}

module.exports = { measureBrowser, VARIANTS };
