// The package's wasm is split (scripts/build-pkg.sh): the main module draws
// the first screen, and the later screens' chunk is fetched, beside the main
// module, once the first screen is shown. The whole flow in each delivery
// mode, with no console error; and a chunk that cannot be fetched gives a
// readable screen whose "Try again" recovers.
const { test, expect } = require("../fixtures/server");
const { startHostServer } = require("../fixtures/host-server");
const { demoToken } = require("../fixtures/tokens");

const TITLE = "Connect your utility account";
const CHUNK = /\/(split|chunk)_[^/]*\.wasm$/;
const MAIN = /\/utility_connect_bg\.wasm$/;

let host;
test.beforeAll(async () => { host = await startHostServer(); });
test.afterAll(async () => { await host.close(); });

function hostUrl(server, page, token, extra = "") {
  return `${host.url}/hosts/${page}#token=${encodeURIComponent(token)}&api=${encodeURIComponent(server.url)}${extra}`;
}

/** From consent to the submitted login form of a utility found by zip. */
async function connectComEd(ui, username, password) {
  await ui.getByRole("button", { name: "Agree and continue" }).click();
  await expect(ui.getByRole("heading", { name: "Find your utility" })).toBeVisible();
  await ui.getByRole("textbox", { name: "ZIP code" }).fill("60601");
  await expect(ui.getByRole("radio", { name: "ComEd" })).toBeChecked();
  await ui.getByRole("button", { name: "Continue" }).click();
  await ui.getByRole("textbox", { name: "Username" }).fill(username);
  await ui.getByLabel("Password", { exact: true }).fill(password);
  await ui.getByRole("button", { name: "Connect" }).click();
}

/** Every wasm response of the page and its frames, in order. */
function recordWasm(page) {
  const seen = [];
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (url.pathname.endsWith(".wasm")) seen.push({ url, status: response.status(), type: response.headers()["content-type"], encoding: response.headers()["content-encoding"] });
  });
  return seen;
}

const modes = [
  // The script tag, component in the host page.
  { name: "script tag, inline", page: "script-tag.html", extra: "&isolation=inline", frame: false },
  // The script tag, component in the Connect server's frame page.
  { name: "script tag, frame", page: "script-tag.html", extra: "", frame: true },
  // The npm package's ES module (through its React bindings), inline.
  { name: "npm package, inline", page: "react.html", extra: "&isolation=inline", frame: false, opener: true },
];

for (const mode of modes) {
  test(`split build, ${mode.name}: the chunk arrives while consent is shown, and the whole flow works`, async ({ page, server, request }) => {
    const wasm = recordWasm(page);
    const token = await demoToken(server, request);
    await page.goto(hostUrl(server, mode.page, token, mode.extra));
    if (mode.opener) await page.getByRole("button", { name: "Connect utility account" }).click();
    const ui = mode.frame
      ? page.frameLocator(`iframe[title="${TITLE}"]`).locator("#connect-root")
      : page.getByRole("dialog", { name: TITLE });
    const agree = ui.getByRole("button", { name: "Agree and continue" });
    await expect(agree).toBeVisible({ timeout: 20_000 });

    // Fetched in the background, before anyone presses a button, from the
    // main module's own directory (not the host page's).
    await expect.poll(() => wasm.filter((r) => CHUNK.test(r.url.pathname)).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const main = wasm.find((r) => MAIN.test(r.url.pathname));
    expect(main, JSON.stringify(wasm)).toBeTruthy();
    for (const chunk of wasm.filter((r) => CHUNK.test(r.url.pathname))) {
      expect(chunk.status).toBe(200);
      expect(chunk.type).toBe("application/wasm");
      expect(new URL(".", chunk.url).href).toBe(new URL(".", main.url).href);
    }
    // The Connect server (the frame page's origin) sends the build's
    // compressed copies (scripts/precompress.js).
    if (mode.frame) for (const file of wasm) expect(["br", "gzip"], JSON.stringify(file)).toContain(file.encoding);

    await connectComEd(ui, "split-user", "verified-split");
    await expect(ui.getByRole("heading", { name: "You're connected" })).toBeVisible();
    await ui.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("log")).toContainText('"status":"verified"');
  });
}

