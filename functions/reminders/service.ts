import { type Database, type Queryable, schema, type Tx } from "@fintrack/db";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { todayInManila } from "../accounts/card-cycle";
import { billPayLink, cardPayLink } from "../lib/app-links";
import type { SignedInUser } from "../lib/auth";
import { HttpProblem } from "../lib/problem";
import { checkCategories } from "../transactions/categories";
import { inTransaction } from "../transactions/retry";
import { createTransaction } from "../transactions/service";
import { visibleAccounts } from "../transactions/visibility";
import { addDays, billDueDates, cardCycles, DEFAULT_OFFSETS, daysBetween, monthStart } from "./dates";
import type { BillDto, CreateBillInput, DueItemDto, UpdateBillInput } from "./schemas";
import { cardDues } from "./tick";

const { bills, billPayments, transactions, accounts, reminderSettings } = schema;
type BillRow = typeof bills.$inferSelect;

/** How long an unpaid occurrence stays the bill's current one (then the next takes over). */
const OVERDUE_SHOWN_DAYS = 31;
/** Far enough ahead to find the next due date of a bill due every 24 months. */
const AHEAD_DAYS = 750;

const notFound = () => new HttpProblem(404, "Bill not found", "There is no such bill.");
const invalid = (path: string, message: string) =>
  new HttpProblem(400, "Invalid request", message, { errors: [{ path, message }] });

// --- schedule ---------------------------------------------------------------------------------

interface ScheduleColumns {
  schedule: BillRow["schedule"];
  dueDay: number;
  intervalMonths: number;
  anchorMonth: string;
  startDate: string;
}

/** The stored form of a schedule, and the errors of one that does not fit together. */
function scheduleColumns(input: {
  schedule: BillRow["schedule"];
  dueDay: number;
  everyMonths?: number;
  month?: number;
  startDate: string;
}): ScheduleColumns {
  const { schedule, dueDay, startDate } = input;
  if (schedule === "every_n_months") {
    if (!input.everyMonths) throw invalid("everyMonths", "Say every how many months (2 to 24)");
    return {
      schedule,
      dueDay,
      intervalMonths: input.everyMonths,
      anchorMonth: monthStart(startDate),
      startDate,
    };
  }
  if (schedule === "yearly") {
    if (!input.month) throw invalid("month", "Choose the month it is due");
    if (dueDay > 29 && input.month === 2) throw invalid("dueDay", "February has at most 29 days");
    if (dueDay === 31 && [4, 6, 9, 11].includes(input.month))
      throw invalid("dueDay", "That month has 30 days");
    const anchorMonth = `${startDate.slice(0, 4)}-${String(input.month).padStart(2, "0")}-01`;
    return { schedule, dueDay, intervalMonths: 12, anchorMonth, startDate };
  }
  return { schedule, dueDay, intervalMonths: 1, anchorMonth: monthStart(startDate), startDate };
}

// --- reading ----------------------------------------------------------------------------------

/** Occurrences of these bills marked paid whose expense is still in the ledger. */
async function paidOccurrences(db: Queryable, billIds: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (billIds.length === 0) return out;
  const list = await db
    .select({ billId: billPayments.billId, dueDate: billPayments.dueDate })
    .from(billPayments)
    .leftJoin(transactions, eq(transactions.id, billPayments.transactionId))
    .where(and(inArray(billPayments.billId, billIds), isNull(transactions.deletedAt)));
  for (const p of list) {
    const set = out.get(p.billId) ?? new Set<string>();
    set.add(p.dueDate);
    out.set(p.billId, set);
  }
  return out;
}

/**
 * The occurrence a member acts on today: the oldest unpaid one at most 31 days overdue, else the
 * next unpaid one from today on.
 */
export function currentOccurrence(bill: BillRow, paid: Set<string>, today: string) {
  const dates = billDueDates(bill, addDays(today, -OVERDUE_SHOWN_DAYS), addDays(today, AHEAD_DAYS));
  const due = dates.find((d) => !paid.has(d));
  if (!due) return null;
  const status = due < today ? "overdue" : due === today ? "due_today" : "upcoming";
  return { dueDate: due, status } as const;
}

