/**
 * Statement parsers over the generated fixture set (functions/extraction/fixtures/statements):
 * line-item recall and precision and summary-field accuracy per issuer, for the PDF (text layer
 * read with pdf.js, then parsed) and for the same statement pasted as text (columns kept as runs of
 * spaces, and collapsed to single spaces); time per statement page (median, p95) for
 * readTextLayer + parseStatement, as the extraction function does it. Percentiles, not a test.
 *
 *   bun bench/extraction/statements.ts [--runs 20] [--json]
 */
import {
  comparableLine,
  type StatementFixture,
  statementFixtures,
} from "../../functions/extraction/fixtures/statements";
import { readTextLayer, type TextLayer } from "../../functions/extraction/pdf/text-layer";
import type { ExtractionResult } from "../../functions/extraction/result";
import { parseStatement, parseStatementText } from "../../functions/extraction/statements";
import { toRows } from "../../functions/extraction/statements/layout";
import { mark, ms, summarize, table } from "../lib/stats";

export interface StatementScore {
  issuer: string;
  name: string;
  source: "pdf" | "text" | "text (single spaces)" | "generic parser";
  truthLines: number;
  parsedLines: number;
  matched: number;
  summaryFields: number;
  summaryCorrect: number;
  totalsCorrect: boolean;
  error?: string;
}

/** The statement summary fields a reading is scored on. */
export const SUMMARY_KEYS = [
  "issuer",
  "cardLast4",
  "periodStart",
  "periodEnd",
  "statementDate",
  "dueDate",
  "totalDueCentavos",
  "minimumDueCentavos",
  "previousBalanceCentavos",
  "paymentsCreditsCentavos",
  "creditLimitCentavos",
] as const;

/** Lines match on every ground-truth field (dates, text, amount, direction, kind, currency, installment). */
export function score(
  f: StatementFixture,
  source: StatementScore["source"],
  parse: () => ExtractionResult,
): StatementScore {
  const base = { issuer: f.issuer, name: f.name, source, truthLines: f.truth.lines.length };
  let result: ExtractionResult;
  try {
    result = parse();
  } catch (e) {
    return {
      ...base,
      parsedLines: 0,
      matched: 0,
      summaryFields: SUMMARY_KEYS.length,
      summaryCorrect: 0,
      totalsCorrect: false,
      error: String(e),
    };
  }
  if (result.kind !== "statement") throw new Error("a statement parser returned a receipt");
  const want = new Map<string, number>();
  for (const l of f.truth.lines) {
    const k = JSON.stringify(comparableLine(l));
    want.set(k, (want.get(k) ?? 0) + 1);
  }
  let matched = 0;
  for (const l of result.lines) {
    const k = JSON.stringify(comparableLine(l));
    const n = want.get(k) ?? 0;
    if (n > 0) {
      matched++;
      want.set(k, n - 1);
    }
  }
  const s = result.statement;
  const t = f.truth.statement;
  // The generic parser names itself "generic": the issuer field is not scored there.
  const keys = source === "generic parser" ? SUMMARY_KEYS.filter((k) => k !== "issuer") : SUMMARY_KEYS;
  return {
    ...base,
    parsedLines: result.lines.length,
    matched,
    summaryFields: keys.length,
    summaryCorrect: keys.filter((k) => s[k] === t[k]).length,
    totalsCorrect: s.totalDueCentavos === t.totalDueCentavos && s.minimumDueCentavos === t.minimumDueCentavos,
  };
}

function pasted(layer: TextLayer, sep: string): string {
  const pages: string[][] = [];
  for (const r of toRows(layer)) {
    pages[r.page] ??= [];
    pages[r.page]!.push(r.cells.map((c) => c.text).join(sep));
  }
  return pages.map((p) => p.join("\n")).join("\f");
}

const pct = (a: number, b: number) => (b === 0 ? "—" : `${((100 * a) / b).toFixed(1)}%`);

