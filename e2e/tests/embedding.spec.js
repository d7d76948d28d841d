// Hosts on another origin: the script tag and the React bindings from pkg/.
const { test, expect } = require("../fixtures/server");
const { startHostServer } = require("../fixtures/host-server");

let host;
test.beforeAll(async () => { host = await startHostServer(); });
test.afterAll(async () => { await host.close(); });

async function connectToken(server, request) {
  const response = await request.post(`${server.url}/demo/connect_token`, { data: {} });
  expect(response.ok()).toBeTruthy();
  return (await response.json()).connect_token;
}

function hostUrl(page, token, api, extra = "") {
  return `${host.url}/hosts/${page}#token=${encodeURIComponent(token)}&api=${encodeURIComponent(api)}${extra}`;
}

test("a script-tag host on another origin can open the component before the wasm has loaded", async ({ page, server, request }) => {
  const token = await connectToken(server, request);
  await page.goto(hostUrl("script-tag.html", token, server.url, "&isolation=inline"));
  const dialog = page.getByRole("dialog", { name: "Connect your utility account" });
  await expect(dialog.getByRole("heading", { name: "Demo Energy App wants to connect to your utility account" })).toBeVisible();
  await expect(page.getByRole("log")).toContainText("onOpen");
});

test("a script-tag host can render the component inline in its own element", async ({ page, server, request }) => {
  const token = await connectToken(server, request);
  await page.goto(hostUrl("script-tag.html", token, server.url, "&inline=1&isolation=inline"));
  await expect(page.locator("#connect-here").getByRole("button", { name: "Agree and continue" })).toBeVisible();
});

test("the React hook opens the modal and the inline component mounts and unmounts", async ({ page, server, request }) => {
  const token = await connectToken(server, request);
  await page.goto(hostUrl("react.html", token, server.url, "&isolation=inline"));
  await page.getByRole("button", { name: "Connect utility account" }).click();
  await expect(page.getByRole("dialog", { name: "Connect your utility account" })).toBeVisible();
  await page.getByRole("dialog").getByRole("button", { name: "Close" }).first().click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByRole("log")).toContainText('onClose {"status":"no_submit"}');

  await page.getByRole("button", { name: "Show inline" }).click();
  await expect(page.locator(".inline-host").getByRole("button", { name: "Agree and continue" })).toBeVisible();
  await page.getByRole("button", { name: "Hide inline" }).click();
  await expect(page.locator(".inline-host")).toHaveCount(0);
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("a Connect URL opens the hosted page, which runs the component full-page", async ({ page, server, request }) => {
  // The sandbox client's secret is printed once, in the server's first-start log.
  const match = server.log().match(/client_id=(\S+) client_secret=(\S+)/);
  expect(match).not.toBeNull();
  const auth = await request.post(`${server.url}/auth/access_token`, { data: { client_id: match[1], client_secret: match[2] } });
  const { access_token } = await auth.json();
  const response = await request.post(`${server.url}/auth/connect_url`, {
    headers: { Authorization: `Bearer ${access_token}` },
    data: { client_user_id: "hosted-user" },
  });
  expect(response.ok()).toBeTruthy();
  const { connect_url } = await response.json();
  expect(connect_url).toContain("#token=");
  await page.goto(connect_url);
  await expect(page.getByRole("heading", { name: "Demo Energy App wants to connect to your utility account" })).toBeVisible();
  // The token leaves the address bar once read.
  expect(page.url()).not.toContain("token=");
});

test("under a strict CSP the component is styled and themed with a nonce, with no violations", async ({ page, server, request }) => {
  const token = await connectToken(server, request);
  await page.goto(hostUrl("strict-csp.html", token, server.url));
  const agree = page.getByRole("button", { name: "Agree and continue" });
  await expect(agree).toBeVisible();
  // The stylesheet applied (not blocked) and the theme's colour reached the button.
  await expect(agree).toHaveCSS("background-color", "rgb(91, 33, 182)");
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
});
