import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/.output/**", "**/.tools/**"],
    // PGlite boots a WASM Postgres per test file; give it room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll's own default (1 s) is shorter than a page's fetch + render on a loaded CI
    // machine; a condition that never comes true still fails, after 10 s.
    expect: { poll: { timeout: 10_000 } },
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default", "./scripts/totals-reporter.ts"],
  },
});
