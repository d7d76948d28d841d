#!/usr/bin/env bash
# Builds everything the browser loads: the npm package (pkg/), then the demo
# page (Trunk, into dist/), which copies the package to dist/sdk/ so that the
# server also hosts the script-tag SDK, the frame page's and the Connect URL
# page's assets.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/build-pkg.sh
trunk build --release
# The demo page's own files compressed too (the sdk/ copy already is).
node scripts/precompress.js dist
