// Every sandbox scenario through the demo host page against the real server,
// checking what the host's callbacks received.
const { test, expect, startServer } = require("../fixtures/server");
const { ConnectPage } = require("../fixtures/connect-page");

const COMED = "ComEd";
const unique = (keyword) => `${keyword}-${Math.random().toString(36).slice(2, 8)}`;

async function toSignIn(connect, query = "") {
  await connect.open(query);
  await connect.agree();
  await connect.chooseUtilityByZip("60601", COMED);
}

/** No secret typed by the user ever reaches the host page's callbacks. */
async function expectNoSecretLogged(connect, ...secrets) {
  const log = await connect.page.getByRole("log").textContent();
  for (const secret of secrets) expect(log).not.toContain(secret);
}

test("verified: the host gets the credential id on submit and on close", async ({ page }) => {
  const connect = new ConnectPage(page);
  await toSignIn(connect);
  const password = unique("verified");
  await connect.signIn("jane@example.com", password);
  await connect.expectConnected();
  await connect.dialog.getByRole("button", { name: "Done" }).click();
  await expect(connect.dialog).toHaveCount(0);
  const [submitted] = await connect.callback("onCredentialsSubmitted");
  expect(submitted.utilityCredentialId).toEqual(expect.any(Number));
  expect(await connect.callback("onClose")).toEqual([{ status: "verified", utilityCredentialId: submitted.utilityCredentialId }]);
  await expectNoSecretLogged(connect, password, "jane@example.com");
});

test("rejected then corrected: a clear message, username kept, password emptied", async ({ page }) => {
  const connect = new ConnectPage(page);
  await toSignIn(connect);
  const wrong = unique("rejected");
  await connect.signIn("sam", wrong);
  await expect(connect.dialog.getByRole("alert")).toContainText("We couldn't sign in with those details.");
  await expect(connect.dialog.getByRole("textbox", { name: "Username" })).toHaveValue("sam");
  await expect(connect.dialog.getByLabel("Password", { exact: true })).toHaveValue("");
  const right = unique("verified");
  await connect.signIn(null, right);
  await connect.expectConnected();
  await connect.dialog.getByRole("button", { name: "Done" }).click();
  const [close] = await connect.callback("onClose");
  expect(close.status).toBe("verified");
  await expectNoSecretLogged(connect, wrong, right);
});

test("MFA: a wrong code stays on the screen with attempts left, the right one verifies", async ({ page }) => {
  const connect = new ConnectPage(page);
  await toSignIn(connect);
  await connect.signIn("mia", unique("mfa"));
  await expect(connect.dialog.getByRole("heading", { name: "Verify it's you" })).toBeVisible();
  await connect.dialog.getByRole("radio", { name: "Text message (SMS)" }).check();
  await connect.dialog.getByRole("button", { name: "Send code" }).click();
  const code = connect.dialog.getByRole("textbox", { name: "Verification code" });
  await expect(code).toHaveAttribute("autocomplete", "one-time-code");
  await expect(code).toHaveAttribute("inputmode", "numeric");
  await code.fill("000000");
  await connect.dialog.getByRole("button", { name: "Verify" }).click();
  await expect(connect.dialog.getByRole("alert")).toContainText("That code didn't work.");
  await expect(connect.dialog).toContainText("4 attempts left");
  await code.fill("123456");
  await connect.dialog.getByRole("button", { name: "Verify" }).click();
  await connect.expectConnected();
  await expectNoSecretLogged(connect, "123456", "000000");
});

test("timeout: after the window the user is told we keep trying; closing reports timed_out", async ({ page }) => {
  const connect = new ConnectPage(page);
  await toSignIn(connect, "?verificationTimeoutMs=3000");
  await connect.signIn("tim", unique("timeout"));
  await expect(connect.dialog.getByRole("heading", { name: "This is taking longer than usual" })).toBeVisible();
  await expect(connect.dialog).toContainText("We'll keep checking and let Demo Energy App know");
  await connect.dialog.getByRole("button", { name: "Done" }).click();
  const [close] = await connect.callback("onClose");
  expect(close.status).toBe("timed_out");
  expect(close.utilityCredentialId).toEqual(expect.any(Number));
});

test("closing while verifying reports pending with the credential id", async ({ page }) => {
  const connect = new ConnectPage(page);
  await toSignIn(connect);
  await connect.signIn("pat", unique("timeout"));
  await expect(connect.dialog.getByRole("heading", { name: `Checking your login with ${COMED}` })).toBeVisible();
  await connect.dialog.getByRole("button", { name: "Close" }).first().click();
  const [close] = await connect.callback("onClose");
  expect(close.status).toBe("pending");
  expect(close.utilityCredentialId).toEqual(expect.any(Number));
});

