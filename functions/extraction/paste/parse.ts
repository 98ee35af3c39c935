import { jsonrepair } from "jsonrepair";
import { type DateOrder, detectDateOrder, parseDate } from "../../imports/dates";
import { totalExceedsLine } from "../../installments/line-terms";
import { MAX_CENTAVOS, parsePesos } from "../../lib/money";
import type { FieldError } from "../../lib/problem";
import type { DraftLine, ExtractionResult } from "../result";
import { Answer } from "./answer-schema";

export type PasteOutcome =
  | { ok: true; result: ExtractionResult }
  | { ok: false; detail: string; errors: FieldError[] };

/** An instalment a plan can have (2–60 months, number within them); others never start a plan. */
const wellFormed = (i: { number: number; of: number }) => i.of >= 2 && i.of <= 60 && i.number <= i.of;

/**
 * The JSON inside an AI chat's answer: code fences and prose around it are dropped (from the
 * first `{` to the last `}`), then `jsonrepair` mends trailing commas, single quotes, comments
 * and unquoted keys. Null when there is no object at all.
 */
export function extractJson(text: string): unknown | null {
  const fenced = /```(?:json|JSON)?\s*([\s\S]*?)```/.exec(text);
  const body = fenced?.[1]?.includes("{") ? fenced[1] : text;
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  if (start < 0 || end <= start) return null;
  const candidate = body.slice(start, end + 1);
  try {
    return JSON.parse(candidate);
  } catch {
    try {
      return JSON.parse(jsonrepair(candidate));
    } catch {
      return undefined;
    }
  }
}

const DATE_FIELDS = ["date", "postingDate", "statementDate", "dueDate", "periodStart", "periodEnd"];
const MONEY_FIELDS = [
  "amount",
  "total",
  "totalDue",
  "minimumDue",
  "previousBalance",
  "paymentsCredits",
  "creditLimit",
  "planTotal",
];

function collectDates(value: unknown, out: string[]) {
  if (Array.isArray(value)) for (const v of value) collectDates(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (DATE_FIELDS.includes(k) && typeof v === "string") out.push(v);
      else collectDates(v, out);
    }
  }
}

/**
 * Rewrites what people and chats write into the answer schema's own forms, leaving anything
 * it cannot read as it was so the schema reports it at its path: "₱1,234.50", "PHP 1,234.50",
 * "P1,234.50" and numbers become "1234.50"; "Jan 5, 2026", "01/05/2026" become "2026-01-05".
 */
