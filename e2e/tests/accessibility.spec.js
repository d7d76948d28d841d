// axe-core audits of every screen a user can reach, inside the component's
// dialog only (the demo page around it is not the product).
const { test, expect } = require("../fixtures/server");
const { ConnectPage } = require("../fixtures/connect-page");
const AxeBuilder = require("@axe-core/playwright").default;

async function expectNoViolations(page, screen) {
  const results = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  const violations = results.violations.map((v) => `${screen}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(violations).toEqual([]);
  // Guards against auditing nothing: rules must have run on the dialog's nodes.
  expect(results.passes.length).toBeGreaterThan(10);
}

test("every screen of the create flow passes axe", async ({ page }) => {
  const connect = new ConnectPage(page);
  await connect.open();
  await expect(connect.dialog.getByRole("button", { name: "Agree and continue" })).toBeVisible();
  await expectNoViolations(page, "consent");
  await connect.agree();
  await connect.enterZip("99501");
  await expect(connect.dialog.getByRole("radiogroup", { name: "Utilities serving 99501" })).toBeVisible();
  await expectNoViolations(page, "utility");
  await connect.dialog.getByRole("button", { name: "My utility isn't listed" }).click();
  await connect.dialog.getByRole("textbox", { name: "Utility name" }).fill("comed");
  await expect(connect.dialog.getByRole("radiogroup", { name: "Search results" })).toBeVisible();
  await expectNoViolations(page, "search");
  await connect.dialog.getByRole("radio", { name: "ComEd" }).check();
  await connect.dialog.getByRole("button", { name: "Continue" }).click();
  await expect(connect.signInHeading("ComEd")).toBeVisible();
  await expectNoViolations(page, "credentials");
  await connect.signIn("amy", "rejected-1");
  await expect(connect.dialog.getByRole("alert")).toBeVisible();
  await expectNoViolations(page, "credentials after rejection");
  await connect.signIn(null, "mfa-1");
  await expect(connect.dialog.getByRole("heading", { name: "Verify it's you" })).toBeVisible();
  await expectNoViolations(page, "mfa method");
  await connect.dialog.getByRole("radio", { name: "Email" }).check();
  await connect.dialog.getByRole("button", { name: "Send code" }).click();
  await connect.dialog.getByRole("textbox", { name: "Verification code" }).fill("000000");
  await connect.dialog.getByRole("button", { name: "Verify" }).click();
  await expect(connect.dialog.getByRole("alert")).toBeVisible();
  await expectNoViolations(page, "mfa code");
  await connect.dialog.getByRole("textbox", { name: "Verification code" }).fill("123456");
  await connect.dialog.getByRole("button", { name: "Verify" }).click();
  await connect.expectConnected();
  await expectNoViolations(page, "connected");
});

test("the timeout, error and expired screens pass axe", async ({ page }) => {
  const connect = new ConnectPage(page);
  await connect.open("?verificationTimeoutMs=1500");
  await connect.agree();
  await connect.chooseUtilityByZip("60601", "ComEd");
  await connect.signIn("tia", "timeout-1");
  await expect(connect.dialog.getByRole("heading", { name: "This is taking longer than usual" })).toBeVisible();
  await expectNoViolations(page, "timed out");
  await connect.dialog.getByRole("button", { name: "Done" }).click();

  await connect.open();
  await connect.agree();
  await connect.chooseUtilityByZip("60601", "ComEd");
  await connect.signIn("eli", "error-1");
  await expect(connect.dialog.getByRole("heading", { name: "Something went wrong" })).toBeVisible();
  await expectNoViolations(page, "error");
  await connect.dialog.getByRole("button", { name: "Close" }).last().click();
  await expect(connect.dialog).toHaveCount(0);

  await page.clock.setSystemTime(Date.now() + 3 * 3600 * 1000);
  await page.getByRole("button", { name: "Connect utility account" }).click();
  await expect(connect.dialog.getByRole("heading", { name: "This session has expired" })).toBeVisible();
  await expectNoViolations(page, "expired");
});