function toDto(bill: BillRow, paid: Set<string>, today: string, accountName: string | null): BillDto {
  const current = bill.active ? currentOccurrence(bill, paid, today) : null;
  return {
    id: bill.id,
    name: bill.name,
    kind: bill.kind,
    schedule: bill.schedule,
    dueDay: bill.dueDay,
    everyMonths: bill.schedule === "every_n_months" ? bill.intervalMonths : null,
    month: bill.schedule === "yearly" ? Number(bill.anchorMonth.slice(5, 7)) : null,
    startDate: bill.startDate,
    expectedAmountCentavos: bill.expectedAmountCentavos?.toString() ?? null,
    accountId: accountName === null ? null : bill.accountId,
    accountName,
    categoryId: bill.categoryId,
    active: bill.active,
    nextDueDate: current?.dueDate ?? null,
    status: current?.status ?? null,
    lastPaidDueDate: [...paid].sort().at(-1) ?? null,
  };
}

export async function listBills(db: Queryable, user: SignedInUser, today = todayInManila()) {
  const list = await db
    .select()
    .from(bills)
    .where(eq(bills.householdId, user.householdId))
    .orderBy(asc(bills.name), asc(bills.id));
  const paid = await paidOccurrences(
    db,
    list.map((b) => b.id),
  );
  const visible = await visibleAccounts(db, user);
  const items = list.map((b) =>
    toDto(b, paid.get(b.id) ?? new Set(), today, (b.accountId && visible.get(b.accountId)?.name) || null),
  );
  // active first, soonest due first
  items.sort(
    (a, b) =>
      Number(b.active) - Number(a.active) ||
      (a.nextDueDate ?? "9999").localeCompare(b.nextDueDate ?? "9999") ||
      a.name.localeCompare(b.name),
  );
  return { items };
}

async function loadBill(db: Queryable, user: SignedInUser, id: string, lock = false) {
  const q = db
    .select()
    .from(bills)
    .where(and(eq(bills.id, id), eq(bills.householdId, user.householdId)));
  const [bill] = lock ? await q.for("update") : await q;
  if (!bill) throw notFound();
  return bill;
}

export async function getBill(db: Queryable, user: SignedInUser, id: string, today = todayInManila()) {
  const bill = await loadBill(db, user, id);
  const paid = await paidOccurrences(db, [id]);
  const visible = await visibleAccounts(db, user);
  return toDto(
    bill,
    paid.get(id) ?? new Set(),
    today,
    (bill.accountId && visible.get(bill.accountId)?.name) || null,
  );
}

// --- writing ----------------------------------------------------------------------------------

/** The pay-from account must be one the member sees; the category one of the household's expense ones. */
async function checkRefs(tx: Tx, user: SignedInUser, accountId: string | null, categoryId: string | null) {
  if (accountId) {
    const account = (await visibleAccounts(tx, user)).get(accountId);
    if (!account || account.archivedAt) throw invalid("accountId", "Choose one of your accounts");
  }
  if (categoryId)
    await checkCategories(tx, user.householdId, [{ id: categoryId, path: "categoryId" }], "expense");
}

export async function createBill(db: Database, user: SignedInUser, input: CreateBillInput) {
  const startDate = input.startDate ?? todayInManila();
  const columns = scheduleColumns({ ...input, startDate });
  const id = await db.transaction(async (tx) => {
    await checkRefs(tx, user, input.accountId ?? null, input.categoryId ?? null);
    const [row] = await tx
      .insert(bills)
      .values({
        householdId: user.householdId,
        name: input.name,
        kind: input.kind,
        ...columns,
        expectedAmountCentavos: input.expectedAmount ?? null,
        accountId: input.accountId ?? null,
        categoryId: input.categoryId ?? null,
        active: input.active ?? true,
        createdBy: user.userId,
      })
      .returning({ id: bills.id });
    return row!.id;
  });
  return getBill(db, user, id);
}

