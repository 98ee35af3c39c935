import { appendFileSync } from "node:fs";
import type { Reporter, TestModule } from "vitest/node";

/**
 * Prints the plain `N passed, N failed` line CI reads. A file that failed to load, an
 * unhandled error and a skipped test all count as failures: CI never goes green by skipping.
 * With FINTRACK_TOTALS_FILE set, also appends the counts there so .ci/run can add up runs.
 */
export default class TotalsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const mod of modules) {
      let tests = 0;
      for (const test of mod.children.allTests()) {
        tests++;
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
      if (tests === 0 || mod.state() === "failed") {
        if (mod.errors().length > 0 || tests === 0) failed++;
      }
    }
    const line = `${passed} passed, ${failed + skipped} failed${skipped ? ` (${skipped} skipped count as failed)` : ""}`;
    console.log(`\n${line}`);
    if (process.env.FINTRACK_TOTALS_FILE)
      appendFileSync(process.env.FINTRACK_TOTALS_FILE, `${passed} ${failed + skipped}\n`);
  }
}
