#!/usr/bin/env bash
# README command 1: installs what is missing, builds the component and the
# server, then serves the demo host page and the sandbox Connect API together
# on http://127.0.0.1:8080 (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --for demo
source scripts/env.sh

addr=${DEMO_ADDR:-127.0.0.1:8080}
data_dir=${DEMO_DATA_DIR:-.demo-data}

bash scripts/build-web.sh
cargo build -p utility-connect-server

cat <<INFO

  Utility Connect demo: http://$addr/

  Press "Connect utility account", then use any zip code (e.g. 10001) and
  any username. The sandbox password decides what happens (see README):
    verified   → connects          rejected → wrong login
    mfa        → asks for a code; 123456 is right
    timeout    → still pending after the wait window
    error      → the utility fails

INFO
exec target/debug/utility-connect-server serve --addr "$addr" --data-dir "$data_dir" --static-dir dist --sandbox --demo-host
