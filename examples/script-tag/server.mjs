// The script-tag example's backend: serves index.html under a strict CSP
// (a fresh nonce per answer, the Connect server as the only other source)
// and mints connect tokens. The SDK comes from the Connect server's
// versioned path with its integrity hash (INTEGRITY, from pkg/integrity.json).
// CONNECT_URL: the Connect server; PORT: where to listen (0: any).
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { listen, mintToken } from "../backend.mjs";

const connectUrl = process.env.CONNECT_URL || "http://127.0.0.1:8787";
const integrity = process.env.INTEGRITY || "";
const page = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "index.html"), "utf8");

/**
 * Frame mode needs only the loader script and the frame; inline mode also
 * runs the wasm here ('wasm-unsafe-eval'), calls the API, and styles the
 * component by nonce (the `cspNonce` option).
 */
function policy(nonce, inline) {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' ${connectUrl}${inline ? " 'wasm-unsafe-eval'" : ""}`,
    `style-src 'nonce-${nonce}'`,
    `connect-src 'self'${inline ? ` ${connectUrl}` : ""}`,
    `frame-src ${connectUrl}`,
    "img-src data:",
    "base-uri 'none'",
    "object-src 'none'",
    "form-action 'none'",
  ].join("; ");
}

const server = http.createServer((request, response) => {
  const url = new URL(request.url, "http://x");
  if (request.method === "POST" && url.pathname === "/api/connect_token") {
    mintToken(connectUrl, request, response).catch((error) => response.writeHead(500).end(String(error)));
    return;
  }
  if (url.pathname !== "/") {
    response.writeHead(404).end("not found");
    return;
  }
  const nonce = crypto.randomBytes(16).toString("base64");
  const inline = url.searchParams.get("isolation") === "inline";
  const html = page
    .replaceAll("{{NONCE}}", nonce)
    .replaceAll("{{CONNECT_URL}}", connectUrl)
    .replaceAll("{{INTEGRITY}}", integrity);
  response.writeHead(200, {
    "Content-Type": "text/html",
    "Content-Security-Policy": policy(nonce, inline),
    "Cache-Control": "no-store",
  });
  response.end(html);
});
listen(server, "script-tag example");
