#!/usr/bin/env bash
# The api-fuzz test tier: Schemathesis (pinned, in .venv-tools/) generates
# requests from the server's own /openapi.json and checks every answer
# against it, on every route, with a fresh connect token per case. Starts
# a real server on a free port with a temporary data dir; exits non-zero on
# any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
venv=.venv-tools
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

cargo build -p utility-connect-server --quiet
data=$(mktemp -d)
log="$data/server.log"
target/debug/utility-connect-server serve --addr 127.0.0.1:0 --data-dir "$data/db" \
  --sandbox --sandbox-delay-ms 0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 300); do
  grep -q "listening on http://" "$log" && break
  kill -0 "$server" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.1
done
url=$(grep -o "listening on http://[^ ]*" "$log" | head -1 | sed 's/listening on //')
field() { grep -o "$1=[^ ]*" "$log" | head -1 | cut -d= -f2-; }
export API_FUZZ_URL="$url"
export API_FUZZ_CLIENT_ID=$(field client_id)
export API_FUZZ_CLIENT_SECRET=$(field client_secret)

# Bounded: a fixed number of examples per operation and a wall-clock cap.
PYTHONPATH=server/tests/schemathesis SCHEMATHESIS_HOOKS=hooks timeout 900 \
  "$venv/bin/schemathesis" --config-file server/tests/schemathesis/schemathesis.toml \
  run "$url/openapi.json" \
  --checks all \
  --max-examples "${API_FUZZ_EXAMPLES:-40}" \
  --seed "${API_FUZZ_SEED:-1}" \
  --generation-database none \
  --request-timeout 10 \
  --no-color
