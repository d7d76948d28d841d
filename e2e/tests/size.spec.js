// Size ceilings of the built package (issue 12): what the script-tag user
// downloads in inline mode, and the frame mode's host-side loader. Ceilings,
// not targets: set at the sizes reached plus a small margin, so that a change
// that grows the download fails here, and is then weighed on purpose.
// Sizes are brotli at quality 11, as a CDN serves them.
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const { test, expect } = require("@playwright/test");

const pkg = path.resolve(__dirname, "..", "..", "pkg");

function brotli(file) {
  const bytes = fs.readFileSync(path.join(pkg, file));
  return zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;
}

// Inline mode: the script tag, then the wasm-bindgen glue, the split-chunk
// loader and the main module (which carries the stylesheet) on the first
// create(); these are all that is fetched before consent is shown. The later
// screens' chunks (split_*.wasm, chunk_*.wasm) follow once it is.
const FIRST_SCREEN = ["utility-connect.js", "utility_connect.js", "__wasm_split.js", "utility_connect_bg.wasm"];
const LATER = fs.readdirSync(pkg).filter((file) => /^(split|chunk)_.*\.wasm$/.test(file));
// Reached 143,387 B before consent (issue 12: 165,726 B, all of it before
// consent, without the split; the target is 80 kB).
const FIRST_SCREEN_CEILING = 145_000;
// Reached 185,015 B (187,506 B before the thinner fetch and JSON decoding):
// splitting costs about 22 kB more in all (calls across the split go through
// the table, and wasm-opt no longer sees both sides), paid after consent is
// shown (the target is 115 kB in all).
const INLINE_CEILING = 187_000;
const FRAME_LOADER_CEILING = 3072;

function brotliTotal(files) {
  const sizes = Object.fromEntries(files.map((file) => [file, brotli(file)]));
  return { sizes, total: Object.values(sizes).reduce((sum, size) => sum + size, 0) };
}

test("the package is split: a main module and at least one later chunk", () => {
  expect(LATER.length).toBeGreaterThan(0);
});

test("what is fetched before consent stays under its ceiling", () => {
  const { sizes, total } = brotliTotal(FIRST_SCREEN);
  expect(total, JSON.stringify(sizes)).toBeLessThanOrEqual(FIRST_SCREEN_CEILING);
});

test("the inline download stays under its ceiling", () => {
  const { sizes, total } = brotliTotal([...FIRST_SCREEN, ...LATER]);
  expect(total, JSON.stringify(sizes)).toBeLessThanOrEqual(INLINE_CEILING);
});

test("the frame mode's host-side loaders stay under 3 kB", () => {
  // The script-tag file is all a frame-mode page loads; npm users import frame-loader.js.
  expect(brotli("utility-connect.js")).toBeLessThanOrEqual(FRAME_LOADER_CEILING);
  expect(brotli("frame-loader.js")).toBeLessThanOrEqual(FRAME_LOADER_CEILING);
});

test("what a browser fetches is minified", () => {
  for (const file of ["utility-connect.js", "utility_connect.js", "__wasm_split.js", "frame-loader.js"]) {
    const text = fs.readFileSync(path.join(pkg, file), "utf8");
    expect(text.split("\n").length, file).toBeLessThan(20);
  }
});

test("the compressed copies the server sends are the files themselves", () => {
  const copies = fs.readdirSync(pkg).filter((file) => /\.(js|wasm)$/.test(file));
  expect(copies.length).toBeGreaterThan(3);
  for (const file of copies) {
    const original = fs.readFileSync(path.join(pkg, file));
    expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(pkg, `${file}.br`))).equals(original), `${file}.br`).toBe(true);
    expect(zlib.gunzipSync(fs.readFileSync(path.join(pkg, `${file}.gz`))).equals(original), `${file}.gz`).toBe(true);
  }
});
