// The screens as a person meets them (issue "picker, phones, announcements,
// visuals"): names people know, no choice made for the user, no dead ends,
// Back to where the user was, a phone sheet with pinned actions, a frame
// that does not jump, announced results, MFA details and the dark preset.
const { test, expect } = require("../fixtures/server");
const { ConnectPage } = require("../fixtures/connect-page");
const { openDemo, toCredentials, signIn } = require("../fixtures/walk");

test("picker: display names lead, legal names second, counts announced, search chooses nothing, Back returns to it", async ({ page }) => {
  const connect = new ConnectPage(page);
  await connect.open();
  await connect.agree();
  await connect.enterZip("10001");
  const coned = connect.dialog.getByRole("radio", { name: "Con Edison" });
  await expect(coned).toBeChecked();
  await expect(coned).toHaveAccessibleDescription(/^Consolidated Edison Co-NY Inc · NY$/);
  await expect(connect.dialog.getByRole("status")).toHaveText("1 utility found.");

  await connect.dialog.getByRole("button", { name: "My utility isn't listed" }).click();
  await connect.dialog.getByRole("textbox", { name: "Utility name" }).fill("Eversource");
  const nstar = connect.dialog.getByRole("radio", { name: "Eversource (formerly NSTAR)" });
  await expect(nstar).toBeVisible();
  await expect(nstar).toHaveAccessibleDescription(/NSTAR Electric Company/);
  await expect(connect.dialog.getByRole("status")).toHaveText(/utilit(y|ies) found\./);
  for (const radio of await connect.dialog.getByRole("radio").all()) await expect(radio).not.toBeChecked();
  await expect(connect.dialog.getByRole("button", { name: "Continue" })).toBeDisabled();

  await nstar.check();
  await connect.dialog.getByRole("button", { name: "Continue" }).click();
  await expect(connect.signInHeading("Eversource (formerly NSTAR)")).toBeVisible();
  await expect(connect.dialog).toContainText("Connecting to Eversource (formerly NSTAR)");
  await connect.dialog.getByRole("button", { name: "Back" }).click();
  await expect(connect.dialog.getByRole("textbox", { name: "Utility name" })).toHaveValue("Eversource");
  await expect(connect.dialog.getByRole("radio", { name: "Eversource (formerly NSTAR)" })).toBeChecked();
});

test("no dead ends: a zip without data and a search without match lead on, and the host hears the utility is missing", async ({ page }) => {
  const connect = new ConnectPage(page);
  await connect.open();
  await connect.agree();
  await connect.enterZip("75201");
  await expect(connect.dialog.getByRole("status")).toHaveText("We don't have utility data for 75201 yet. Try searching by name instead.");
  await connect.dialog.getByRole("button", { name: "Search by name" }).click();
  await connect.dialog.getByRole("textbox", { name: "Utility name" }).fill("qqqzzz");
  await expect(connect.dialog.getByRole("status")).toHaveText("No utilities match “qqqzzz”.");
  await connect.dialog.getByRole("button", { name: "Tell Demo Energy App my utility is missing" }).click();
  await expect(connect.dialog).toHaveCount(0);
  expect(await connect.callback("onClose")).toEqual([{ status: "no_submit" }]);
  const events = (await connect.callback("onEvent")).map((e) => e.name + JSON.stringify(e.metadata));
  expect(events).toContain('utility_not_listed{"source":"search"}');
});

test("phones: a full-height sheet, one scroll, actions pinned at the bottom, stacked full width, primary first", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  const connect = new ConnectPage(page);
  await connect.open();
  const frame = page.locator(".uc-frame");
  const frameBox = await frame.boundingBox();
  expect(frameBox.y).toBe(0);
  expect(frameBox.height).toBeGreaterThanOrEqual(640);
  const agree = connect.dialog.getByRole("button", { name: "Agree and continue" });
  const decline = connect.dialog.getByRole("button", { name: "Decline" });
  const [agreeBox, declineBox] = [await agree.boundingBox(), await decline.boundingBox()];
  expect(agreeBox.y).toBeLessThan(declineBox.y);
  expect(agreeBox.width).toBeGreaterThan(240);
  expect(agreeBox.height).toBeLessThan(56); // one line, not three
  expect(declineBox.y + declineBox.height).toBeLessThanOrEqual(640);
  expect(declineBox.y + declineBox.height).toBeGreaterThan(600); // pinned at the bottom

  await agree.click();
  await connect.enterZip("10001");
  await connect.dialog.getByRole("button", { name: "My utility isn't listed" }).click();
  await connect.dialog.getByRole("textbox", { name: "Utility name" }).fill("electric");
  await expect(connect.dialog.getByRole("status")).toHaveText("20 utilities found.");
  // Nothing inside the sheet scrolls on its own: the sheet is the one scroller.
  const innerScrollers = await page.evaluate(() =>
    [...document.querySelectorAll(".uc-root *")].filter((el) => {
      const overflow = getComputedStyle(el).overflowY;
      return (overflow === "auto" || overflow === "scroll") && el.scrollHeight > el.clientHeight;
    }).length
  );
  expect(innerScrollers).toBe(0);
  const continueBox = await connect.dialog.getByRole("button", { name: "Continue" }).boundingBox();
  expect(continueBox.y + continueBox.height).toBeLessThanOrEqual(640);
});

