// The real Connect API server for the benchmark: the e2e harness's start-up
// (a free loopback port, stopped by the caller), with the release build and
// the benchmark's static dir, plus the server's peak memory.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const repoRoot = path.resolve(__dirname, "..");
const STATIC_DIR = path.join(os.tmpdir(), "uc-bench-static");
process.env.UC_SERVER_BIN ||= path.join(process.env.CARGO_TARGET_DIR || path.join(repoRoot, "target"), "release", "utility-connect-server");
process.env.UC_STATIC_DIR = STATIC_DIR;
const { startServer, serverBinary } = require("../e2e/fixtures/server");

/** VmHWM: the most resident memory the process has had, in kB. */
const peakMemoryKb = (pid) => Number(fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmHWM:\s+(\d+) kB/m)[1]);

/** Runs the server binary with another subcommand (`clients add …`, `serve --help`); returns stdout. */
const runServerCommand = (args, env = {}) =>
  execFileSync(serverBinary, args, { env: { ...process.env, ...env }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

module.exports = { startServer, peakMemoryKb, runServerCommand, STATIC_DIR };
