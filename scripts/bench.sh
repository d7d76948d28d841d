#!/usr/bin/env bash
# The benchmark (bench/bench.js): our component in inline and frame mode
# beside the React 19 and Preact 11 baselines in headless Chromium, sizes,
# and the release server under load (wrk). Writes BENCHMARKS.md,
# BENCHMARKS.json and the README's server table. Installs what it needs
# (Debian's wrk, the baselines' npm packages) only when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
bash scripts/setup.sh --for test
source scripts/env.sh

say() { echo "==> bench: $*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v wrk >/dev/null; then
  say "installing Debian's wrk (the load generator)"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk
fi

# The baselines' React, Preact and esbuild, pinned in bench/package-lock.json,
# apart from the workspace's packages; npm ci only when that lock changed.
lock_hash=$(sha256sum bench/package-lock.json | cut -d' ' -f1)
if [ "$(cat bench/node_modules/.setup-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  say "installing the baselines' npm packages (React 19, Preact 11, esbuild)"
  npm ci --prefix bench --no-audit --no-fund
  echo "$lock_hash" > bench/node_modules/.setup-lock-hash
fi

say "building the release package (pkg/) and the release server"
bash scripts/build-pkg.sh
cargo build --release -p utility-connect-server
node bench/bench.js
say "done in $((SECONDS - started)) s"
