import { type Queryable, schema, type Tx } from "@fintrack/db";
import { and, eq } from "drizzle-orm";
import type { SignedInUser } from "../lib/auth";
import { HttpProblem } from "../lib/problem";
import { addDays, clampedDay, daysBetween, monthStart } from "../reminders/dates";
import type { CreateTransactionInput } from "../transactions/schemas";
import { createTransactionIn } from "../transactions/service";
import { type LineTerms, TOLERANCE, termsFromTotal } from "./line-terms";
import { livePlans, type PlanRow } from "./live";
import { schedule, statementOnOrAfter } from "./schedule";
import { type Card, visibleCards } from "./service";

const { installmentPlans, installmentBillings } = schema;

/** The parts of a smart-input batch and draft line this needs (functions/extraction). */
export interface StatementBatch {
  kind: string;
  accountId: string | null;
  summary: unknown;
}
export interface StatementLine {
  id: string;
  date: string;
  postingDate: string | null;
  direction: string;
  amountCentavos: bigint;
  accountId: string | null;
  merchant: string | null;
  description: string;
  installment: unknown;
}

interface LineInstallment {
  number: number;
  of: number;
  planTotalCentavos: string | null;
}

/** How far the issuer's statement date may be from the card's statement day (a moved cut-off). */
const DATE_SLACK_DAYS = 7;

const abs = (v: bigint) => (v < 0n ? -v : v);

function lineInstallment(line: StatementLine): LineInstallment | null {
  const i = line.installment as Partial<LineInstallment> | null;
  if (!i || typeof i.number !== "number" || typeof i.of !== "number") return null;
  if (i.number < 1 || i.number > i.of || i.of < 2 || i.of > 60) return null;
  const total = typeof i.planTotalCentavos === "string" && /^\d+$/.test(i.planTotalCentavos);
  return { number: i.number, of: i.of, planTotalCentavos: total ? i.planTotalCentavos! : null };
}

function statementDateOf(batch: StatementBatch, line: StatementLine, card: Card): string {
  const s = batch.summary as { statementDate?: string } | null;
  return s?.statementDate ?? statementOnOrAfter(line.postingDate ?? line.date, card.statementDay);
}

/**
 * The plan a statement line bills: same card, same number of months, instalment `number` on a
 * statement within a week of this one, and the line's amount within ₱1 of that instalment
 * (principal, or principal plus add-on interest).
 */
function matchPlan(
  plans: PlanRow[],
  card: Card,
  line: StatementLine,
  inst: LineInstallment,
  statementDate: string,
) {
  for (const plan of plans) {
    if (plan.cardAccountId !== card.id || plan.months !== inst.of) continue;
    const entry = schedule(plan, card.statementDay).find(
      (e) => e.number === inst.number && !e.preTermination,
    );
    if (!entry || Math.abs(daysBetween(entry.statementDate, statementDate)) > DATE_SLACK_DAYS) continue;
    const withInterest = entry.amountCentavos + entry.interestCentavos;
    if (abs(line.amountCentavos - entry.amountCentavos) <= TOLERANCE) return { plan, entry, interest: 0n };
    if (entry.interestCentavos > 0n && abs(line.amountCentavos - withInterest) <= TOLERANCE)
      return { plan, entry, interest: line.amountCentavos - entry.amountCentavos };
  }
  return null;
}

/**
 * The terms of the plan a line starts: from its stated total when the total is consistent with
 * the line (add-on interest included, docs/installments.md), else null (amount × months at 0%).
 */
function statedTerms(line: StatementLine, inst: LineInstallment): LineTerms | null {
  if (inst.planTotalCentavos === null) return null;
  return termsFromTotal(BigInt(inst.planTotalCentavos), inst.of, inst.number, line.amountCentavos);
}

export interface PlanFlag {
  planId: string | null;
  label: string;
  /** A new plan whose terms come from the line's stated total: what the note shows. */
  newPlan?: { principalCentavos: string; months: number; interestCentavos: string };
}

/** For the review screen: the plan each installment line attaches to ("new" when none matches). */
export async function planFlags(
  db: Queryable,
  user: SignedInUser,
  batch: StatementBatch,
  lines: StatementLine[],
): Promise<Map<string, PlanFlag>> {
  const out = new Map<string, PlanFlag>();
  if (batch.kind !== "statement" || !lines.some((l) => lineInstallment(l))) return out;
  const cards = await visibleCards(db, user);
  const cache = new Map<string, PlanRow[]>();
  for (const line of lines) {
    const inst = lineInstallment(line);
    const card = cards.get(line.accountId ?? batch.accountId ?? "");
    if (!inst || !card || line.direction !== "debit") continue;
    if (!cache.has(card.id)) cache.set(card.id, await livePlans(db, user.householdId, [card.id]));
    const m = matchPlan(cache.get(card.id)!, card, line, inst, statementDateOf(batch, line, card));
    if (m) {
      out.set(line.id, { planId: m.plan.id, label: m.plan.label });
      continue;
    }
    const terms = statedTerms(line, inst);
    out.set(line.id, {
      planId: null,
      label: "New plan from this statement",
      ...(terms && {
        newPlan: {
          principalCentavos: terms.principalCentavos.toString(),
          months: inst.of,
          interestCentavos: terms.interestCentavos.toString(),
        },
      }),
    });
  }
  return out;
}

