#!/usr/bin/env bash
# Benchmarks: bundle sizes, component start-up and API latency (bench/bench.js).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --for test
source scripts/env.sh
bash scripts/build-web.sh
cargo build -p utility-connect-server
node bench/bench.js
