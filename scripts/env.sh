# Sourced by the other scripts: puts the project's pinned tools first on PATH.
# wasm-opt must be npm's binaryen (scripts/versions.env); Debian's older one
# breaks the wasm.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$repo_root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
export CHROMIUM=/usr/bin/chromium
