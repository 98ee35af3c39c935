/**
 * bench:extraction:ai — the AI providers (issue 12) over the extraction fixtures, beside the
 * offline path.
 *
 * Each provider runs through its real SDK against its fake server on 127.0.0.1
 * (functions/extraction/ai/fakes), which replays a recorded answer per fixture. The recorded
 * answers are generated deterministically from the fixtures' ground truth at run time (nothing
 * is committed), in three styles taken in turn, as models answer: plain JSON; prose with a code
 * fence, "₱1,234.50" amounts and MM/DD/YYYY dates; and an invalid answer (an amount "N/A") then
 * the good one after the corrective turn. So the accuracy columns measure what FinTrack's side
 * keeps of a correct answer (SDK, wire, parsing, normalisation), not a model; the latency is
 * what FinTrack adds on top of the model's own time (the fake answers at once). The offline
 * path (pdf.js text layer + statement parsers; receipt OCR) is measured on the same fixtures.
 *
 * With OLLAMA_URL set (e.g. http://ollama.lan:11434) the same fixtures also go to that real
 * Ollama (OLLAMA_MODEL, default qwen2.5vl:7b): real accuracy and real latency. Not part of CI.
 *
 *   bun bench/extraction/ai.ts [--runs 3] [--receipts 20] [--no-ocr] [--json]
 */
import { cpus, loadavg } from "node:os";
import { createClaudeProvider } from "../../functions/extraction/ai/claude";
import { startFakeClaude } from "../../functions/extraction/ai/fakes/claude.testing";
import { startFakeGemini } from "../../functions/extraction/ai/fakes/gemini.testing";
import { startFakeOllama } from "../../functions/extraction/ai/fakes/ollama.testing";
import type { FakeReply, FakeServer } from "../../functions/extraction/ai/fakes/server.testing";
import { createGeminiProvider } from "../../functions/extraction/ai/gemini";
import { createOllamaProvider } from "../../functions/extraction/ai/ollama";
import type { AiProvider, AiRequest } from "../../functions/extraction/ai/provider";
import { RECEIPT_SPECS, renderReceipt } from "../../functions/extraction/fixtures/receipts";
import { comparableLine, statementFixtures } from "../../functions/extraction/fixtures/statements";
import { readTextLayer, type TextLayer } from "../../functions/extraction/pdf/text-layer";
import { closeReceiptOcr, extractReceipt } from "../../functions/extraction/receipts";
import { sameMerchant } from "../../functions/extraction/receipts/heuristics";
import type { DraftLine, ExtractionResult } from "../../functions/extraction/result";
import { parseStatement } from "../../functions/extraction/statements";
import { toRows } from "../../functions/extraction/statements/layout";
import { ms, summarize, table, writeResults } from "../lib/stats";
import { SUMMARY_KEYS } from "./statements";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const RUNS = Math.max(1, Number(opt("runs", "3")));
const RECEIPTS = Math.max(
  0,
  Math.min(RECEIPT_SPECS.length, Number(opt("receipts", String(RECEIPT_SPECS.length)))),
);
const OCR = !args.includes("--no-ocr");

interface Doc {
  name: string;
  kind: "statement" | "receipt";
  request: () => AiRequest;
  truth: ExtractionResult;
}

const context = {
  categories: [
    { name: "Food", kind: "expense" as const },
    { name: "Transport", kind: "expense" as const },
    { name: "Salary", kind: "income" as const },
  ],
  accounts: [{ name: "Credit card", kind: "credit_card", cardLast4: null }],
};

const pesos = (c: string | null) =>
  c === null ? null : `${BigInt(c) / 100n}.${(BigInt(c) % 100n).toString().padStart(2, "0")}`;
const looseAmount = (c: string) =>
  `₱${Number(BigInt(c) / 100n).toLocaleString("en-US")}.${(BigInt(c) % 100n).toString().padStart(2, "0")}`;
const mdy = (iso: string | null) =>
  iso ? `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}` : null;