export async function runStatements(opts: { runs: number }) {
  const fixtures = await statementFixtures();
  // The first statement of a process also loads pdf.js (the extraction function loads it on first use).
  const first = fixtures[0]!;
  const coldStart = performance.now();
  parseStatement(await readTextLayer(first.pdf, { password: first.password }));
  const coldMs = performance.now() - coldStart;
  const scores: StatementScore[] = [];
  const perPage: number[] = [];
  const perPageByIssuer = new Map<string, number[]>();
  let pages = 0;
  for (const f of fixtures) {
    const layer = await readTextLayer(f.pdf, { password: f.password });
    pages += layer.pages.length;
    scores.push(score(f, "pdf", () => parseStatement(layer)));
    scores.push(score(f, "text", () => parseStatementText(pasted(layer, "   "))));
    scores.push(score(f, "text (single spaces)", () => parseStatementText(pasted(layer, " "))));
    // How the generic parser alone does on each issuer's layout: a stand-in for an unseen layout.
    scores.push(score(f, "generic parser", () => parseStatement(layer, { issuer: "generic" })));
  }
  // Timing: PDF bytes → text layer → parsed statement, per page, fixtures in rotation.
  for (let run = 0; run < opts.runs + 2; run++)
    for (const f of fixtures) {
      const started = performance.now();
      const layer = await readTextLayer(f.pdf, { password: f.password });
      parseStatement(layer);
      const perPageMs = (performance.now() - started) / layer.pages.length;
      if (run < 2) continue; // warm-up
      perPage.push(perPageMs);
      const list = perPageByIssuer.get(f.issuer) ?? [];
      list.push(perPageMs);
      perPageByIssuer.set(f.issuer, list);
    }

  const rows: string[][] = [];
  const issuers = [...new Set(fixtures.map((f) => f.issuer))];
  for (const issuer of issuers)
    for (const source of ["pdf", "text", "text (single spaces)", "generic parser"] as const) {
      const s = scores.filter((x) => x.issuer === issuer && x.source === source);
      const sum = (k: "truthLines" | "parsedLines" | "matched" | "summaryFields" | "summaryCorrect") =>
        s.reduce((a, x) => a + x[k], 0);
      const t = summarize(perPageByIssuer.get(issuer) ?? []);
      rows.push([
        issuer,
        source,
        String(sum("truthLines")),
        pct(sum("matched"), sum("truthLines")),
        pct(sum("matched"), sum("parsedLines")),
        pct(sum("summaryCorrect"), sum("summaryFields")),
        s.every((x) => x.totalsCorrect) ? "100%" : pct(s.filter((x) => x.totalsCorrect).length, s.length),
        source === "pdf" ? `${ms(t.p50)} / ${ms(t.p95)}` : "",
      ]);
    }
  console.log(
    table(
      ["issuer", "source", "lines", "recall", "precision", "summary fields", "totals", "ms/page p50 / p95"],
      rows,
    ),
  );
  const pdf = scores.filter((x) => x.source === "pdf");
  const all = (k: "truthLines" | "parsedLines" | "matched", xs = pdf) => xs.reduce((a, x) => a + x[k], 0);
  const recall = all("matched") / all("truthLines");
  const precision = all("matched") / all("parsedLines");
  const totals = pdf.every((x) => x.totalsCorrect);
  const t = summarize(perPage);
  console.log(
    `\n${fixtures.length} statements, ${pages} pages, ${all("truthLines")} lines. PDF: recall ${pct(all("matched"), all("truthLines"))} (goal ≥ 99%: ${mark(recall >= 0.99)}), precision ${pct(all("matched"), all("parsedLines"))}, totals ${totals ? "100%" : "MISSED"} (goal 100%: ${mark(totals)}); time per page p50 ${ms(t.p50)} ms, p95 ${ms(t.p95)} ms over ${t.n} samples (goal < 200 ms: ${mark(t.p95 < 200)})`,
  );
  console.log(`first statement of the process (loads pdf.js): ${ms(coldMs)} ms`);
  for (const e of scores.filter((x) => x.error)) console.log(`  ${e.name} (${e.source}): ${e.error}`);
  return { scores, perPage: t, coldMs, recall, precision, totals, pages };
}

if (process.argv[1]?.endsWith("statements.ts")) {
  const args = process.argv.slice(2);
  const i = args.indexOf("--runs");
  await runStatements({ runs: i >= 0 ? Number(args[i + 1]) : 20 });
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}
