import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The bun binary: the one bootstrap installed into .tools/, else the one on PATH. */
export function bunBinary(): string {
  const local = join(import.meta.dirname, "..", ".tools", "node_modules", ".bin", "bun");
  if (existsSync(local)) return local;
  if (spawnSync("bun", ["--version"]).status === 0) return "bun";
  throw new Error("bun not found: run `npm test` or `npm start` once, which installs it");
}
