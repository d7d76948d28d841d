#!/usr/bin/env bash
# Builds everything the browser loads: the demo page (Trunk, into dist/), the
# npm package (pkg/), and a copy of the package under dist/sdk/ so that the
# server also hosts the script-tag SDK and the Connect URL page's assets.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
trunk build --release
bash scripts/build-pkg.sh
mkdir -p dist/sdk
cp pkg/* dist/sdk/
