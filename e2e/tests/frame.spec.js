// Frame mode (`isolation: "frame"`): the component runs in an iframe of the
// Connect server's own page, and the host page on another origin gets only
// the documented callbacks. Also the issue-8 defects around the host
// boundary, in both modes, each naming its defect.
const { execFileSync } = require("node:child_process");
const { test, expect, serverBinary } = require("../fixtures/server");
const { startHostServer } = require("../fixtures/host-server");
const { ConnectPage } = require("../fixtures/connect-page");

const TITLE = "Connect your utility account";
const COMED = "ComEd";
const unique = (keyword) => `${keyword}-${Math.random().toString(36).slice(2, 10)}`;

let host;
test.beforeAll(async () => { host = await startHostServer(); });
test.afterAll(async () => { await host.close(); });

async function demoToken(server, request, body = {}) {
  const response = await request.post(`${server.url}/demo/connect_token`, { data: body });
  expect(response.ok()).toBeTruthy();
  return (await response.json()).connect_token;
}

function hostUrl(server, token, extra = "") {
  return `${host.url}/hosts/script-tag.html#token=${encodeURIComponent(token)}&api=${encodeURIComponent(server.url)}${extra}`;
}

/**
 * Records every message any window of the page receives (the host page and
 * every frame, the Connect frame included: init scripts run in each), in
 * capture phase before the page's own listeners, so both directions of the
 * postMessage channel are seen.
 */
async function recordMessages(page) {
  await page.addInitScript(() => {
    window.__received = [];
    window.addEventListener("message", (event) => {
      window.__received.push({ origin: event.origin, data: JSON.stringify(event.data) });
    }, true);
  });
}

async function callbackLog(page) {
  const lines = await page.getByRole("log").locator("li").allTextContents();
  return lines.map((line) => {
    const space = line.indexOf(" ");
    return space < 0 ? [line, undefined] : [line.slice(0, space), JSON.parse(line.slice(space + 1))];
  });
}

async function callbacks(page, name) {
  return (await callbackLog(page)).filter(([n]) => n === name).map(([, payload]) => payload);
}

function connectFrame(page) {
  return page.frames().find((frame) => frame.url().includes("/connect/frame"));
}

async function signInInFrame(ui, username, password) {
  await ui.getByRole("button", { name: "Agree and continue" }).click();
  await ui.getByRole("textbox", { name: "ZIP code" }).fill("60601");
  await expect(ui.getByRole("radio", { name: COMED })).toBeChecked();
  await ui.getByRole("button", { name: "Continue" }).click();
  await ui.getByRole("textbox", { name: "Username" }).fill(username);
  await ui.getByLabel("Password", { exact: true }).fill(password);
}

test("frame mode: the host page's scripts cannot reach a typed password, and the host gets each outcome once", async ({ page, server, request }) => {
  await recordMessages(page);
  const token = await demoToken(server, request);
  await page.goto(hostUrl(server, token));
  const connect = new ConnectPage(page, { isolation: "frame" });
  const ui = connect.dialog;
  await expect(connect.overlay).toBeVisible();
  const username = unique("frame-user");
  const password = unique("verified-SECRET");
  await signInInFrame(ui, username, password);

  // The password is in the frame's form, and nowhere the host can look.
  await expect(ui.getByLabel("Password", { exact: true })).toHaveValue(password);
  const frame = connectFrame(page);
  expect(new URL(frame.url()).origin).toBe(server.url);
  expect(new URL(page.url()).origin).not.toBe(server.url);
  const fromHost = await page.evaluate(() => {
    const iframe = document.querySelector("iframe");
    let reach;
    try {
      reach = iframe.contentWindow.document.body.innerHTML;
    } catch (error) {
      reach = error.name;
    }
    return {
      passwordFields: document.querySelectorAll("input[type=password], input").length,
      contentDocument: iframe.contentDocument,
      reach,
      html: document.documentElement.outerHTML,
    };
  });
  expect(fromHost.passwordFields).toBe(0);
  expect(fromHost.contentDocument).toBeNull();
  expect(fromHost.reach).toBe("SecurityError");
  expect(fromHost.html).not.toContain(password);

  await ui.getByRole("button", { name: "Connect" }).click();
  await expect(ui.getByRole("heading", { name: "You're connected" })).toBeVisible();
  // Read before closing (the messages still to come, the loader's `close`
  // and the frame's `ready`, carry nothing but the channel).
  const frameReceived = await frame.evaluate(() => window.__received);
  // Escape inside the frame asks the host's loader to close.
  await ui.getByRole("heading", { name: "You're connected" }).click();
  await page.keyboard.press("Escape");
  await expect(connect.overlay).toHaveCount(0);
  // Kept, hidden, for the next open (see the warm-open test below).
  await expect(page.locator("iframe")).toBeHidden();

  const submitted = await callbacks(page, "onCredentialsSubmitted");
  expect(submitted).toEqual([{ utilityCredentialId: expect.any(Number) }]);
  expect(await callbacks(page, "onClose")).toEqual([{ status: "verified", utilityCredentialId: submitted[0].utilityCredentialId }]);
  expect(await callbacks(page, "onOpen")).toHaveLength(1);

  // Neither direction of the channel ever carried the password or username.
  const hostReceived = await page.evaluate(() => window.__received);
  expect(hostReceived.some((m) => m.data.includes('"onClose"'))).toBe(true);
  expect(frameReceived.some((m) => m.data.includes('"config"'))).toBe(true);
  for (const message of [...hostReceived, ...frameReceived]) {
    expect(message.data).not.toContain(password);
    expect(message.data).not.toContain(username);
  }
  expect(hostReceived.every((m) => m.origin === server.url)).toBe(true);
  expect(frameReceived.every((m) => m.origin === host.url)).toBe(true);
  const log = await page.getByRole("log").textContent();
  expect(log).not.toContain(password);
  expect(log).not.toContain(username);
  // Focus came back to the host page.
  expect(await page.evaluate(() => document.activeElement === document.body || document.activeElement.id === "opener")).toBe(true);
});