/** The answer a model that read the document right would give, in the paste schema. */
function recordedAnswer(truth: ExtractionResult, loose: boolean): Record<string, unknown> {
  const amount = (c: string) => (loose ? looseAmount(c) : pesos(c));
  const day = (d: string | null) => (loose ? mdy(d) : d);
  const lines = truth.lines.map((l) => ({
    date: day(l.date),
    postingDate: day(l.postingDate),
    description: l.description,
    amount: amount(l.amountCentavos),
    direction: l.direction,
    kind: l.kind,
    foreignCurrency: l.foreignCurrency,
    foreignAmount: l.foreignAmount,
    installment: l.installment
      ? {
          number: l.installment.number,
          of: l.installment.of,
          planTotal: l.installment.planTotalCentavos && amount(l.installment.planTotalCentavos),
        }
      : null,
  }));
  if (truth.kind === "receipt") {
    const r = truth.receipt;
    return {
      kind: "receipt",
      receipt: { merchant: r.merchant, date: day(r.date), total: amount(r.totalCentavos!), tin: r.tin },
      lines: [],
    };
  }
  const s = truth.statement;
  return {
    kind: "statement",
    statement: {
      issuer: s.issuer,
      cardLast4: s.cardLast4,
      statementDate: day(s.statementDate),
      dueDate: day(s.dueDate),
      periodStart: day(s.periodStart),
      periodEnd: day(s.periodEnd),
      totalDue: s.totalDueCentavos && amount(s.totalDueCentavos),
      minimumDue: s.minimumDueCentavos && amount(s.minimumDueCentavos),
      previousBalance: s.previousBalanceCentavos && amount(s.previousBalanceCentavos),
      paymentsCredits: s.paymentsCreditsCentavos && amount(s.paymentsCreditsCentavos),
      creditLimit: s.creditLimitCentavos && amount(s.creditLimitCentavos),
    },
    lines,
  };
}

type Style = "json" | "prose+fence" | "invalid, then fixed";
const STYLES: Style[] = ["json", "prose+fence", "invalid, then fixed"];

function replies(truth: ExtractionResult, style: Style): FakeReply[] {
  const usage = { input: 2000, output: 40 * Math.max(1, truth.lines.length) };
  if (style === "json") return [{ json: recordedAnswer(truth, false), usage }];
  if (style === "prose+fence") {
    const body = JSON.stringify(recordedAnswer(truth, true), null, 2);
    return [{ text: `Here is what I read:\n\n\`\`\`json\n${body}\n\`\`\`\n\nCheck the totals.`, usage }];
  }
  const bad = recordedAnswer(truth, false);
  if (truth.kind === "receipt") (bad.receipt as Record<string, unknown>).total = "N/A";
  else (bad.lines as Record<string, unknown>[])[0]!.amount = "N/A";
  return [
    { json: bad, usage },
    { json: recordedAnswer(truth, false), usage },
  ];
}

// every ground-truth field, the installment plan total included
const lineKey = (l: DraftLine) => JSON.stringify(comparableLine(l));

interface Score {
  truthLines: number;
  matched: number;
  extraLines: number;
  fields: number;
  fieldsCorrect: number;
}

function scoreOf(truth: ExtractionResult, got: ExtractionResult | null): Score {
  const fields = truth.kind === "statement" ? SUMMARY_KEYS.length : 3;
  if (!got || got.kind !== truth.kind) {
    return { truthLines: truth.lines.length, matched: 0, extraLines: 0, fields, fieldsCorrect: 0 };
  }
  const want = new Map<string, number>();
  for (const l of truth.lines) want.set(lineKey(l), (want.get(lineKey(l)) ?? 0) + 1);
  let matched = 0;
  for (const l of got.lines) {
    const n = want.get(lineKey(l)) ?? 0;
    if (n > 0) {
      matched++;
      want.set(lineKey(l), n - 1);
    }
  }
  let fieldsCorrect = 0;
  if (truth.kind === "statement" && got.kind === "statement") {
    fieldsCorrect = SUMMARY_KEYS.filter((k) => got.statement[k] === truth.statement[k]).length;
  } else if (truth.kind === "receipt" && got.kind === "receipt") {
    const t = truth.receipt;
    const g = got.receipt;
    fieldsCorrect = [
      sameMerchant(g.merchant, t.merchant!),
      g.date === t.date,
      g.totalCentavos === t.totalCentavos,
    ].filter(Boolean).length;
  }
  return {
    truthLines: truth.lines.length,
    matched,
    extraLines: got.lines.length - matched,
    fields,
    fieldsCorrect,
  };
}

function layerText(layer: TextLayer): string {
  const pages: string[][] = [];
  for (const r of toRows(layer)) {
    pages[r.page] ??= [];
    pages[r.page]!.push(r.cells.map((c) => c.text).join("   "));
  }
  return pages.map((p) => p.join("\n")).join("\f");
}