test("the dialog's top edge stays put from screen to screen", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const tops = [];
  const top = async () => tops.push(Math.round((await page.locator(".uc-frame").boundingBox()).y));
  await openDemo(page, "");
  await top();
  await toCredentials(page);
  await top();
  await page.locator(".uc-root button[type=submit]").click();
  await top();
  await signIn(page, "verified-1");
  await expect(page.locator(".uc-screen--verified")).toBeVisible();
  await top();
  expect(new Set(tops).size, `tops: ${tops}`).toBe(1);
});

test("announcements and focus: errors focus the first invalid field, results focus their heading with a visible marker, nothing stays busy", async ({ page }) => {
  const connect = new ConnectPage(page);
  await connect.open("?verificationTimeoutMs=1500");
  await connect.agree();
  await connect.chooseUtilityByZip("60601", "ComEd");
  await connect.dialog.getByRole("button", { name: "Connect" }).click();
  const username = connect.dialog.getByRole("textbox", { name: "Username" });
  await expect(username).toBeFocused();
  await expect(username).toHaveAccessibleDescription("Enter your username");

  await connect.signIn("tia", "timeout-1");
  await expect(connect.dialog.getByRole("status").filter({ hasText: "Checking your login with ComEd" })).toBeVisible();
  const heading = connect.dialog.getByRole("heading", { name: "This is taking longer than usual" });
  await expect(heading).toBeFocused();
  const outline = await heading.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
  await expect(page.locator(".uc-root [aria-busy=true]")).toHaveCount(0);
  await expect(connect.dialog.locator("svg")).toHaveCount(1); // the status icon is drawn, not a font glyph
  await connect.dialog.getByRole("button", { name: "Done" }).click();

  await connect.open();
  await connect.agree();
  await connect.chooseUtilityByZip("60601", "ComEd");
  await connect.signIn("val", "verified-2");
  await expect(connect.dialog.getByRole("heading", { name: "You're connected" })).toBeFocused();
  await expect(page.locator(".uc-root [aria-busy=true]")).toHaveCount(0);
  // Who asked, and for which utility.
  await expect(connect.dialog).toContainText("Demo Energy App");
  await expect(connect.dialog).toContainText("Connecting to ComEd");
  await expect(page.locator(".uc-brand__badge")).toHaveText("D");
});

test("MFA: masked destinations to choose from, attempts left only after a wrong code, a visible and announced resend cool-down", async ({ page }) => {
  await page.clock.install();
  const connect = new ConnectPage(page);
  await connect.open();
  await connect.agree();
  await connect.chooseUtilityByZip("60601", "ComEd");
  await connect.signIn("mo", "mfa-1");
  await expect(connect.dialog.getByRole("radio", { name: "Text message (SMS)" })).toHaveAccessibleDescription("•••-•••-0142");
  await expect(connect.dialog.getByRole("radio", { name: "Email" })).toHaveAccessibleDescription("d•••@example.com");
  await connect.dialog.getByRole("radio", { name: "Email" }).check();
  await connect.dialog.getByRole("button", { name: "Send code" }).click();
  const code = connect.dialog.getByRole("textbox", { name: "Verification code" });
  await expect(code).toBeVisible();
  await expect(connect.dialog).not.toContainText("attempts left");
  const resend = connect.dialog.getByRole("button", { name: /^Resend code in \d+ s$/ });
  await expect(resend).toBeDisabled();
  await expect(connect.dialog.getByRole("status").filter({ hasText: "You can ask for a new code in 30 seconds." })).toHaveCount(1);

  await code.fill("000000");
  await connect.dialog.getByRole("button", { name: "Verify" }).click();
  await expect(connect.dialog.getByRole("alert")).toContainText("That code didn't work.");
  await expect(connect.dialog).toContainText("4 attempts left");

  await page.clock.runFor(31_000);
  await expect(connect.dialog.getByRole("status").filter({ hasText: "You can ask for a new code now." })).toHaveCount(1);
  await connect.dialog.getByRole("button", { name: "Resend code", exact: true }).click();
  await expect(connect.dialog.getByRole("status").filter({ hasText: "We sent a new code." })).toBeVisible();
  await expect(connect.dialog.getByRole("button", { name: /^Resend code in \d+ s$/ })).toBeDisabled();
});

test("dark theme: every surface, alerts included, takes the dark tokens; auto follows the reader; the demo page has a favicon and a log", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\d+/g).slice(0, 3).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  };
  for (const theme of ["dark", "auto"]) {
    await openDemo(page, `?theme=${theme}`);
    await toCredentials(page);
    await signIn(page, "rejected-1");
    const alert = page.locator(".uc-root .uc-alert--error");
    await expect(alert).toBeVisible();
    const [background, color] = await alert.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
    expect(luminance(background), `${theme} alert background ${background}`).toBeLessThan(0.3);
    expect(luminance(color), `${theme} alert text ${color}`).toBeGreaterThan(0.5);
    const frame = await page.locator(".uc-frame").evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(luminance(frame), `${theme} frame ${frame}`).toBeLessThan(0.2);
    await page.keyboard.press("Escape");
  }
  await page.emulateMedia({ colorScheme: "light" });
  await openDemo(page, "?theme=auto");
  const light = await page.locator(".uc-frame").evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(luminance(light)).toBeGreaterThan(0.9);

  await expect(page.locator('link[rel="icon"]')).toHaveCount(1);
  const log = page.getByRole("log");
  await expect(log.locator("ol > li").first()).toBeVisible();
  expect(await log.evaluate((el) => el.tagName)).toBe("DIV");
});
