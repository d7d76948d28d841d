// The component's lifetime on a real host page (inline isolation: the
// component runs in the page): a handle the host never kept survives garbage
// collection, closing from inside raises no page error, and a second modal
// is refused with `already_open`.
const { test, expect } = require("../fixtures/server");
const { startHostServer } = require("../fixtures/host-server");

const TITLE = "Connect your utility account";
const CONSENT = "Demo Energy App wants to connect to your utility account";

let host;
test.beforeAll(async () => { host = await startHostServer(); });
test.afterAll(async () => { await host.close(); });

async function connectToken(server, request) {
  const response = await request.post(`${server.url}/demo/connect_token`, { data: {} });
  expect(response.ok()).toBeTruthy();
  return (await response.json()).connect_token;
}

// script-tag.html with `nohandle=1` runs `UtilityConnect.create({...}).open()`
// inline and keeps no handle.
async function openOnHostPage(page, server, request) {
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  const token = await connectToken(server, request);
  await page.goto(`${host.url}/hosts/script-tag.html#token=${encodeURIComponent(token)}&api=${encodeURIComponent(server.url)}&isolation=inline&nohandle=1`);
  const dialog = page.getByRole("dialog", { name: TITLE });
  await expect(dialog.getByRole("heading", { name: CONSENT })).toBeVisible();
  return { dialog, errors };
}

async function collectGarbage(page) {
  const session = await page.context().newCDPSession(page);
  await session.send("HeapProfiler.collectGarbage");
  await session.detach();
}

test("a modal whose handle the host never kept survives garbage collection and still closes", async ({ page, server, request }) => {
  const { dialog, errors } = await openOnHostPage(page, server, request);
  await collectGarbage(page);
  await page.waitForTimeout(300);
  await collectGarbage(page);
  await page.waitForTimeout(300);
  await expect(dialog.getByRole("heading", { name: CONSENT })).toBeVisible();
  await dialog.getByRole("button", { name: "Agree and continue" }).click();
  await expect(dialog.getByLabel("ZIP code")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByRole("log")).toContainText('onClose {"status":"no_submit"}');
  expect(await page.evaluate(() => document.body.style.overflow)).toBe("");
  expect(errors).toEqual([]);
});

for (const button of ["Decline", "Close"]) {
  test(`closing by ${button} inside the modal raises no page error and reports onClose once`, async ({ page, server, request }) => {
    const { dialog, errors } = await openOnHostPage(page, server, request);
    await dialog.getByRole("button", { name: button, exact: true }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await page.waitForTimeout(300);
    expect(errors).toEqual([]);
    await expect(page.getByRole("log").getByText("onClose")).toHaveCount(1);
  });
}

test("a second modal is refused with already_open; focus stays in the first and Escape closes it", async ({ page, server, request }) => {
  const { dialog, errors } = await openOnHostPage(page, server, request);
  const token = await connectToken(server, request);
  await page.evaluate(({ token, api }) => {
    window.UtilityConnect.create({
      connectToken: token,
      apiBaseUrl: api,
      callbacks: { onError: (data) => { window.__secondError = data.error.type; } },
    }).open();
  }, { token, api: server.url });
  await expect.poll(() => page.evaluate(() => window.__secondError)).toBe("already_open");
  await expect(page.getByRole("dialog")).toHaveCount(1);
  for (let i = 0; i < 4; i += 1) await page.keyboard.press("Tab");
  expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("UtilityConnect.create never throws: an empty token goes to onError invalid_config", async ({ page, server, request }) => {
  const { errors } = await openOnHostPage(page, server, request);
  const outcome = await page.evaluate(() => {
    const seen = [];
    try {
      window.UtilityConnect.create({ connectToken: "", callbacks: { onError: (e) => seen.push(e.error.type) } }).open();
      return seen;
    } catch (error) {
      return `threw ${error}`;
    }
  });
  expect(outcome).toEqual(["invalid_config"]);
  expect(errors).toEqual([]);
});