test("frame mode: a second modal open() is a message to the kept frame: no page load, no wasm fetch, a fresh component for the new token", async ({ page, server, request }) => {
  const first = await demoToken(server, request);
  const second = await demoToken(server, request);
  const fetched = [];
  page.on("request", (r) => fetched.push(r.url()));
  await recordMessages(page);
  await page.goto(hostUrl(server, first));
  const connect = new ConnectPage(page, { isolation: "frame" });
  const ui = connect.dialog;
  await ui.getByRole("button", { name: "Agree and continue" }).click();
  await expect(ui.getByRole("textbox", { name: "ZIP code" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  // The page behind is usable again while the frame waits, hidden.
  expect(await page.evaluate(() => [document.body.style.overflow, document.querySelectorAll("[inert]").length])).toEqual(["", 0]);
  await expect(page.locator("iframe")).toBeHidden();

  // Another handle, another token of the same app.
  await page.evaluate((token) => window.UtilityConnect.create(window.__config(token)).open(), second);
  await expect(connect.overlay).toBeVisible();
  await expect(ui.getByRole("heading", { name: "Demo Energy App wants to connect to your utility account" })).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.activeElement.tagName)).toBe("IFRAME");
  await expect(page.locator("iframe")).toHaveCount(1);
  const frame = connectFrame(page);
  expect(fetched.filter((url) => url.includes("/connect/frame"))).toHaveLength(1);
  // Each wasm file once, all for the first open: the main module, and the
  // later screens' chunk it fetched once consent was shown.
  const wasm = fetched.filter((url) => url.endsWith(".wasm"));
  expect(wasm.filter((url) => url.endsWith("/utility_connect_bg.wasm"))).toHaveLength(1);
  expect(new Set(wasm).size).toBe(wasm.length);
  // The second token went over the same checked channel, once.
  const configs = (await frame.evaluate(() => window.__received)).filter((m) => m.data.includes('"config"'));
  expect(configs.map((m) => JSON.parse(m.data).connectToken)).toEqual([first, second]);
  expect(configs.every((m) => m.origin === host.url)).toBe(true);
  // Fresh: consent again, not the picker the first open left.
  await ui.getByRole("button", { name: "Agree and continue" }).click();
  await ui.getByRole("textbox", { name: "ZIP code" }).fill("60601");
  await expect(ui.getByRole("radio", { name: COMED })).toBeChecked();
  await page.getByRole("button", { name: "Close" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(await callbacks(page, "onOpen")).toHaveLength(2);
  expect(await callbacks(page, "onClose")).toEqual([{ status: "no_submit" }, { status: "no_submit" }]);
  expect((await callbacks(page, "onEvent")).filter((e) => e.name === "consent_accepted")).toHaveLength(2);
});

test("frame mode: preload() loads the modal's frame hidden ahead of open(); the first open() then loads no page and no main module", async ({ page, server, request }) => {
  const token = await demoToken(server, request);
  const fetched = [];
  page.on("request", (r) => fetched.push(r.url()));
  await recordMessages(page);
  await page.goto(hostUrl(server, token, "&preload=1"));
  const said = async (kind) => (await page.evaluate(() => window.__received)).filter((m) => JSON.parse(m.data).kind === kind);
  // Loaded and ready, but nothing shown, nothing reported, the page untouched.
  await expect.poll(async () => (await said("ready")).length).toBe(1);
  await expect(page.locator("iframe")).toBeHidden();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(await page.evaluate(() => [document.body.style.overflow, document.querySelectorAll("[inert]").length])).toEqual(["", 0]);
  expect(await callbackLog(page)).toEqual([]);
  // No token crossed before open(): the frame got no config yet.
  expect(await said("config")).toEqual([]);
  // A second preload for the same app keeps the one frame.
  await page.evaluate(() => window.UtilityConnect.preload(window.__config(new URLSearchParams(location.hash.slice(1)).get("token"))));
  await expect(page.locator("iframe")).toHaveCount(1);

  const before = fetched.length;
  await page.getByRole("button", { name: "Open again" }).click();
  const connect = new ConnectPage(page, { isolation: "frame" });
  const ui = connect.dialog;
  await expect(connect.overlay).toBeVisible();
  await ui.getByRole("button", { name: "Agree and continue" }).click();
  await ui.getByRole("textbox", { name: "ZIP code" }).fill("60601");
  await expect(ui.getByRole("radio", { name: COMED })).toBeChecked();
  // No page, script or main module: only the later screens' chunk, which
  // every open fetches once consent is shown.
  expect(fetched.slice(before).filter((url) => url.includes("/connect/frame") || url.endsWith(".wasm") || url.endsWith(".js")).map((url) => new URL(url).pathname)).toEqual(["/sdk/split_later.wasm"]);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(await callbacks(page, "onOpen")).toHaveLength(1);
  expect(await callbacks(page, "onClose")).toEqual([{ status: "no_submit" }]);
});

test("frame mode: update flow for an existing connection, inline in the host's container", async ({ page, server, request }) => {
  // Two whole flows; the machine running the suite may be busy.
  test.slow();
  const createToken = await demoToken(server, request);
  await page.goto(hostUrl(server, createToken, "&inline=1"));
  const ui = page.frameLocator(`iframe[title="${TITLE}"]`).locator("#connect-root");
  await expect(page.locator("#connect-here iframe")).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await signInInFrame(ui, "inline-user", unique("verified"));
  await ui.getByRole("button", { name: "Connect" }).click();
  await expect(ui.getByRole("heading", { name: "You're connected" })).toBeVisible();
  const [{ utilityCredentialId }] = await callbacks(page, "onCredentialsSubmitted");
  await page.evaluate(() => window.__handle.close());
  await expect(page.locator("iframe")).toHaveCount(0);
  expect(await callbacks(page, "onClose")).toEqual([{ status: "verified", utilityCredentialId }]);

  const updateToken = await demoToken(server, request, { utility_credential_id: utilityCredentialId });
  // Only the fragment differs: leave first, or the page would not reload.
  await page.goto("about:blank");
  await page.goto(hostUrl(server, updateToken));
  const frameUi = new ConnectPage(page, { isolation: "frame" }).dialog;
  await expect(frameUi.getByRole("heading", { name: `Sign in to ${COMED}` })).toBeVisible();
  await frameUi.getByRole("textbox", { name: "Username" }).fill("inline-user");
  await frameUi.getByLabel("Password", { exact: true }).fill(unique("verified"));
  await frameUi.getByRole("button", { name: "Connect" }).click();
  await expect(frameUi.getByRole("heading", { name: "You're connected" })).toBeVisible();
  await page.evaluate(() => window.__handle.close());
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(await callbacks(page, "onClose")).toEqual([{ status: "verified", utilityCredentialId }]);
});

test("the demo page runs frame mode with the frame on another origin, and says so", async ({ page }) => {
  // Two whole flows; the machine running the suite may be busy.
  test.slow();
  const connect = new ConnectPage(page, { isolation: "frame" });
  await connect.open();
  await expect(page.locator("#isolation-note")).toContainText("Frame mode");
  const frame = connectFrame(page);
  const frameOrigin = new URL(frame.url()).origin;
  expect(frameOrigin).not.toBe(new URL(page.url()).origin);
  expect(frameOrigin).toContain("localhost");
  await expect(page.locator("#isolation-note")).toContainText(frameOrigin);
  expect(await page.evaluate(() => document.querySelector("iframe").contentDocument)).toBeNull();
  await connect.agree();
  await connect.chooseUtilityByZip("60601", COMED);
  await connect.signIn("demo-frame", unique("verified"));
  await connect.expectConnected();
  await page.getByRole("button", { name: "Close" }).click();
  await expect(connect.overlay).toHaveCount(0);
  const [close] = await connect.callback("onClose");
  expect(close.status).toBe("verified");
  // The update flow for the connection just made, in the frame too.
  await page.getByRole("button", { name: "Update connection" }).click();
  await expect(connect.signInHeading(COMED)).toBeVisible();
  await connect.signIn("demo-frame", unique("verified"));
  await connect.expectConnected();
  await page.keyboard.press("Escape");
  await expect(connect.overlay).toHaveCount(0);
  const closes = await connect.callback("onClose");
  expect(closes).toEqual([close, { status: "verified", utilityCredentialId: close.utilityCredentialId }]);
});

function addClient(server, name, origins) {
  const args = ["clients", "add", "--data-dir", server.dataDir, "--name", name];
  for (const origin of origins) args.push("--allowed-origin", origin);
  const created = JSON.parse(execFileSync(serverBinary, args, { encoding: "utf8" }));
  return { clientId: created.client_id, clientSecret: created.client_secret };
}

async function tokenFor(server, request, client) {
  const auth = await request.post(`${server.url}/auth/access_token`, { data: { client_id: client.clientId, client_secret: client.clientSecret } });
  const { access_token } = await auth.json();
  const response = await request.post(`${server.url}/auth/connect_token`, {
    headers: { Authorization: `Bearer ${access_token}` },
    data: { client_user_id: "origin-user" },
  });
  expect(response.ok()).toBeTruthy();
  return (await response.json()).connect_token;
}

test("a host origin the client did not register gets onError origin_not_allowed and a screen saying so (defect 7)", async ({ page, server, request, pageErrors }) => {
  // The refusal page is a 403, which the browser logs.
  pageErrors.allow(/status of 403 \(Forbidden\) at .*\/connect\/frame/);
  const client = addClient(server, "Registered Elsewhere", ["https://app.example.com"]);
  const token = await tokenFor(server, request, client);
  await page.goto(hostUrl(server, token));
  const ui = page.frameLocator(`iframe[title="${TITLE}"]`);
  await expect(ui.getByRole("heading", { name: "This site can't connect utility accounts here" })).toBeVisible();
  await expect(ui.getByLabel("Password")).toHaveCount(0);
  await expect.poll(() => callbacks(page, "onError")).toEqual([
    { error: { type: "origin_not_allowed", message: expect.any(String) } },
  ]);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(await callbacks(page, "onClose")).toEqual([{ status: "error" }]);
});

test("inline mode: a host origin the client did not register gets onError origin_not_allowed, not invalid_connect_token (defect 7, component maps the 403)", async ({ page, server, request, pageErrors }) => {
  // The API's 403 for the session check, which the browser logs.
  pageErrors.allow(/status of 403 \(Forbidden\) at .*\/connect\/session/);
  const client = addClient(server, "Registered Elsewhere", ["https://app.example.com"]);
  const token = await tokenFor(server, request, client);
  await page.goto(hostUrl(server, token, "&isolation=inline"));
  await expect.poll(async () => (await callbacks(page, "onError")).map((e) => e.error.type)).toEqual(["origin_not_allowed"]);
  await expect(page.getByRole("dialog").getByRole("heading", { name: "This site can't connect utility accounts here" })).toBeVisible();
  await expect(page.getByRole("dialog")).not.toContainText("This link isn't valid");
});

test("frame mode: one modal at a time, a second open() is refused with already_open (defect 3)", async ({ page, server, request }) => {
  const first = await demoToken(server, request);
  const second = await demoToken(server, request);
  await page.goto(hostUrl(server, first));
  await expect(page.getByRole("dialog", { name: TITLE })).toBeVisible();
  await page.evaluate((token) => window.UtilityConnect.create(window.__config(token)).open(), second);
  await expect.poll(() => callbacks(page, "onError")).toEqual([
    { error: { type: "already_open", message: expect.any(String) } },
  ]);
  await expect(page.getByRole("dialog")).toHaveCount(1);
  await expect(page.locator("iframe")).toHaveCount(1);
  for (let i = 0; i < 6; i += 1) await page.keyboard.press("Tab");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(await callbacks(page, "onClose")).toEqual([{ status: "no_submit" }]);
  // Once closed, another may open.
  await page.evaluate((token) => window.UtilityConnect.create(window.__config(token)).open(), second);
  await expect(page.getByRole("dialog", { name: TITLE })).toBeVisible();
});

test("inline mode: one modal at a time, a second open() is refused with already_open and raises no page error (defect 3)", async ({ page, server, request, pageErrors }) => {
  const first = await demoToken(server, request);
  const second = await demoToken(server, request);
  await page.goto(hostUrl(server, first, "&isolation=inline"));
  await expect(page.getByRole("dialog", { name: TITLE })).toBeVisible();
  await page.evaluate((token) => window.UtilityConnect.create(window.__config(token)).open(), second);
  await expect.poll(async () => (await callbacks(page, "onError")).map((e) => e.error.type)).toEqual(["already_open"]);
  await expect(page.getByRole("dialog")).toHaveCount(1);
  for (let i = 0; i < 4; i += 1) await page.keyboard.press("Tab");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(pageErrors.seen).toEqual([]);
});

async function collectGarbage(page) {
  const session = await page.context().newCDPSession(page);
  await session.send("HeapProfiler.collectGarbage");
  await session.detach();
}

test("frame mode: a modal the host kept no handle of survives garbage collection and still closes (defect 1)", async ({ page, server, request }) => {
  const token = await demoToken(server, request);
  await page.goto(hostUrl(server, token, "&nohandle=1"));
  const ui = new ConnectPage(page, { isolation: "frame" }).dialog;
  await expect(ui.getByRole("button", { name: "Agree and continue" })).toBeVisible();
  await collectGarbage(page);
  await page.waitForTimeout(300);
  await collectGarbage(page);
  await expect(ui.getByRole("button", { name: "Agree and continue" })).toBeVisible();
  await ui.getByRole("button", { name: "Agree and continue" }).click();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(await callbacks(page, "onClose")).toEqual([{ status: "no_submit" }]);
  expect(await page.evaluate(() => document.body.style.overflow)).toBe("");
  await page.getByRole("button", { name: "Open again" }).click({ trial: true });
});

test("inline mode: a modal the host kept no handle of survives garbage collection (defect 1, component lifetime)", async ({ page, server, request }) => {
  const token = await demoToken(server, request);
  await page.goto(hostUrl(server, token, "&nohandle=1&isolation=inline"));
  const dialog = page.getByRole("dialog", { name: TITLE });
  await expect(dialog.getByRole("button", { name: "Agree and continue" })).toBeVisible();
  await collectGarbage(page);
  await page.waitForTimeout(300);
  await expect(dialog.getByRole("button", { name: "Agree and continue" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(await callbacks(page, "onClose")).toEqual([{ status: "no_submit" }]);
});

for (const isolation of ["inline", "frame"]) {
  test(`${isolation} mode: closing by Decline inside the component raises no page error (defect 2, component closures)`, async ({ page, server, request, pageErrors }) => {
    const token = await demoToken(server, request);
    await page.goto(hostUrl(server, token, `&isolation=${isolation}`));
    const ui = isolation === "frame" ? page.frameLocator(`iframe[title="${TITLE}"]`).locator("#connect-root") : page.getByRole("dialog", { name: TITLE });
    await ui.getByRole("button", { name: "Decline" }).click();
    await expect.poll(() => callbacks(page, "onClose")).toEqual([{ status: "no_submit" }]);
    await page.waitForTimeout(300);
    expect(pageErrors.seen).toEqual([]);
  });
}

test("inline mode: the consent screen does not claim the host app cannot see the password (component copy per mode)", async ({ page, server, request }) => {
  const token = await demoToken(server, request);
  await page.goto(hostUrl(server, token, "&isolation=inline"));
  const dialog = page.getByRole("dialog", { name: TITLE });
  await expect(dialog.getByRole("button", { name: "Agree and continue" })).toBeVisible();
  await expect(dialog).not.toContainText("never shared with Demo Energy App");
});

test("open() never throws: an empty token goes to onError invalid_config in the script tag, frame and inline (defect 6)", async ({ page, server, request }) => {
  const token = await demoToken(server, request);
  await page.goto(hostUrl(server, token, "&isolation=inline"));
  await expect(page.getByRole("dialog", { name: TITLE })).toBeVisible();
  const outcome = await page.evaluate(async () => {
    const errors = [];
    const threw = [];
    for (const isolation of ["frame", "inline", undefined]) {
      try {
        window.UtilityConnect.create({ isolation, connectToken: "", callbacks: { onError: (e) => errors.push(e.error.type) } }).open();
      } catch (error) {
        threw.push(String(error));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { errors, threw };
  });
  expect(outcome).toEqual({ errors: ["invalid_config", "invalid_config", "invalid_config"], threw: [] });
});

test("frame mode: theme and locale reach the component in the frame", async ({ page, server, request }) => {
  const token = await demoToken(server, request);
  await page.goto(hostUrl(server, token));
  await page.evaluate(() => window.__handle.destroy());
  await expect(page.locator("iframe")).toHaveCount(0);
  await page.evaluate((t) => {
    const config = window.__config(t);
    config.locale = "es";
    config.theme = { primaryColor: "#5b21b6" };
    window.UtilityConnect.create(config).open();
  }, token);
  const ui = new ConnectPage(page, { isolation: "frame" }).dialog;
  const agree = ui.getByRole("button", { name: "Aceptar y continuar" });
  await expect(agree).toHaveCSS("background-color", "rgb(91, 33, 182)");
});

test("a destroyed frame leaves nothing behind and reports nothing", async ({ page, server, request }) => {
  const token = await demoToken(server, request);
  await page.goto(hostUrl(server, token));
  await expect(page.getByRole("dialog", { name: TITLE })).toBeVisible();
  await page.evaluate(() => { window.__handle.destroy(); window.__handle.destroy(); });
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(await page.evaluate(() => [document.body.style.overflow, document.querySelectorAll("[inert]").length])).toEqual(["", 0]);
  await page.waitForTimeout(200);
  expect(await callbacks(page, "onClose")).toEqual([]);
});

test("the script-tag loader, all a frame-mode host page loads, is under 3 kB brotli", async () => {
  const zlib = require("node:zlib");
  const fs = require("node:fs");
  const path = require("node:path");
  const file = fs.readFileSync(path.resolve(__dirname, "..", "..", "pkg", "utility-connect.js"));
  const size = zlib.brotliCompressSync(file, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  expect(size).toBeLessThanOrEqual(3072);
});

test("a reload of the demo page keeps it working: the 304 brings no policy that blocks it (defect 4)", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("#isolation-note")).toContainText("Frame mode");
  // Each reload revalidates the cached page (Chromium sends a validator and
  // shows the 304 merged into the cached answer, as it applies it).
  for (let i = 0; i < 2; i += 1) {
    const response = await page.reload();
    const sent = await response.request().allHeaders();
    expect(sent["if-none-match"] || sent["if-modified-since"]).toBeTruthy();
    expect((await response.allHeaders())["content-security-policy"] || "").not.toContain("default-src 'none'");
  }
  // Styled (the stylesheet applied) and scripted (the button opens Connect).
  await expect(page.locator(".demo-header")).toHaveCSS("background-color", "rgb(11, 61, 46)");
  await page.getByRole("button", { name: "Connect utility account" }).click();
  await expect(page.getByRole("dialog", { name: TITLE })).toBeVisible();
});

test("frame mode: focus moves into the frame, Escape there closes, and focus returns to the opener", async ({ page, server, request }) => {
  const token = await demoToken(server, request);
  await page.goto(hostUrl(server, token));
  const ui = new ConnectPage(page, { isolation: "frame" }).dialog;
  await expect(ui.getByRole("button", { name: "Agree and continue" })).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.activeElement.tagName)).toBe("IFRAME");
  // The page behind cannot be reached while the modal is open.
  await expect(page.getByRole("button", { name: "Open again" })).toHaveAttribute("inert", "");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);

  await page.getByRole("button", { name: "Open again" }).click();
  await expect(ui.getByRole("button", { name: "Agree and continue" })).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.activeElement.tagName)).toBe("IFRAME");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Open again" })).toBeFocused();
  expect(await callbacks(page, "onClose")).toEqual([{ status: "no_submit" }, { status: "no_submit" }]);
  expect(await callbacks(page, "onOpen")).toHaveLength(2);
});
