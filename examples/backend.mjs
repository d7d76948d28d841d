// What both example hosts' backends share: minting a connect token for the
// page and serving static files. A real backend trades its client secret for
// a token at POST /auth/connect_token; against a Connect server started with
// --demo-host the examples use the sandbox client's /demo/connect_token,
// which does the same in-process.
import fs from "node:fs";
import path from "node:path";

const TYPES = { ".js": "text/javascript", ".html": "text/html", ".wasm": "application/wasm", ".css": "text/css" };

/** POST /api/connect_token: `{}` (create) or `{utility_credential_id}` (update). */
export async function mintToken(connectUrl, request, response) {
  let body = "";
  for await (const chunk of request) body += chunk;
  const upstream = await fetch(`${connectUrl}/demo/connect_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: body || "{}",
  });
  const json = await upstream.json();
  if (!upstream.ok) {
    response.writeHead(502, { "Content-Type": "application/json" }).end(JSON.stringify(json));
    return;
  }
  response.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  response.end(JSON.stringify({ connectToken: json.connect_token, apiBaseUrl: connectUrl }));
}

/** The file under `root` for a URL path, or null. */
export function staticFile(root, pathname) {
  const file = path.normalize(path.join(root, pathname === "/" ? "index.html" : pathname));
  if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return null;
  return file;
}

export function sendFile(response, file, headers = {}) {
  response.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream", ...headers });
  fs.createReadStream(file).pipe(response);
}

export function listen(server, name) {
  server.listen(Number(process.env.PORT || 0), "127.0.0.1", () => {
    console.log(`${name} listening on http://127.0.0.1:${server.address().port}`);
  });
}