test("error: the utility fails, the user can close and the host hears error", async ({ page }) => {
  const connect = new ConnectPage(page);
  await toSignIn(connect);
  await connect.signIn("eve", unique("error"));
  await expect(connect.dialog.getByRole("heading", { name: "Something went wrong" })).toBeVisible();
  await expect(connect.dialog.getByRole("button", { name: "Try again" })).toBeVisible();
  await connect.dialog.getByRole("button", { name: "Close" }).last().click();
  const [close] = await connect.callback("onClose");
  expect(close.status).toBe("error");
});

test("declining consent closes with no_submit", async ({ page }) => {
  const connect = new ConnectPage(page);
  await connect.open();
  await connect.dialog.getByRole("button", { name: "Decline" }).click();
  await expect(connect.dialog).toHaveCount(0);
  expect(await connect.callback("onClose")).toEqual([{ status: "no_submit" }]);
});

test("a zip with no utility data offers the name search, which finds the utility", async ({ page }) => {
  const connect = new ConnectPage(page);
  await connect.open();
  await connect.agree();
  await connect.enterZip("75201");
  await expect(connect.dialog).toContainText("We don't have utility data for 75201 yet.");
  await connect.dialog.getByRole("button", { name: "Search by name" }).click();
  await connect.dialog.getByRole("textbox", { name: "Utility name" }).fill("comed");
  await connect.dialog.getByRole("radiogroup", { name: "Search results" }).getByRole("radio", { name: COMED }).check();
  await connect.dialog.getByRole("button", { name: "Continue" }).click();
  await expect(connect.signInHeading(COMED)).toBeVisible();
});

test("update mode goes straight to the credential form and keeps the id", async ({ page }) => {
  const connect = new ConnectPage(page);
  await toSignIn(connect);
  await connect.signIn("uma", unique("verified"));
  await connect.expectConnected();
  await connect.dialog.getByRole("button", { name: "Done" }).click();
  const [first] = await connect.callback("onClose");

  await page.getByRole("button", { name: "Update connection" }).click();
  await expect(connect.signInHeading(COMED)).toBeVisible();
  await expect(connect.dialog.getByRole("button", { name: "Back" })).toHaveCount(0);
  await connect.signIn("uma", unique("verified"));
  await connect.expectConnected();
  await connect.dialog.getByRole("button", { name: "Done" }).click();
  const closes = await connect.callback("onClose");
  expect(closes).toHaveLength(2);
  expect(closes[1]).toEqual({ status: "verified", utilityCredentialId: first.utilityCredentialId });
});

test("an expired token shows the expired screen and calls onError", async ({ page }) => {
  const connect = new ConnectPage(page);
  await page.goto("/?isolation=inline");
  // The browser's clock three hours ahead: the two-hour token is past its expiry.
  await page.clock.setSystemTime(Date.now() + 3 * 3600 * 1000);
  await page.getByRole("button", { name: "Connect utility account" }).click();
  await expect(connect.dialog.getByRole("heading", { name: "This session has expired" })).toBeVisible();
  const [error] = await connect.callback("onError");
  expect(error.error.type).toBe("connect_token_expired");
});

test("the server stopping mid-flow shows a retry message, and Retry resumes once it is back", async ({ page, server, pageErrors }) => {
  // The browser logs the refused connection while the server is down, which is the point.
  pageErrors.allow(/ERR_CONNECTION_REFUSED/);
  const connect = new ConnectPage(page);
  await toSignIn(connect);
  const port = new URL(server.url).port;
  await server.stop();
  await connect.signIn("ned", unique("verified"));
  await expect(connect.dialog.getByRole("alert")).toContainText("You're offline or the connection dropped.");
  const restarted = await startServer(["--addr", `127.0.0.1:${port}`], server.dataDir);
  try {
    await connect.dialog.getByRole("button", { name: "Retry" }).click();
    await connect.expectConnected();
  } finally {
    await restarted.stop();
  }
});

test("a login that keeps failing is locked with a clear message instead of reaching the utility again", async ({ page, pageErrors }) => {
  // The browser logs the server's 429 for the locked login, which is the point.
  pageErrors.allow(/status of 429 \(Too Many Requests\)/);
  const connect = new ConnectPage(page);
  await toSignIn(connect);
  for (let attempt = 0; attempt < 3; attempt++) {
    await connect.signIn("lou", unique("rejected"));
    await expect(connect.dialog.getByRole("alert")).toContainText("We couldn't sign in with those details.");
  }
  await connect.signIn("lou", unique("verified"));
  await expect(connect.dialog.getByRole("alert")).toContainText("Too many failed sign-in attempts for this login.");
  await expect(connect.signInHeading(COMED)).toBeVisible();
  await expect(connect.dialog.getByRole("textbox", { name: "Username" })).toHaveValue("lou");
  // Another login still works on the same token.
  await connect.signIn("someone-else", unique("verified"));
  await connect.expectConnected();
});
