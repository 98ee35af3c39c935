#!/usr/bin/env node
// One entry for a machine that has only Node.js and npm: it brings bun (from the
// npm registry) when missing, installs the workspace, builds the web app and then
// starts FinTrack or runs the whole test suite.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const BUN_VERSION = "1.4.5";
const mode = process.argv[2];

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (res.error) throw res.error;
  if (res.status !== 0) process.exit(res.status ?? 1);
}

function findBun() {
  const which = spawnSync("bun", ["--version"], { encoding: "utf8" });
  if (which.status === 0) return "bun";
  const local = join(root, ".tools", "node_modules", ".bin", "bun");
  if (existsSync(local)) return local;
  console.log(`[bootstrap] bun not found: installing bun@${BUN_VERSION} from npm into .tools/`);
  run("npm", [
    "install",
    "--prefix",
    join(root, ".tools"),
    `bun@${BUN_VERSION}`,
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
  ]);
  return local;
}

/**
 * Browser tests drive Debian's chromium (no browser download from elsewhere). On a Debian
 * machine where we are root it is installed here; otherwise the browser tests fail and say how.
 */
function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(path)) return;
  const root = process.getuid?.() === 0;
  if (root && spawnSync("apt-get", ["--version"]).status === 0) {
    console.log("[bootstrap] chromium not found: installing Debian's chromium for the browser tests");
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  }
  if (!existsSync(path)) {
    console.warn(
      `[bootstrap] no chromium at ${path}: browser tests will fail (apt-get install chromium, or set CHROMIUM_PATH)`,
    );
  }
}

const bun = findBun();
// bun and the scripts it runs must find each other by name.
process.env.PATH = `${dirname(bun === "bun" ? "" : bun)}:${process.env.PATH}`;
run(bun, ["install", "--frozen-lockfile"]);
if (existsSync(join(root, "web", "vite.config.ts"))) run(bun, ["run", "build:web"]);

if (mode === "start") {
  // the server takes larger headers than the app does: the app answers 431 as problem+json
  run(bun, ["--max-http-header-size=65536", "functions/serve.ts"]);
} else if (mode === "test") {
  ensureChromium();
  // vitest runs on Node (the functions run on both); --passWithNoTests stays off so
  // a suite that finds nothing fails.
  run(process.execPath, [
    "--import",
    join(root, "scripts", "node20-polyfills.mjs"),
    join(root, "node_modules", "vitest", "vitest.mjs"),
    "run",
    ...process.argv.slice(3),
  ]);
} else {
  console.error("usage: node scripts/bootstrap.mjs start|test");
  process.exit(2);
}
