#!/usr/bin/env bash
# Installs every tool the project needs, and only what is missing or at the
# wrong version, so a second run takes seconds. Used by both README commands:
#   setup.sh --for demo   what the demo needs (build tools and wasm-opt)
#   setup.sh [--for test] also what only the tests need: Debian's chromium
#                         and chromium-driver (wasm-bindgen-test, Playwright)
#                         and python3-venv (the api-fuzz tier's Schemathesis)
#                         and postgresql (the postgres tier's cluster)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/versions.env

purpose=test
case "${1:-}" in
  --for) purpose=${2:-} ;;
  "") ;;
  *) echo "usage: setup.sh [--for demo|test]" >&2; exit 2 ;;
esac
case "$purpose" in
  demo | test) ;;
  *) echo "setup: --for takes demo or test, not '$purpose'" >&2; exit 2 ;;
esac

say() { echo "==> setup: $*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (several minutes)"
  # No --locked: the CLI's own lockfile names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about ten minutes)"
  # 0.22 needs a newer rustc than this toolchain.
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

# The binary of the splitter cargo-leptos uses; it prints no version, so
# cargo's own list of installed crates says which one is there.
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_CLI_VERSION:"; then
  say "installing wasm-split-cli (wasm_split_cli_support $WASM_SPLIT_CLI_VERSION, a few minutes)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_CLI_VERSION" --features build-binary --locked --force
fi

if [ "$purpose" = test ] && { ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; }; then
  say "installing Debian's chromium and chromium-driver (tests only)"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

# Debian's python3 leaves out venv's pip bootstrap; api-fuzz.sh needs it.
if [ "$purpose" = test ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  say "installing Debian's postgresql (tests only: the postgres tier's throwaway cluster)"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
fi

if [ "$purpose" = test ] && ! python3 -c 'import ensurepip' 2>/dev/null; then
  say "installing Debian's python3-venv (tests only)"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv
fi

# npm ci only when package-lock.json changed since the last install. The demo
# needs binaryen's wasm-opt from it; the Playwright library in the same lock
# downloads no browser (the tests drive Debian's chromium).
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.setup-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  say "installing npm packages (binaryen's wasm-opt, the Playwright library)"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.setup-lock-hash
fi

if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "$BINARYEN_VERSION" ]; then
  echo "setup: wasm-opt on PATH is not binaryen $BINARYEN_VERSION: $(command -v wasm-opt)" >&2
  exit 1
fi
say "tools ready for the $purpose"
