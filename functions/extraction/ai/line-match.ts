import type { DraftLine } from "../result";

/**
 * Pairs the AI's lines with the offline extractor's by what they say, not where they sit: one
 * extra or missing line, or the same lines in another order, must not set every later line
 * against the wrong one (docs/ai-extraction.md, "Compare and learn").
 */

export type MatchLine = Pick<
  DraftLine,
  "date" | "postingDate" | "description" | "merchant" | "amountCentavos" | "direction"
>;

export interface LineMatch {
  pairs: { ai: number; offline: number }[];
  /** Positions of AI lines no offline line matched. */
  aiOnly: number[];
  /** Positions of offline lines no AI line matched. */
  offlineOnly: number[];
}

/** Letters and digits only, lower case: "JOLLIBEE #123 MAKATI" and "Jollibee 123 Makati" read the same. */
const squash = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

function bigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  const t = squash(s);
  for (let i = 0; i < t.length - 1; i++) {
    const g = t.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

function dice(a: Map<string, number>, b: Map<string, number>): number {
  let sizeA = 0;
  let sizeB = 0;
  let shared = 0;
  for (const n of a.values()) sizeA += n;
  for (const n of b.values()) sizeB += n;
  if (sizeA + sizeB === 0) return 0;
  for (const [g, n] of a) shared += Math.min(n, b.get(g) ?? 0);
  return (2 * shared) / (sizeA + sizeB);
}

/**
 * Sørensen–Dice coefficient over character bigrams, 0 (nothing shared) to 1 (the same letters
 * and digits): tolerant of the spacing, punctuation and store numbers two readers disagree on.
 */
export function similarity(a: string, b: string): number {
  return dice(bigrams(a), bigrams(b));
}

/** Below this, two descriptions are different merchants ("GRAB" vs "JOLLIBEE" ≈ 0). */
const SIMILAR = 0.5;

interface Prepared {
  line: MatchLine;
  dates: string[];
  text: Map<string, number>[];
}

const prepare = (line: MatchLine): Prepared => ({
  line,
  dates: [line.date, line.postingDate].filter((d): d is string => !!d),
  text: [line.description, line.merchant].filter((t): t is string => !!t).map(bigrams),
});

function score(a: Prepared, o: Prepared): number | null {
  const amount = a.line.amountCentavos === o.line.amountCentavos;
  // a reader may give the posting date as the line's date: any shared date counts
  const sameDay = a.line.date === o.line.date;
  const date = sameDay || a.dates.some((d) => o.dates.includes(d));
  let text = 0;
  for (const x of a.text) for (const y of o.text) text = Math.max(text, dice(x, y));
  // two of three: amount and date, or either of them with a like description (then the third
  // is a field they disagree on, which is what the review should highlight)
  if (!(amount && date) && !((amount || date) && text >= SIMILAR)) return null;
  return (
    (amount ? 4 : 0) +
    (sameDay ? 2 : date ? 1.5 : 0) +
    text +
    (a.line.direction === o.line.direction ? 0.25 : 0)
  );
}

/**
 * Each AI line's best offline line, each offline line used at most once: every acceptable pair
 * is scored (amount, then date, then description similarity) and taken best first; among equal
 * scores the pair nearest in relative order wins, so repeated identical lines pair in order.
 */
export function matchLines(ai: MatchLine[], offline: MatchLine[]): LineMatch {
  const a = ai.map(prepare);
  const o = offline.map(prepare);
  // only lines sharing an amount or a date can pair: a statement's thousand lines stay cheap
  const byKey = new Map<string, number[]>();
  const index = (key: string, j: number) => {
    const list = byKey.get(key);
    if (!list) byKey.set(key, [j]);
    else if (list.at(-1) !== j) list.push(j);
  };
  o.forEach((line, j) => {
    index(`a:${line.line.amountCentavos}`, j);
    for (const d of line.dates) index(`d:${d}`, j);
  });
  const candidates: { ai: number; offline: number; score: number; drift: number }[] = [];
  a.forEach((line, i) => {
    const seen = new Set<number>();
    for (const key of [`a:${line.line.amountCentavos}`, ...line.dates.map((d) => `d:${d}`)]) {
      for (const j of byKey.get(key) ?? []) {
        if (seen.has(j)) continue;
        seen.add(j);
        const s = score(line, o[j]!);
        // rounded: equal drifts must compare equal for the order tie-break to decide
        const drift = Math.round(Math.abs(i / a.length - j / o.length) * 1e6);
        if (s !== null) candidates.push({ ai: i, offline: j, score: s, drift });
      }
    }
  });
  candidates.sort((x, y) => y.score - x.score || x.drift - y.drift || x.ai - y.ai || x.offline - y.offline);
  const aiUsed = new Set<number>();
  const offUsed = new Set<number>();
  const pairs: LineMatch["pairs"] = [];
  for (const c of candidates) {
    if (aiUsed.has(c.ai) || offUsed.has(c.offline)) continue;
    aiUsed.add(c.ai);
    offUsed.add(c.offline);
    pairs.push({ ai: c.ai, offline: c.offline });
  }
  pairs.sort((x, y) => x.ai - y.ai);
  pairByPlace(pairs, ai, offline, aiUsed, offUsed);
  return {
    pairs,
    aiOnly: ai.map((_, i) => i).filter((i) => !aiUsed.has(i)),
    offlineOnly: offline.map((_, j) => j).filter((j) => !offUsed.has(j)),
  };
}

/**
 * A line misread in two of amount, date and description shares too little to pair by content.
 * When it is the only unpaired line on each side between the same two paired neighbours (or
 * before the first pair, or after the last) and both say money goes the same way, it is the same
 * line read twice: it pairs by place, and the review shows every field they disagree on. Two or
 * more unpaired lines in one gap stay unpaired: which goes with which would be a guess.
 */
function pairByPlace(
  pairs: LineMatch["pairs"],
  ai: MatchLine[],
  offline: MatchLine[],
  aiUsed: Set<number>,
  offUsed: Set<number>,
) {
  const bounds = [{ ai: -1, offline: -1 }, ...pairs, { ai: ai.length, offline: offline.length }];
  const found: LineMatch["pairs"] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [from, to] = [bounds[k]!, bounds[k + 1]!];
    // neighbours out of order (lines listed in another order): no place to speak of
    if (from.offline >= to.offline) continue;
    const aiGap = range(from.ai + 1, to.ai).filter((i) => !aiUsed.has(i));
    const offGap = range(from.offline + 1, to.offline).filter((j) => !offUsed.has(j));
    if (aiGap.length !== 1 || offGap.length !== 1) continue;
    const [i, j] = [aiGap[0]!, offGap[0]!];
    if (ai[i]!.direction !== offline[j]!.direction) continue;
    found.push({ ai: i, offline: j });
  }
  for (const p of found) {
    aiUsed.add(p.ai);
    offUsed.add(p.offline);
    pairs.push(p);
  }
  pairs.sort((x, y) => x.ai - y.ai);
}

const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
