import { createHash } from "node:crypto";
import type { DraftTransaction, RowError } from "./rows";

/** "BPI → GCash", "BPI -> GCash", "BPI > GCash": one column naming both sides of a transfer. */
const ARROW = /\s*(?:→|->|=>|>)\s*/;

/** The two sides of a "From → To" cell, or null when the cell names one account. */
export function splitFromTo(text: string): { from: string; to: string } | null {
  const parts = text.split(ARROW);
  if (parts.length !== 2) return null;
  const [from, to] = parts.map((p) => p.trim()) as [string, string];
  return from && to ? { from, to } : null;
}

/** One half of a transfer written as two rows; its sign says which way the money went. */
export interface TransferHalf {
  row: number;
  date: string;
  amountCentavos: bigint;
  account: string;
  direction: "out" | "in";
}

export interface PairedTransfers {
  drafts: DraftTransaction[];
  pairs: number;
  unpaired: TransferHalf[];
  errors: RowError[];
}

/**
 * Joins transfer rows that name one account (no destination) into transfers: a row of money
 * out and a row of money in, same date, same amount, different accounts, taken in file order.
 * What is left has `defaultTo` as its other side when the member chose one (the destination of
 * money out, the source of money in), and is otherwise an error — a transfer is never booked as
 * spending.
 */
export function pairTransfers(
  drafts: DraftTransaction[],
  defaultTo: string | null,
  accountName: (id: string) => string,
): PairedTransfers {
  const out: DraftTransaction[] = [];
  const halves = drafts.filter((d) => d.type === "transfer" && d.toAccountId === null);
  const waitingIn = new Map<string, DraftTransaction[]>();
  const keyOf = (d: DraftTransaction) => `${d.date}|${d.amountCentavos}`;
  for (const d of halves) {
    if (d.half === "in") waitingIn.set(keyOf(d), [...(waitingIn.get(keyOf(d)) ?? []), d]);
  }
  const used = new Set<DraftTransaction>();
  const joined = new Map<DraftTransaction, DraftTransaction>();
  for (const d of halves) {
    if (d.half !== "out") continue;
    const partner = (waitingIn.get(keyOf(d)) ?? []).find((p) => !used.has(p) && p.accountId !== d.accountId);
    if (!partner) continue;
    used.add(partner);
    used.add(d);
    joined.set(d, {
      ...d,
      toAccountId: partner.accountId,
      merchant: d.merchant ?? partner.merchant,
      notes: d.notes ?? partner.notes,
      tags: [...new Set([...d.tags, ...partner.tags])],
      half: undefined,
      fingerprint: createHash("sha256")
        .update(`${d.fingerprint}\u001f${partner.fingerprint}`)
        .digest("base64url"),
    });
  }
  const unpaired: TransferHalf[] = [];
  const errors: RowError[] = [];
  for (const d of drafts) {
    if (d.type !== "transfer" || d.toAccountId !== null) {
      out.push(d);
      continue;
    }
    const pair = joined.get(d);
    if (pair) out.push(pair);
    if (used.has(d)) continue;
    unpaired.push({
      row: d.row,
      date: d.date,
      amountCentavos: d.amountCentavos,
      account: accountName(d.accountId),
      direction: d.half ?? "out",
    });
    // The chosen account is the other side: money out of this account went to it, money
    // into this account came from it.
    if (defaultTo && defaultTo !== d.accountId)
      out.push(
        d.half === "in"
          ? { ...d, accountId: defaultTo, toAccountId: d.accountId, half: undefined }
          : { ...d, toAccountId: defaultTo, half: undefined },
      );
    else
      errors.push({
        row: d.row,
        message: defaultTo
          ? "A transfer needs two different accounts"
          : "A transfer needs the account it goes to (no matching row found, and no default destination chosen)",
      });
  }
  return { drafts: out, pairs: joined.size, unpaired, errors };
}
