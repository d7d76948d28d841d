// The benchmark's static dir, served by the real server (--static-dir): the
// release package (pkg/, from scripts/build-pkg.sh) as sdk/, the frame page's
// scripts, the host pages, and the two baselines bundled for production by
// esbuild (minified, NODE_ENV=production).
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const repoRoot = path.resolve(__dirname, "..");
const esbuild = path.join(__dirname, "node_modules", ".bin", "esbuild");

const BASELINES = {
  react: ["--alias:baseline-hooks=react", "--jsx-import-source=react"],
  preact: ["--alias:baseline-hooks=preact/hooks", "--jsx-import-source=preact"],
};

function bundle(name, outfile) {
  execFileSync(esbuild, [
    path.join(__dirname, "baselines", `${name}-main.jsx`),
    "--bundle", "--minify", "--format=iife", "--target=es2020", "--jsx=automatic",
    ...BASELINES[name],
    '--define:process.env.NODE_ENV="production"',
    "--log-level=warning",
    `--outfile=${outfile}`,
  ], { stdio: "inherit", cwd: __dirname }); // aliases resolve from the cwd: bench/node_modules
}

// The host pages: the component's script in the head, as the README's script
// tag, and the host's own script (pages/*-host.js) at the end of the body.
const HOST_PAGES = {
  ours: ["/sdk/utility-connect.js", "/bench/ours-host.js"],
  react: ["/bench/react.js", "/bench/baseline-host.js"],
  preact: ["/bench/preact.js", "/bench/baseline-host.js"],
};

const hostPage = (name, [component, host]) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Benchmark host: ${name}</title>
<script src="${component}"></script>
</head>
<body>
<main><h1>Benchmark host</h1></main>
<script src="${host}"></script>
</body>
</html>
`;

function buildStaticDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "bench"), { recursive: true });
  fs.cpSync(path.join(repoRoot, "pkg"), path.join(dir, "sdk"), { recursive: true });
  for (const file of ["frame-bridge.js", "connect-page.js"]) fs.copyFileSync(path.join(repoRoot, "js", file), path.join(dir, file));
  for (const file of fs.readdirSync(path.join(__dirname, "pages"))) fs.copyFileSync(path.join(__dirname, "pages", file), path.join(dir, "bench", file));
  for (const [name, scripts] of Object.entries(HOST_PAGES)) fs.writeFileSync(path.join(dir, "bench", `${name}.html`), hostPage(name, scripts));
  for (const name of Object.keys(BASELINES)) bundle(name, path.join(dir, "bench", `${name}.js`));
  // Every variant's files compressed alike, as the server sends them.
  execFileSync("node", [path.join(repoRoot, "scripts", "precompress.js"), dir], { stdio: "inherit" });
  return dir;
}

module.exports = { buildStaticDir };
