import { type Queryable, schema } from "@fintrack/db";
import { and, eq } from "drizzle-orm";
import { type DraftLine, ExtractionResult } from "../result";
import { type LineMatch, matchLines } from "./line-match";

export interface FieldDiff {
  field: string;
  ai: string | null;
  offline: string | null;
}

/** A line only one side read, enough to find it on the statement. */
export interface LineBrief {
  position: number;
  date: string;
  description: string;
  amountCentavos: string;
  direction: DraftLine["direction"];
}

export interface Comparison {
  /** The offline extractor the AI's answer is compared with ("receipt:tesseract", "statement:bpi"). */
  against: string;
  totals: FieldDiff[];
  /**
   * Lines both read, paired by content (line-match.ts), where they differ: the AI's line
   * `position` (its draft's position) against the offline line `offlinePosition`.
   */
  lines: { position: number; offlinePosition: number; diffs: FieldDiff[] }[];
  /** Lines only the AI found (positions are the drafts'). */
  aiOnly: LineBrief[];
  /** Lines only the offline extractor found (they have no draft). */
  offlineOnly: LineBrief[];
  lineCounts: { ai: number; offline: number };
}

const norm = (v: unknown) => (v === undefined || v === null || v === "" ? null : String(v));
const sameText = (a: string | null, b: string | null) =>
  (a ?? "").toLowerCase().replace(/\s+/g, " ").trim() === (b ?? "").toLowerCase().replace(/\s+/g, " ").trim();

function diff(
  fields: string[],
  ai: Record<string, unknown>,
  off: Record<string, unknown>,
  text: string[] = [],
) {
  const out: FieldDiff[] = [];
  for (const field of fields) {
    const a = norm(ai[field]);
    const o = norm(off[field]);
    // a field only one side read is not a disagreement: the review already shows what is missing
    if (a === null || o === null) continue;
    if (text.includes(field) ? !sameText(a, o) : a !== o) out.push({ field, ai: a, offline: o });
  }
  return out;
}

/** Where the AI's reading and the offline extractor's disagree (merchant, date, amount, category, totals). */
export function compareResults(ai: ExtractionResult, offline: ExtractionResult, against: string): Comparison {
  const totals =
    ai.kind === "receipt" && offline.kind === "receipt"
      ? diff(["merchant", "date", "totalCentavos"], ai.receipt, offline.receipt, ["merchant"])
      : ai.kind === "statement" && offline.kind === "statement"
        ? diff(
            ["cardLast4", "statementDate", "dueDate", "totalDueCentavos", "minimumDueCentavos"],
            ai.statement,
            offline.statement,
          )
        : [];
  // a receipt's one line is its total on both sides: whatever each read, they are the same line
  const match: LineMatch =
    ai.kind === "receipt" && ai.lines.length === 1 && offline.lines.length === 1
      ? { pairs: [{ ai: 0, offline: 0 }], aiOnly: [], offlineOnly: [] }
      : matchLines(ai.lines, offline.lines);
  const lines: Comparison["lines"] = [];
  for (const pair of match.pairs) {
    const diffs = diff(
      ["merchant", "date", "amountCentavos", "categoryHint"],
      ai.lines[pair.ai]!,
      offline.lines[pair.offline]!,
      ["merchant", "categoryHint"],
    );
    if (diffs.length > 0) lines.push({ position: pair.ai, offlinePosition: pair.offline, diffs });
  }
  return {
    against,
    totals,
    lines,
    aiOnly: match.aiOnly.map((i) => brief(ai.lines[i]!, i)),
    offlineOnly: match.offlineOnly.map((j) => brief(offline.lines[j]!, j)),
    lineCounts: { ai: ai.lines.length, offline: offline.lines.length },
  };
}

const brief = (line: DraftLine, position: number): LineBrief => ({
  position,
  date: line.date,
  description: line.description,
  amountCentavos: line.amountCentavos,
  direction: line.direction,
});

/** The comparison for a batch an AI provider produced, when the offline extractor also read it. */
export async function comparisonOf(
  db: Queryable,
  batch: { documentId: string | null; attempt: number; extractor: string },
): Promise<Comparison | null> {
  if (!batch.documentId || !batch.extractor.startsWith("ai:")) return null;
  const r = schema.extractionRuns;
  const runs = await db
    .select()
    .from(r)
    .where(and(eq(r.documentId, batch.documentId), eq(r.attempt, batch.attempt), eq(r.status, "succeeded")));
  const ai = runs.find((x) => x.role === "primary" && x.provider !== "offline");
  const off = runs.find((x) => x.role === "compare");
  if (!ai || !off) return null;
  const a = ExtractionResult.safeParse(ai.result);
  const o = ExtractionResult.safeParse(off.result);
  if (!a.success || !o.success) return null;
  return compareResults(a.data, o.data, off.extractor ?? "offline");
}
