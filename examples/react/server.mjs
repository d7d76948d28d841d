// The React example's backend: serves the built app (dist/) and mints connect
// tokens. CONNECT_URL: the Connect server; PORT: where to listen (0: any).
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { listen, mintToken, sendFile, staticFile } from "../backend.mjs";

const connectUrl = process.env.CONNECT_URL || "http://127.0.0.1:8787";
const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), "dist");

const server = http.createServer((request, response) => {
  const { pathname } = new URL(request.url, "http://x");
  if (request.method === "POST" && pathname === "/api/connect_token") {
    mintToken(connectUrl, request, response).catch((error) => response.writeHead(500).end(String(error)));
    return;
  }
  const file = staticFile(dist, pathname);
  if (file) sendFile(response, file);
  else response.writeHead(404).end("not found");
});
listen(server, "react example");
