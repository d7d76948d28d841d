// Bytes as users download them: raw, gzip -9 and brotli q11, per file.
const fs = require("node:fs");
const zlib = require("node:zlib");

function compressedSizes(bytes) {
  return {
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const fileSizes = (file) => compressedSizes(fs.readFileSync(file));

/** Sums the per-file sizes named in `files` (paths under the static dir, as served). */
function total(sizesByPath, files) {
  const sum = { raw: 0, gzip: 0, brotli: 0 };
  for (const file of files) for (const key in sum) sum[key] += sizesByPath[file][key];
  return { files, ...sum };
}

module.exports = { compressedSizes, fileSizes, total };
