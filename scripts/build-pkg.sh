#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm-bindgen's `--target web` output,
# optimised by wasm-opt, plus the ES module entry, the React bindings, their
# types, and the script-tag loader. pkg/ is generated, never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

target_dir="${CARGO_TARGET_DIR:-target}"
# Feature `split` makes the screens after the first one a split point
# (src/ui/later.rs); `--emit-relocs` (on this crate's final link only, so the
# dependencies' builds are shared with every other build) keeps the
# relocations from which wasm-split-cli rebuilds the call graph.
cargo rustc --release --target wasm32-unknown-unknown -p utility-connect --lib --features split \
  -- -C link-arg=--emit-relocs
rm -rf pkg
# wasm-split-cli (crate wasm_split_cli_support, the splitter cargo-leptos
# uses, matching leptos's wasm_split_helpers) cuts the linked module into the
# main module, one wasm file per split module (split_*.wasm) plus chunks of
# code they share (chunk_*.wasm, when there are several split modules), and
# __wasm_split.js, which fetches them relative to its own URL.
split_dir="$target_dir/wasm-split"
rm -rf "$split_dir"
wasm-split-cli --target web --out-name utility_connect \
  "$target_dir/wasm32-unknown-unknown/release/utility_connect.wasm" "$split_dir"
# --keep-lld-exports: the chunks import the stack pointer, table and memory
# the main module exports for them.
wasm-bindgen --target web --keep-lld-exports --out-dir pkg --out-name utility_connect \
  "$split_dir/utility_connect.wasm"
cp "$split_dir"/*.wasm pkg/
rm pkg/utility_connect.wasm
# --converge repeats -Oz until it stops shrinking the module (measured: about
# 0.6 kB raw, 1.5 kB brotli smaller than a single pass).
# The strip flags drop the producers and target-features sections, which the
# browser never reads (done in the same run: a second pass re-lays the code).
# Each chunk too: they share the main module's memory, table and globals by
# import, which wasm-opt leaves as they are.
for wasm in pkg/*.wasm; do
  wasm-opt -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --strip-debug --strip-producers --strip-target-features \
    "$wasm" -o "$wasm"
done
# What a browser fetches is minified (measured: glue 7.8 -> 5.6 kB brotli,
# frame loader 3.0 -> 1.9 kB); the exports keep their names.
minify() { esbuild "$@" --minify --target=es2020 --log-level=warning; }
minify --format=esm pkg/utility_connect.js --outfile=pkg/utility_connect.js --allow-overwrite
minify --format=esm "$split_dir/__wasm_split.js" --outfile=pkg/__wasm_split.js
cp js/package/index.js js/package/index.d.ts js/package/react.js js/package/react.d.ts js/package/loader-stub.js pkg/
minify --format=esm js/frame-loader.js --outfile=pkg/frame-loader.js
# The script-tag file: the frame loader (its `export` stripped), the queueing
# stub and the lazy wasm loader for inline mode, then the global that picks
# between them, so that the global exists the moment the tag runs.
# Minified: the file must stay under 3 kB brotli.
{
  echo "(function () {"
  sed 's/^export //' js/frame-loader.js
  cat js/package/loader-stub.js js/package/script-loader.js js/script-tag.js
  echo "})();"
} > pkg/utility-connect.src.js
minify pkg/utility-connect.src.js --outfile=pkg/utility-connect.js
rm pkg/utility-connect.src.js
node --check pkg/utility-connect.js
# Subresource Integrity of the script-tag file, for the <script integrity=…> tag.
echo "{\"utility-connect.js\": \"sha384-$(openssl dgst -sha384 -binary pkg/utility-connect.js | openssl base64 -A)\"}" > pkg/integrity.json
cp README.md pkg/README.md
# The package lists its files; the chunks' names come from the splitter.
node -e '
  const fs = require("fs");
  const manifest = JSON.parse(fs.readFileSync("js/package/package.json", "utf8"));
  const split = fs.readdirSync("pkg").filter((f) => f === "__wasm_split.js" || /^(split|chunk)_.*\.wasm$/.test(f));
  manifest.files.push(...split.sort());
  fs.writeFileSync("pkg/package.json", JSON.stringify(manifest, null, 2) + "\n");
'

# Compressed copies for the server to send as they are (not in the npm
# package's file list: a bundler's host compresses its own output).
node scripts/precompress.js pkg

echo "pkg/ built: $(du -b pkg/utility_connect_bg.wasm | cut -f1) bytes of wasm, script-tag loader $(node -e 'const z=require("zlib");process.stdout.write(String(z.brotliCompressSync(require("fs").readFileSync("pkg/utility-connect.js")).length))') bytes brotli"