test("split build: a chunk that cannot be fetched gives a readable screen, and Try again recovers", async ({ page, server, request, pageErrors }) => {
  // The browser reports the refused fetch, and the chunk loader says which.
  pageErrors.allow(/Failed to load resource|Failed to fetch|net::ERR_FAILED/);
  let blocked = true;
  await page.route(CHUNK, (route) => (blocked ? route.abort("failed") : route.continue()));
  const token = await demoToken(server, request);
  await page.goto(hostUrl(server, "script-tag.html", token, "&isolation=inline"));
  const ui = page.getByRole("dialog", { name: TITLE });
  await ui.getByRole("button", { name: "Agree and continue" }).click();

  const alert = ui.getByRole("alert");
  await expect(alert.getByRole("heading", { name: "Something went wrong" })).toBeVisible();
  await expect(alert).toContainText("We couldn't complete this step. Please try again in a moment.");
  expect(pageErrors.seen.some((line) => line.startsWith("uncaught"))).toBe(false);

  blocked = false;
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(ui.getByRole("heading", { name: "Find your utility" })).toBeVisible();
  await ui.getByRole("textbox", { name: "ZIP code" }).fill("60601");
  await expect(ui.getByRole("radio", { name: "ComEd" })).toBeChecked();
});

test("split build: in update mode a call whose code cannot be fetched is offline with Retry, which recovers", async ({ page, server, request, pageErrors }) => {
  test.slow();
  pageErrors.allow(/Failed to load resource|Failed to fetch|net::ERR_FAILED/);
  // A connection to update, made through the component.
  await page.goto(hostUrl(server, "script-tag.html", await demoToken(server, request), "&isolation=inline"));
  let ui = page.getByRole("dialog", { name: TITLE });
  await connectComEd(ui, "split-update", "verified-first");
  await expect(ui.getByRole("heading", { name: "You're connected" })).toBeVisible();
  const submitted = (await page.getByRole("log").locator("li").allTextContents()).find((line) => line.startsWith("onCredentialsSubmitted"));
  const { utilityCredentialId } = JSON.parse(submitted.slice(submitted.indexOf(" ") + 1));

  // The login form is the first screen of an update: in the main module.
  let blocked = true;
  await page.route(CHUNK, (route) => (blocked ? route.abort("failed") : route.continue()));
  const updateToken = await demoToken(server, request, { utility_credential_id: utilityCredentialId });
  await page.goto("about:blank");
  await page.goto(hostUrl(server, "script-tag.html", updateToken, "&isolation=inline"));
  ui = page.getByRole("dialog", { name: TITLE });
  await expect(ui.getByRole("heading", { name: /^Sign in to / })).toBeVisible();
  await ui.getByRole("textbox", { name: "Username" }).fill("split-update");
  await ui.getByLabel("Password", { exact: true }).fill("verified-second");
  await ui.getByRole("button", { name: "Connect" }).click();
  await expect(ui.getByRole("alert")).toContainText("You're offline or the connection dropped.");
  expect(pageErrors.seen.some((line) => line.startsWith("uncaught"))).toBe(false);

  blocked = false;
  await ui.getByRole("button", { name: "Retry" }).click();
  await expect(ui.getByRole("heading", { name: "You're connected" })).toBeVisible();
});

test("split build: a screen whose chunk arrives after its switch is announced as loading, then takes the focus", async ({ page, server, request }) => {
  // A slow network: the chunk comes well after "Agree and continue" is pressed.
  await page.route(CHUNK, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.goto(hostUrl(server, "script-tag.html", await demoToken(server, request), "&isolation=inline"));
  const ui = page.getByRole("dialog", { name: TITLE });
  await ui.getByRole("button", { name: "Agree and continue" }).click();
  // Meanwhile the dialog says something is coming, not nothing.
  await expect(ui.getByRole("status").filter({ hasText: "Loading…" })).toBeVisible();
  await expect(ui.getByRole("heading", { name: "Find your utility" })).toBeVisible();
  await expect(ui.getByText("Loading…")).toHaveCount(0);
  await expect.poll(() => page.evaluate(() => !!document.activeElement.closest(".uc-screen--utility"))).toBe(true);
});
