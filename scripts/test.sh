#!/usr/bin/env bash
# README command 2: installs what is missing, then runs every test tier:
# native cargo tests (the server's on SQLite), the server's storage
# conformance and API suites again on a throwaway PostgreSQL cluster
# (postgres), wasm-bindgen tests in headless Chromium, Playwright
# end-to-end tests against the real server, and Schemathesis against the real
# server's /openapi.json (api-fuzz). Exits non-zero on any failure.
#   test.sh [--tier native|postgres|wasm|e2e|api-fuzz|all]   one tier, or all (the default)
set -uo pipefail
cd "$(dirname "$0")/.."

wanted=all
case "${1:-}" in
  --tier) wanted=${2:-} ;;
  "") ;;
  *) echo "usage: test.sh [--tier native|postgres|wasm|e2e|api-fuzz|all]" >&2; exit 2 ;;
esac
case "$wanted" in
  native | postgres | wasm | e2e | api-fuzz | all) ;;
  *) echo "test.sh: --tier takes native, postgres, wasm, e2e, api-fuzz or all, not '$wanted'" >&2; exit 2 ;;
esac
runs() { [ "$wanted" = all ] || [ "$wanted" = "$1" ]; }

# The native tier needs nothing beyond cargo.
if [ "$wanted" != native ]; then
  bash scripts/setup.sh --for test || exit 1
fi
source scripts/env.sh

logs=$(mktemp -d)
declare -a summary
total_passed=0
total_failed=0
status=0

# Adds up the passed/failed counts that a tier's log reports.
count() {
  local log=$1 kind=$2 passed failed
  if [ "$kind" = cargo ]; then
    passed=$(grep -Eo '^test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
    failed=$(grep -Eo '^test result: [a-zA-Z]+\. [0-9]+ passed; [0-9]+ failed' "$log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
  elif [ "$kind" = schemathesis ]; then
    # "834 generated, 834 passed, ..." and "N failures" from its summary.
    passed=$(grep -Eo '[0-9]+ generated, [0-9]+ passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
    failed=$(grep -Eo '= [0-9]+ failures?' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
  else
    passed=$(grep -Eo '^ +[0-9]+ passed' "$log" | awk '{s+=$1} END {print s+0}')
    failed=$(grep -Eo '^ +[0-9]+ (failed|flaky)' "$log" | awk '{s+=$1} END {print s+0}')
  fi
  echo "$passed $failed"
}

tier() {
  local name=$1 kind=$2
  shift 2
  echo
  echo "==> test tier: $name"
  local log="$logs/$name.log" start=$SECONDS
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  read -r passed failed < <(count "$log" "$kind")
  if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
  [ "$rc" = 0 ] || status=1
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  summary+=("$(printf '%-8s %4d passed, %d failed (%ds)' "$name:" "$passed" "$failed" $((SECONDS - start)))")
}

if runs native; then
  tier native cargo cargo test --workspace
fi

# The server's conformance and API suites on PostgreSQL: a cluster of its own
# (scripts/pg-cluster.sh: initdb in a temporary dir, a free loopback port,
# an unprivileged user), removed afterwards whatever happens.
if runs postgres; then
  pg_root=$(mktemp -d)
  pg_dir=$pg_root/cluster
  trap 'bash scripts/pg-cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true; rmdir "$pg_root" 2>/dev/null || true' EXIT
  if pg_url=$(PG_CLUSTER_DURABLE=0 bash scripts/pg-cluster.sh start "$pg_dir"); then
    tier postgres cargo env UTILITY_CONNECT_TEST_DATABASE_URL="$pg_url" \
      cargo test -p utility-connect-server --test store --test api
  else
    status=1
    total_failed=$((total_failed + 1))
    summary+=("postgres: the cluster did not start")
  fi
  bash scripts/pg-cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true
  rmdir "$pg_root" 2>/dev/null || true
fi

if runs wasm; then
  tier wasm cargo env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test -p utility-connect --target wasm32-unknown-unknown --tests
fi

if runs e2e; then
  echo
  echo "==> building the demo page, the npm package and the server for the end-to-end tier"
  if bash scripts/build-web.sh && cargo build -p utility-connect-server; then
    tier e2e playwright npx playwright test --config e2e/playwright.config.js
  else
    status=1
    total_failed=$((total_failed + 1))
    summary+=("e2e:     build failed")
  fi
fi

# Schemathesis (pinned, installed into .venv-tools/ by the script) against
# a real server: every route and check, bounded in examples and time.
if runs api-fuzz; then
  tier api-fuzz schemathesis bash scripts/api-fuzz.sh
fi

echo
echo "==> summary"
printf '%s\n' "${summary[@]}"
echo "total: $total_passed passed, $total_failed failed"
rm -rf "$logs"
exit $status