console.log(
  `bench:extraction:ai on ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}\n`,
);

// ── fixtures ──────────────────────────────────────────────────────────────────────────────────
const statements = await statementFixtures();
const layers = new Map<string, TextLayer>();
const docs: Doc[] = [];
for (const f of statements) {
  const layer = await readTextLayer(f.pdf, { password: f.password });
  layers.set(f.name, layer);
  // what the chain sends: the stored text layer of the unlocked PDF (never the password)
  const text = layerText(layer);
  docs.push({
    name: f.name,
    kind: "statement",
    truth: f.truth,
    request: () => ({
      kind: "statement",
      text,
      context: { ...context, kind: "statement" },
      signal: AbortSignal.timeout(120_000),
    }),
  });
}
const receipts = await Promise.all(RECEIPT_SPECS.slice(0, RECEIPTS).map((s) => renderReceipt(s, "clean")));
for (const r of receipts) {
  const truth: ExtractionResult = {
    kind: "receipt",
    receipt: {
      merchant: r.truth.merchant,
      merchantConfidence: 1,
      date: r.truth.date,
      dateConfidence: 1,
      totalCentavos: r.truth.totalCentavos,
      totalConfidence: 1,
      tin: r.truth.tin,
    },
    lines: [],
    warnings: [],
  };
  docs.push({
    name: `receipt ${r.name}`,
    kind: "receipt",
    truth,
    request: () => ({
      kind: "receipt",
      image: { bytes: r.image, mediaType: r.mediaType },
      context: { ...context, kind: "receipt" },
      signal: AbortSignal.timeout(120_000),
    }),
  });
}
const planTotals = statements.reduce(
  (n, f) => n + f.truth.lines.filter((l) => l.installment?.planTotalCentavos).length,
  0,
);
console.log(
  `${statements.length} statements (${statements.reduce((n, f) => n + f.truth.lines.length, 0)} lines), ${receipts.length} clean receipts; runs ${RUNS}\n`,
);

// ── rows ──────────────────────────────────────────────────────────────────────────────────────
interface Row {
  path: string;
  kind: "statement" | "receipt";
  score: Score;
  failures: number;
  docs: number;
  samples: number[];
  turns: number;
}
const rows: Row[] = [];
const add = (path: string, kind: Row["kind"]) => {
  const row: Row = {
    path,
    kind,
    score: { truthLines: 0, matched: 0, extraLines: 0, fields: 0, fieldsCorrect: 0 },
    failures: 0,
    docs: 0,
    samples: [],
    turns: 0,
  };
  rows.push(row);
  return row;
};
const tally = (row: Row, s: Score) => {
  row.docs++;
  row.score.truthLines += s.truthLines;
  row.score.matched += s.matched;
  row.score.extraLines += s.extraLines;
  row.score.fields += s.fields;
  row.score.fieldsCorrect += s.fieldsCorrect;
};

// ── fake providers replaying recorded answers ─────────────────────────────────────────────────
const fakes: { name: string; start: () => Promise<FakeServer>; create: (url: string) => AiProvider }[] = [
  {
    name: "gemini (fake)",
    start: () => startFakeGemini(),
    create: (url) => createGeminiProvider({ apiKey: "bench", model: "gemini-2.5-flash", baseUrl: url }),
  },
  {
    name: "claude (fake)",
    start: () => startFakeClaude(),
    create: (url) => createClaudeProvider({ apiKey: "bench", model: "claude-haiku-4-5", baseUrl: url }),
  },
  {
    name: "ollama (fake)",
    start: () => startFakeOllama(),
    create: (url) => createOllamaProvider({ host: url, model: "qwen2.5vl:7b" }),
  },
];
for (const p of fakes) {
  const server = await p.start();
  const provider = p.create(server.url);
  const byKind = { statement: add(p.name, "statement"), receipt: add(p.name, "receipt") };
  // one unmeasured call: the SDK's first request pays for module and connection set-up
  server.enqueue(...replies(docs[0]!.truth, "json"));
  await provider.extract(docs[0]!.request());
  for (let run = 0; run < RUNS; run++) {
    for (const [i, d] of docs.entries()) {
      const row = byKind[d.kind];
      const style = STYLES[i % STYLES.length]!;
      server.enqueue(...replies(d.truth, style));
      const before = server.requests.length;
      const started = performance.now();
      let got: ExtractionResult | null = null;
      try {
        got = (await provider.extract(d.request())).result;
      } catch (e) {
        row.failures++;
        if (run === 0) console.log(`  ${p.name} ${d.name}: ${(e as Error).message}`);
      }
      row.samples.push(performance.now() - started);
      row.turns += server.requests.length - before;
      if (run === 0) tally(row, scoreOf(d.truth, got));
    }
  }
  await server.close();
}

