#!/usr/bin/env bash
# Regenerates the screenshot test's baselines (e2e/tests/visual.spec.js-snapshots/)
# and the README's phone-width screenshots (docs/screenshots/) from the built
# demo page. Run after a deliberate visual change, then review and commit both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/build-web.sh
cargo build -p utility-connect-server
mkdir -p docs/screenshots
UC_DOCS_SCREENSHOTS=1 npx playwright test --config e2e/playwright.config.js \
  e2e/tests/visual.spec.js -g "screenshot" --update-snapshots