export async function updateBill(db: Database, user: SignedInUser, id: string, input: UpdateBillInput) {
  await db.transaction(async (tx) => {
    const old = await loadBill(tx, user, id, true);
    const schedule = input.schedule ?? old.schedule;
    const columns = scheduleColumns({
      schedule,
      dueDay: input.dueDay ?? old.dueDay,
      everyMonths: input.everyMonths ?? (old.schedule === "every_n_months" ? old.intervalMonths : undefined),
      month: input.month ?? (old.schedule === "yearly" ? Number(old.anchorMonth.slice(5, 7)) : undefined),
      startDate: input.startDate ?? old.startDate,
    });
    const accountId = input.accountId !== undefined ? input.accountId : old.accountId;
    const categoryId = input.categoryId !== undefined ? input.categoryId : old.categoryId;
    // only what changed is checked: a partner's private pay-from account may stay as it is
    await checkRefs(
      tx,
      user,
      accountId !== old.accountId ? accountId : null,
      categoryId !== old.categoryId ? categoryId : null,
    );
    await tx
      .update(bills)
      .set({
        name: input.name ?? old.name,
        kind: input.kind ?? old.kind,
        ...columns,
        expectedAmountCentavos:
          input.expectedAmount !== undefined ? input.expectedAmount : old.expectedAmountCentavos,
        accountId,
        categoryId,
        active: input.active ?? old.active,
        updatedAt: new Date(),
      })
      .where(eq(bills.id, id));
  });
  return getBill(db, user, id);
}

export async function deleteBill(db: Database, user: SignedInUser, id: string) {
  await db.transaction(async (tx) => {
    await loadBill(tx, user, id, true);
    await tx.delete(bills).where(eq(bills.id, id));
  });
}

/**
 * Marks one occurrence of a bill paid and records what paid it, together: an expense in the
 * bill's category from its account (or the one given). Paying an occurrence already paid is a 409.
 */
export async function payBill(
  db: Database,
  user: SignedInUser,
  id: string,
  input: { dueDate?: string; amount?: bigint; date?: string; accountId?: string },
) {
  const today = todayInManila();
  return inTransaction(db, async (tx) => {
    const bill = await loadBill(tx, user, id, true);
    const paid = (await paidOccurrences(tx, [id])).get(id) ?? new Set<string>();
    const dueDate = input.dueDate ?? currentOccurrence(bill, paid, today)?.dueDate;
    if (!dueDate) throw invalid("dueDate", "This bill has no due date to pay");
    if (billDueDates(bill, dueDate, dueDate).length === 0)
      throw invalid("dueDate", `The bill is not due on ${dueDate}`);
    if (paid.has(dueDate))
      throw new HttpProblem(409, "Already paid", `The bill due on ${dueDate} is already marked paid.`);
    const amount = input.amount ?? bill.expectedAmountCentavos;
    if (!amount) throw invalid("amount", "Enter the amount paid");
    const accountId = input.accountId ?? bill.accountId;
    if (!accountId) throw invalid("accountId", "Choose the account it was paid from");
    // the expense goes through the ledger's own rules (visibility, rollups, transaction.created)
    const created = await createTransaction(tx as unknown as Database, user, {
      type: "expense",
      date: input.date ?? today,
      amount,
      accountId,
      categoryId: bill.categoryId,
      merchant: bill.name,
      notes: `Bill due ${dueDate}`,
    });
    await tx
      .insert(billPayments)
      .values({ billId: id, dueDate, transactionId: created.id, paidBy: user.userId })
      .onConflictDoUpdate({
        // the earlier payment's expense was deleted: this one replaces it
        target: [billPayments.billId, billPayments.dueDate],
        set: { transactionId: created.id, paidBy: user.userId, paidAt: new Date() },
      });
    return { transactionId: created.id, dueDate, amountCentavos: amount.toString() };
  });
}

// --- cards ------------------------------------------------------------------------------------

async function visibleCards(db: Queryable, user: SignedInUser) {
  const visible = await visibleAccounts(db, user);
  const ids = [...visible.values()].filter((a) => a.kind === "credit_card" && !a.archivedAt).map((a) => a.id);
  if (ids.length === 0) return [];
  return db
    .select({
      id: accounts.id,
      name: accounts.name,
      statementDay: accounts.statementDay,
      dueDay: accounts.dueDay,
      openingDate: accounts.openingDate,
    })
    .from(accounts)
    .where(inArray(accounts.id, ids));
}

