// The whole demo page (not only the dialog) passes axe-core on every screen,
// at phone and desktop widths, in the light, dark and auto themes and in
// both locales (a cut matrix, below); and every screen matches its committed screenshot at both
// widths (light theme, English), so that a visual regression fails the run.
// UC_DOCS_SCREENSHOTS=1 also writes the README's phone-width screenshots.
const path = require("node:path");
const { test, expect } = require("../fixtures/server");
const { walkEveryScreen } = require("../fixtures/walk");
const AxeBuilder = require("@axe-core/playwright").default;

const WIDTHS = [
  { name: "320", width: 320, height: 640 },
  { name: "1280", width: 1280, height: 800 },
];
const DOCS = { consent: "consent", utility: "picker", credentials: "credentials", verified: "result" };
const docsDir = path.resolve(__dirname, "..", "..", "docs", "screenshots");

async function axeViolations(page, label) {
  const results = await new AxeBuilder({ page }).analyze();
  // Guards against auditing nothing: the dialog's nodes must have been checked.
  expect(results.passes.length, label).toBeGreaterThan(10);
  return results.violations.map((v) => `${label}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

// Both widths for the default look; one width for each other theme and the
// other locale, which keeps the tier's time in bounds (each walk is ~20 s).
const [PHONE, DESKTOP] = WIDTHS;
const AXE_MATRIX = [
  ["light", "en", WIDTHS],
  ["dark", "en", [PHONE]],
  ["auto", "en", [DESKTOP]],
  ["light", "es", [PHONE]],
  ["dark", "es", [DESKTOP]],
];

for (const [theme, locale, widths] of AXE_MATRIX) {
  test(`axe: every screen, ${widths.map((w) => w.name).join(" and ")} px, theme ${theme}, locale ${locale}`, async ({ page }) => {
    test.setTimeout(180_000);
    // "auto" follows the reader's setting: audit it in the dark, where it differs from the default.
    if (theme === "auto") await page.emulateMedia({ colorScheme: "dark" });
    const violations = [];
    await walkEveryScreen(page, `?theme=${theme}&locale=${locale}`, async (screen) => {
      for (const size of widths) {
        await page.setViewportSize(size);
        violations.push(...(await axeViolations(page, `${screen} @${size.name}`)));
      }
    });
    expect(violations).toEqual([]);
  });
}

test("every screen matches its screenshot at 320 and 1280 px", async ({ page }) => {
  test.setTimeout(180_000);
  await page.emulateMedia({ reducedMotion: "reduce" });
  // One font the machine has, whatever system-ui resolves to elsewhere.
  await page.addInitScript(() => {
    const style = () => {
      const sheet = document.createElement("style");
      sheet.textContent = "* { font-family: 'DejaVu Sans', sans-serif !important; }";
      document.head.appendChild(sheet);
    };
    if (document.head) style();
    else document.addEventListener("DOMContentLoaded", style);
  });
  await walkEveryScreen(page, "?theme=light&locale=en", async (screen) => {
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      await page.mouse.move(0, 0);
      const options = {
        animations: "disabled",
        caret: "hide",
        // The resend countdown changes with time, and so does the host's
        // callback log, which shows through the backdrop on wide screens
        // only (on phones the sheet covers it).
        mask: size.name === "1280" ? [page.locator("#callback-log"), page.locator(".uc-resend")] : [page.locator(".uc-resend")],
      };
      await expect(page).toHaveScreenshot(`${screen}-${size.name}.png`, options);
      if (process.env.UC_DOCS_SCREENSHOTS && size.name === "320" && DOCS[screen]) {
        await page.screenshot({ ...options, path: path.join(docsDir, `${DOCS[screen]}-phone.png`) });
      }
    }
  });
});
