#!/usr/bin/env bash
# Installs every tool the project needs, and only what is missing or at the
# wrong version, so a second run takes seconds. Used by both README commands.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

TRUNK_VERSION=0.21.14
# The CLI must equal the wasm-bindgen crate in Cargo.lock, byte for byte.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

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

if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
  say "installing Debian's chromium and chromium-driver"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

# npm ci only when package-lock.json changed since the last install.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.setup-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  say "installing npm packages (Playwright library, binaryen's wasm-opt)"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.setup-lock-hash
fi

if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "132" ]; then
  echo "setup: wasm-opt on PATH is not binaryen 132: $(command -v wasm-opt)" >&2
  exit 1
fi
say "tools ready"
