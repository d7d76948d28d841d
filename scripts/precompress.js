// Writes `f.br` (brotli, quality 11) and `f.gz` (gzip -9) beside every .js,
// .wasm and .css file under the given directories, for the server to send
// as they are (`ServeDir::precompressed_*`) to a browser that accepts them:
// the wasm is a fifth of its size in brotli, and compressing once at build
// time costs the server nothing per request.
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const COMPRESSIBLE = /\.(js|wasm|css)$/;

function precompress(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) precompress(file);
    else if (COMPRESSIBLE.test(entry.name)) {
      const bytes = fs.readFileSync(file);
      fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
      fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
    }
  }
}

for (const dir of process.argv.slice(2)) precompress(dir);
