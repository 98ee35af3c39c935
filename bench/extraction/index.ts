/**
 * bench:extraction — what the extraction function does with uploaded documents, over the fixture
 * sets the tests use: statements (functions/extraction/fixtures/statements) and receipts.
 *
 *   bun bench/extraction/index.ts [--runs 20] [--only statements,receipts] [--json]
 */
import { cpus, loadavg } from "node:os";
import { writeResults } from "../lib/stats";
import { runStatements } from "./statements";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const RUNS = Math.max(1, Number(opt("runs", "20")));
const ONLY = new Set(opt("only", "statements,receipts").split(","));

console.log(
  `bench:extraction on ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}\n`,
);
const results: Record<string, unknown> = {};

if (ONLY.has("statements")) {
  console.log("## Statements\n");
  results.statements = await runStatements({ runs: RUNS });
}

// ── Receipts plug in here ───────────────────────────────────────────────────────────────────────
// The receipt benchmark (bench/extraction/receipts.ts, rcpt branch) adds itself below:
//   if (ONLY.has("receipts")) { console.log("\n## Receipts\n"); results.receipts = await runReceipts({ runs: RUNS }); }
// ────────────────────────────────────────────────────────────────────────────────────────────────

const rssMb = process.resourceUsage().maxRSS / 1024;
console.log(
  `\npeak RSS of this process ${rssMb.toFixed(0)} MB (goal < 512 MB: ${rssMb < 512 ? "ok" : "MISS"})`,
);
results.peakRssMb = rssMb;
if (args.includes("--json")) console.log(`wrote ${await writeResults("extraction", results)}`);