/** Each visible card's statements due from `from` to `to` that still have something to pay. */
async function cardsDue(db: Queryable, user: SignedInUser, from: string, to: string, today: string) {
  const cards = (await visibleCards(db, user)).filter((c) => c.statementDay && c.dueDay);
  const cycles = cards.flatMap((card) =>
    cardCycles(
      { statementDay: card.statementDay!, dueDay: card.dueDay!, openingDate: card.openingDate },
      from,
      to,
    ).map((c) => ({ card, ...c })),
  );
  const dues = await cardDues(
    db,
    cycles.map((c) => ({ accountId: c.card.id, statementDate: c.statementDate })),
    today,
  );
  return cycles.flatMap((c) => {
    const due = dues.get(`${c.card.id}|${c.statementDate}`);
    if (!due || due.owed <= 0n || due.paid >= due.owed) return [];
    return [{ ...c, outstanding: due.owed - due.paid }];
  });
}

/** Pays a card from another account: a transfer, never an expense (the spending was recorded at each swipe). */
export async function payCard(
  db: Database,
  user: SignedInUser,
  cardId: string,
  input: { fromAccountId: string; amount?: bigint; date?: string },
) {
  // the statement paid is the oldest one still open on the day of the payment
  const day = input.date ?? todayInManila();
  const card = (await visibleCards(db, user)).find((c) => c.id === cardId);
  if (!card) throw new HttpProblem(404, "Card not found", "There is no such credit card.");
  const open = card.statementDay
    ? (await cardsDue(db, user, addDays(day, -OVERDUE_SHOWN_DAYS), addDays(day, 62), day)).filter(
        (c) => c.card.id === cardId,
      )
    : [];
  const amount = input.amount ?? open[0]?.outstanding;
  if (!amount) throw invalid("amount", "Enter the amount paid");
  const created = await createTransaction(db, user, {
    type: "transfer",
    date: day,
    amount,
    accountId: input.fromAccountId,
    toAccountId: cardId,
    notes: open[0] ? `Card payment, due ${open[0].dueDate}` : "Card payment",
  });
  return {
    transactionId: created.id,
    dueDate: open[0]?.dueDate ?? created.date,
    amountCentavos: amount.toString(),
  };
}

// --- next dues --------------------------------------------------------------------------------

/** Cards and bills due in the next `days` days (and those overdue): the dashboard's "Next dues". */
export async function upcoming(db: Queryable, user: SignedInUser, days: number, today = todayInManila()) {
  const until = addDays(today, days);
  const items: DueItemDto[] = [];
  for (const bill of (await listBills(db, user, today)).items) {
    if (!bill.active || !bill.nextDueDate || !bill.status || bill.nextDueDate > until) continue;
    items.push({
      kind: "bill",
      id: bill.id,
      name: bill.name,
      dueDate: bill.nextDueDate,
      daysLeft: daysBetween(today, bill.nextDueDate),
      amountCentavos: bill.expectedAmountCentavos,
      status: bill.status,
      payLink: billPayLink(bill.id, bill.nextDueDate),
    });
  }
  for (const c of await cardsDue(db, user, addDays(today, -OVERDUE_SHOWN_DAYS), until, today)) {
    items.push({
      kind: "card",
      id: c.card.id,
      name: c.card.name,
      dueDate: c.dueDate,
      daysLeft: daysBetween(today, c.dueDate),
      amountCentavos: c.outstanding.toString(),
      status: c.dueDate < today ? "overdue" : c.dueDate === today ? "due_today" : "upcoming",
      payLink: cardPayLink(c.card.id, c.dueDate),
    });
  }
  items.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.name.localeCompare(b.name));
  return { today, items };
}

// --- settings ---------------------------------------------------------------------------------

export async function getSettings(db: Queryable, user: SignedInUser) {
  const [row] = await db
    .select({ beforeDays: reminderSettings.beforeDays, overdueDays: reminderSettings.overdueDays })
    .from(reminderSettings)
    .where(eq(reminderSettings.householdId, user.householdId));
  return row ?? DEFAULT_OFFSETS;
}

export async function saveSettings(
  db: Queryable,
  user: SignedInUser,
  input: { beforeDays: number[]; overdueDays: number[] },
) {
  const clean = (l: number[]) => [...new Set(l)].sort((a, b) => b - a);
  const values = { beforeDays: clean(input.beforeDays), overdueDays: clean(input.overdueDays) };
  await db
    .insert(reminderSettings)
    .values({ householdId: user.householdId, ...values })
    .onConflictDoUpdate({ target: reminderSettings.householdId, set: { ...values, updatedAt: new Date() } });
  return values;
}