/**
 * Confirming a statement line "INSTALLMENT 03/12" on a card (docs/installments.md):
 * - it matches a plan whose purchase is in the ledger: nothing new is spent; the billing is
 *   recorded on the plan, and only an add-on interest part becomes a card charge;
 * - it matches a plan read off an earlier statement (its purchase predates the ledger): the line
 *   is recorded as a card charge, as the statement bills it;
 * - no plan matches: a plan is created from the line (source "statement", no purchase) and the
 *   line is recorded as a card charge.
 * Returns null for a line that is not an instalment on a card (the caller records it as usual),
 * else the transaction recorded for it, or null in `transactionId` when none was.
 */
export async function attachStatementLine(
  tx: Tx,
  user: SignedInUser,
  batch: StatementBatch,
  line: StatementLine,
  input: CreateTransactionInput,
): Promise<{ planId: string; transactionId: string | null } | null> {
  const inst = lineInstallment(line);
  if (batch.kind !== "statement" || !inst || line.direction !== "debit") return null;
  const card = (await visibleCards(tx, user)).get(input.accountId);
  if (!card) return null;
  const statementDate = statementDateOf(batch, line, card);
  const found = matchPlan(await livePlans(tx, user.householdId, [card.id]), card, line, inst, statementDate);
  let plan: PlanRow;
  let charge: bigint;
  let label: string;
  if (found) {
    plan = found.plan;
    const [already] = await tx
      .select({ id: installmentBillings.id })
      .from(installmentBillings)
      .where(and(eq(installmentBillings.planId, plan.id), eq(installmentBillings.number, inst.number)));
    // the same statement confirmed again: already billed, nothing more to record
    if (already) return { planId: plan.id, transactionId: null };
    charge = plan.purchaseTransactionId ? found.interest : line.amountCentavos;
    label = plan.purchaseTransactionId
      ? `${plan.label} interest ${inst.number}/${inst.of}`
      : (input.merchant ?? plan.label);
  } else {
    plan = await planFromLine(tx, user, card, line, inst, statementDate);
    charge = line.amountCentavos;
    label = input.merchant ?? plan.label;
  }
  const transactionId =
    charge > 0n ? await createTransactionIn(tx, user, { ...input, amount: charge, merchant: label }) : null;
  const [billed] = await tx
    .insert(installmentBillings)
    .values({
      planId: plan.id,
      number: inst.number,
      statementDate,
      amountCentavos: line.amountCentavos,
      draftId: line.id,
      transactionId,
    })
    .onConflictDoNothing()
    .returning({ id: installmentBillings.id });
  // another statement with the same instalment confirmed at the same moment: let it win, undo this one
  if (!billed)
    throw new HttpProblem(
      409,
      "Already billed",
      `Instalment ${inst.number}/${inst.of} of ${plan.label} is already on a statement.`,
    );
  return { planId: plan.id, transactionId };
}

/**
 * A plan read off its line: instalment `number` is on this statement, so the first was
 * `number - 1` statements earlier. With a stated plan total the line agrees with, the principal
 * is that total and whatever the line bills beyond its instalment is the add-on interest, so the
 * plan's schedule bills what the statement bills and its later lines attach. Otherwise the
 * principal is the line's amount times the months at 0% (a line with interest then overstates
 * the principal by the interest; the member can correct it).
 */
async function planFromLine(
  tx: Tx,
  user: SignedInUser,
  card: Card,
  line: StatementLine,
  inst: LineInstallment,
  statementDate: string,
): Promise<PlanRow> {
  const terms = statedTerms(line, inst);
  const principal = terms ? terms.principalCentavos : line.amountCentavos * BigInt(inst.of);
  const first = clampedDay(monthStart(statementDate, -(inst.number - 1)), card.statementDay);
  const [plan] = await tx
    .insert(installmentPlans)
    .values({
      householdId: user.householdId,
      cardAccountId: card.id,
      purchaseTransactionId: null,
      label: (line.merchant ?? line.description).slice(0, 80),
      principalCentavos: principal,
      months: inst.of,
      monthlyCentavos: principal / BigInt(inst.of),
      addOnRateBps: terms ? terms.addOnRateBps : 0,
      purchaseDate: addDays(first, -1),
      firstStatementDate: first,
      source: "statement",
      createdBy: user.userId,
    })
    .returning();
  return plan!;
}