// ── the offline path ──────────────────────────────────────────────────────────────────────────
{
  const row = add("offline parsers (pdf.js + parser)", "statement");
  for (let run = 0; run < RUNS; run++) {
    for (const f of statements) {
      const started = performance.now();
      let got: ExtractionResult | null = null;
      try {
        got = parseStatement(await readTextLayer(f.pdf, { password: f.password }));
      } catch {
        row.failures++;
      }
      row.samples.push(performance.now() - started);
      row.turns++;
      if (run === 0) tally(row, scoreOf(f.truth, got));
    }
  }
}
if (OCR && receipts.length) {
  const row = add("offline OCR (tesseract)", "receipt");
  for (const [i, r] of receipts.entries()) {
    const started = performance.now();
    let got: ExtractionResult | null = null;
    try {
      got = await extractReceipt(r.image, r.mediaType);
    } catch {
      row.failures++;
    }
    if (i > 0) row.samples.push(performance.now() - started); // the first loads the OCR worker
    row.turns++;
    tally(row, scoreOf(docs.find((d) => d.name === `receipt ${r.name}`)!.truth, got));
  }
  await closeReceiptOcr();
}

// ── a real Ollama ─────────────────────────────────────────────────────────────────────────────
if (process.env.OLLAMA_URL) {
  const model = process.env.OLLAMA_MODEL ?? "qwen2.5vl:7b";
  const provider = createOllamaProvider({ host: process.env.OLLAMA_URL, model, timeoutMs: 600_000 });
  const byKind = {
    statement: add(`ollama ${model} (real)`, "statement"),
    receipt: add(`ollama ${model} (real)`, "receipt"),
  };
  for (const d of docs) {
    const row = byKind[d.kind];
    const started = performance.now();
    let got: ExtractionResult | null = null;
    try {
      got = (await provider.extract({ ...d.request(), signal: AbortSignal.timeout(600_000) })).result;
    } catch (e) {
      row.failures++;
      console.log(`  real ollama ${d.name}: ${(e as Error).message}`);
    }
    row.samples.push(performance.now() - started);
    row.turns++;
    tally(row, scoreOf(d.truth, got));
  }
}

// ── report ────────────────────────────────────────────────────────────────────────────────────
const pct = (a: number, b: number) => (b === 0 ? "—" : `${((100 * a) / b).toFixed(1)}%`);
for (const kind of ["statement", "receipt"] as const) {
  const rs = rows.filter((r) => r.kind === kind && r.docs > 0);
  if (!rs.length) continue;
  console.log(`## ${kind === "statement" ? "Statements" : "Receipts (clean photos)"}\n`);
  console.log(
    table(
      [
        "path",
        "docs",
        kind === "statement" ? "lines found" : "lines",
        "extra lines",
        kind === "statement" ? "summary fields" : "merchant/date/total",
        "failed",
        "requests/doc",
        "p50 ms",
        "p95 ms",
      ],
      rs.map((r) => {
        const s = summarize(r.samples);
        return [
          r.path,
          String(r.docs),
          kind === "statement" ? pct(r.score.matched, r.score.truthLines) : "—",
          kind === "statement" ? String(r.score.extraLines) : "—",
          pct(r.score.fieldsCorrect, r.score.fields),
          String(r.failures),
          r.path.startsWith("offline") ? "—" : (r.turns / r.samples.length).toFixed(2),
          ms(s.p50),
          ms(s.p95),
        ];
      }),
    ),
  );
  console.log();
}
console.log(
  `Fake providers: the recorded answers come from ground truth, so accuracy is what FinTrack keeps of a right answer; p50/p95 is the latency FinTrack adds (SDK + HTTP + validation, and the corrective turn for a third of the documents) on top of the model's own time. ${planTotals} installment lines carry a plan total (installment.planTotal in the answer), compared with the rest of the line.`,
);
const rssMb = process.resourceUsage().maxRSS / 1024;
console.log(`peak RSS ${rssMb.toFixed(0)} MB`);
if (args.includes("--json")) {
  console.log(`wrote ${await writeResults("extraction-ai", { rows, peakRssMb: rssMb })}`);
}