function normalise(value: unknown, order: DateOrder, key = ""): unknown {
  if (Array.isArray(value)) return value.map((v) => normalise(v, order));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, order, k)]));
  }
  if (MONEY_FIELDS.includes(key) && (typeof value === "string" || typeof value === "number")) {
    const c = parsePesos(typeof value === "number" ? value : value.replace(/^PHP\s*/i, "PHP "));
    if (c === null) return value;
    // a negative amount is a credit written with a sign; the sign is handled by the caller
    const abs = c < 0n ? -c : c;
    return `${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
  }
  if (DATE_FIELDS.includes(key) && typeof value === "string") {
    return parseDate(value, order) ?? value;
  }
  if (key === "direction" && typeof value === "string") return value.trim().toLowerCase();
  if (key === "kind" && typeof value === "string")
    return value
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_");
  if (key === "foreignCurrency" && typeof value === "string") return value.trim().toUpperCase();
  return value;
}

/** A line written with a negative amount and no direction is a credit (a payment or refund). */
function signedCredits(raw: unknown) {
  if (!raw || typeof raw !== "object") return;
  const lines = (raw as { lines?: unknown }).lines;
  if (!Array.isArray(lines)) return;
  for (const line of lines) {
    if (!line || typeof line !== "object") continue;
    const l = line as Record<string, unknown>;
    const amount = l.amount;
    const negative =
      (typeof amount === "number" && amount < 0) ||
      (typeof amount === "string" && /^\s*(-|\()/.test(amount.replace(/^(₱|PHP|P)\s*/i, "")));
    if (negative && l.direction === undefined) l.direction = "credit";
  }
}

const toCentavos = (pesos: string) => parsePesos(pesos)!;

/** Reads a pasted AI answer into an extraction result, or says per field what is wrong. */
export function parseAnswer(text: string): PasteOutcome {
  const raw = extractJson(text);
  if (raw === null) {
    return {
      ok: false,
      detail: "No JSON object was found in the pasted text. Paste the AI's whole answer.",
      errors: [{ path: "text", message: "No JSON object found" }],
    };
  }
  if (raw === undefined) {
    return {
      ok: false,
      detail: "The pasted JSON could not be read, even after fixing commas and quotes.",
      errors: [{ path: "text", message: "Unreadable JSON" }],
    };
  }
  signedCredits(raw);
  const dates: string[] = [];
  collectDates(raw, dates);
  // numeric dates are MM/DD/YYYY as in the Philippines, unless the answer itself shows DD/MM
  const numeric = dates.filter((d) => !/^\s*\d{4}-/.test(d));
  const detected = detectDateOrder(numeric);
  const order: DateOrder = detected === "DMY" ? "DMY" : "MDY";
  const parsed = Answer.safeParse(normalise(raw, order));
  if (!parsed.success) {
    return {
      ok: false,
      detail: "Some fields of the pasted answer are not valid.",
      errors: parsed.error.issues.map((i) => ({
        path: i.path.join(".") || "(answer)",
        message: i.message,
      })),
    };
  }
  const a = parsed.data;
  const errors: FieldError[] = [];
  const lines: DraftLine[] = a.lines.map((l, i) => {
    const amount = toCentavos(l.amount);
    if (amount <= 0n || amount > MAX_CENTAVOS) {
      errors.push({
        path: `lines.${i}.amount`,
        message: "Amount must be more than zero and at most ₱1,000,000,000",
      });
    }
    const planTotal = l.installment?.planTotal ? toCentavos(l.installment.planTotal) : null;
    // a plan's whole amount below one of its instalments is a misread (the monthly in its place)
    if (planTotal !== null && (planTotal < amount || planTotal > MAX_CENTAVOS)) {
      errors.push({
        path: `lines.${i}.installment.planTotal`,
        message:
          "The plan total is the whole plan's amount: at least this line's amount, at most ₱1,000,000,000",
      });
    } else if (planTotal !== null && l.installment && wellFormed(l.installment)) {
      // a line bills its share of the total (plus any add-on interest), never less: a larger
      // total is another plan's, or a misread
      if (totalExceedsLine(planTotal, l.installment.of, l.installment.number, amount))
        errors.push({
          path: `lines.${i}.installment.planTotal`,
          message: `The plan total is more than ${l.installment.of} instalments of this line's amount`,
        });
    }
    const kind =
      l.kind ?? (l.direction === "credit" ? (a.kind === "statement" ? "payment" : "refund") : "purchase");
    return {
      date: l.date,
      postingDate: l.postingDate ?? null,
      description: l.description,
      merchant: l.merchant ?? null,
      amountCentavos: amount.toString(),
      direction: l.direction,
      kind,
      foreignCurrency: l.foreignCurrency ?? null,
      foreignAmount: l.foreignAmount ?? null,
      installment: l.installment
        ? {
            number: l.installment.number,
            of: l.installment.of,
            planTotalCentavos: planTotal === null ? null : planTotal.toString(),
          }
        : null,
      categoryHint: l.category ?? null,
      confidence: 1,
    };
  });
  if (lines.length === 0 && a.kind === "receipt" && a.receipt?.total) {
    const date = a.receipt.date;
    if (!date) errors.push({ path: "receipt.date", message: "A receipt needs its date" });
    else
      lines.push({
        date,
        postingDate: null,
        description: a.receipt.merchant ?? "Receipt",
        merchant: a.receipt.merchant ?? null,
        amountCentavos: toCentavos(a.receipt.total).toString(),
        direction: "debit",
        kind: "purchase",
        foreignCurrency: null,
        foreignAmount: null,
        installment: null,
        categoryHint: null,
        confidence: 1,
      });
  }
  if (lines.length === 0) errors.push({ path: "lines", message: "The answer has no lines to record" });
  if (errors.length) return { ok: false, detail: "Some fields of the pasted answer are not valid.", errors };
  const money = (p: string | null | undefined) => (p ? toCentavos(p).toString() : null);
  if (a.kind === "statement") {
    const s = a.statement ?? {};
    return {
      ok: true,
      result: {
        kind: "statement",
        statement: {
          issuer: s.issuer?.trim().toLowerCase() || "pasted",
          cardLast4: s.cardLast4 ?? null,
          periodStart: s.periodStart ?? null,
          periodEnd: s.periodEnd ?? null,
          statementDate: s.statementDate ?? null,
          dueDate: s.dueDate ?? null,
          totalDueCentavos: money(s.totalDue),
          minimumDueCentavos: money(s.minimumDue),
          previousBalanceCentavos: money(s.previousBalance),
          paymentsCreditsCentavos: money(s.paymentsCredits),
          creditLimitCentavos: money(s.creditLimit),
        },
        lines,
        warnings: [],
      },
    };
  }
  const r = a.receipt ?? {};
  return {
    ok: true,
    result: {
      kind: "receipt",
      receipt: {
        merchant: r.merchant ?? lines[0]?.merchant ?? null,
        merchantConfidence: 1,
        date: r.date ?? lines[0]?.date ?? null,
        dateConfidence: 1,
        totalCentavos: money(r.total),
        totalConfidence: 1,
        tin: r.tin ?? null,
      },
      lines,
      warnings: [],
    },
  };
}
