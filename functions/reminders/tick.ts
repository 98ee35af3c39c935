import { type Database, type Queryable, rows, schema, type Tx } from "@fintrack/db";
import { catalog, type EventData, sourceOf } from "@fintrack/events";
import { and, eq, gte, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { inTransaction } from "../transactions/retry";
import {
  addDays,
  billDueDates,
  cardCycles,
  DEFAULT_OFFSETS,
  type DueReminder,
  lookahead,
  lookback,
  manilaDate,
  pickReminder,
  type ReminderOffsets,
  scheduleOf,
  tickWindow,
} from "./dates";

const {
  bills,
  billPayments,
  accounts,
  transactions,
  remindersSent,
  reminderSettings,
  households,
  outbox,
  statementCycles,
} = schema;

export interface TickResult {
  tickDate: string;
  /** Households whose window was processed (an older tick than the last one processes none). */
  households: number;
  sent: number;
  /** Bills and cards looked at. */
  items: number;
}

interface Candidate {
  householdId: string;
  itemKind: "bill" | "card";
  itemId: string;
  reminder: DueReminder;
  event:
    | { type: "ph.fintrack.bill.due_soon.v1"; data: EventData<"ph.fintrack.bill.due_soon.v1"> }
    | { type: "ph.fintrack.statement.due_soon.v1"; data: EventData<"ph.fintrack.statement.due_soon.v1"> };
}

interface HouseholdScope {
  offsets: ReminderOffsets;
  schedule: number[];
  window: { from: string; to: string };
}

const BATCH = 500;

/**
 * One PingSource tick at `at` (the event's time, not the wall clock): for every household, each
 * bill and credit card gets at most one reminder — the one due on the tick's Manila date, or when
 * ticks were missed the latest one that fell in the missed days. `reminders_sent` (item, due date,
 * offset) is the idempotency key: a repeated, late or concurrent tick publishes nothing twice.
 */
export async function runTick(db: Database, at: Date): Promise<TickResult> {
  const tickDate = manilaDate(at);
  // replicas ticking at once take row locks in the same order; a deadlock is retried whole
  return inTransaction(db, async (tx) => {
    const scopes = await householdScopes(tx, tickDate);
    if (scopes.size === 0) return { tickDate, households: 0, sent: 0, items: 0 };
    // the due dates any household can be reminded of in its window
    let from = tickDate;
    let to = tickDate;
    for (const s of scopes.values()) {
      const lo = addDays(s.window.from, -lookback(s.offsets));
      const hi = addDays(s.window.to, lookahead(s.offsets));
      if (lo < from) from = lo;
      if (hi > to) to = hi;
    }
    const billCandidates = await billReminders(tx, scopes, from, to);
    const cardCandidates = await cardReminders(tx, scopes, from, to, tickDate);
    const candidates = [...billCandidates.candidates, ...cardCandidates.candidates];
    let sent = 0;
    for (let i = 0; i < candidates.length; i += BATCH) {
      sent += await send(tx, candidates.slice(i, i + BATCH), tickDate);
    }
    // the last processed tick moves forward only: a late older tick leaves it alone
    await tx.execute(sql`
      INSERT INTO reminder_settings (household_id, last_tick_date)
      SELECT id, ${tickDate}::date FROM households ORDER BY id
      ON CONFLICT (household_id) DO UPDATE
      SET last_tick_date = greatest(reminder_settings.last_tick_date, excluded.last_tick_date)`);
    return { tickDate, households: scopes.size, sent, items: billCandidates.items + cardCandidates.items };
  });
}

async function householdScopes(tx: Tx, tickDate: string): Promise<Map<string, HouseholdScope>> {
  const list = await tx
    .select({
      id: households.id,
      beforeDays: reminderSettings.beforeDays,
      overdueDays: reminderSettings.overdueDays,
      lastTickDate: reminderSettings.lastTickDate,
    })
    .from(households)
    .leftJoin(reminderSettings, eq(reminderSettings.householdId, households.id));
  const scopes = new Map<string, HouseholdScope>();
  for (const h of list) {
    // a tick older than the last one processed is late: its days were covered already
    if (h.lastTickDate && h.lastTickDate > tickDate) continue;
    const offsets = h.beforeDays
      ? { beforeDays: h.beforeDays, overdueDays: h.overdueDays ?? [] }
      : DEFAULT_OFFSETS;
    scopes.set(h.id, {
      offsets,
      schedule: scheduleOf(offsets),
      window: tickWindow(h.lastTickDate, tickDate),
    });
  }
  return scopes;
}

async function billReminders(tx: Tx, scopes: Map<string, HouseholdScope>, from: string, to: string) {
  const list = await tx
    .select()
    .from(bills)
    .where(eq(bills.active, true))
    // households skipped by this tick (a late one) are filtered here, not with a parameter per id
    .then((all) => all.filter((b) => scopes.has(b.householdId)));
  const paid = new Set(
    (
      await tx
        .select({ billId: billPayments.billId, dueDate: billPayments.dueDate })
        .from(billPayments)
        .innerJoin(bills, eq(bills.id, billPayments.billId))
        .leftJoin(transactions, eq(transactions.id, billPayments.transactionId))
        .where(
          and(
            gte(billPayments.dueDate, from),
            lte(billPayments.dueDate, to),
            // a payment whose expense was deleted no longer counts
            isNull(transactions.deletedAt),
          ),
        )
    ).map((p) => `${p.billId}|${p.dueDate}`),
  );
  const candidates: Candidate[] = [];
  for (const bill of list) {
    const scope = scopes.get(bill.householdId)!;
    const dueDates = billDueDates(bill, from, to);
    const reminder = pickReminder(dueDates, scope.schedule, scope.window, (d) => paid.has(`${bill.id}|${d}`));
    if (!reminder) continue;
    candidates.push({
      householdId: bill.householdId,
      itemKind: "bill",
      itemId: bill.id,
      reminder,
      event: {
        type: "ph.fintrack.bill.due_soon.v1",
        data: {
          householdId: bill.householdId,
          billId: bill.id,
          name: bill.name,
          dueDate: reminder.dueDate,
          daysBefore: reminder.daysBefore,
          expectedAmountCentavos: bill.expectedAmountCentavos?.toString() ?? null,
        },
      },
    });
  }
  return { candidates, items: list.length };
}

interface CardDue {
  account_id: string;
  statement_date: string;
  balance: string;
  paid: string;
}

/**
 * What a card owed at each statement (its balance at the end of the statement day, a signed
 * asset value: owing ₱5,000 is -500000) and what was paid into it since (transfers dated after the
 * statement, up to the tick). Opening balance, every live transaction and reconciliation count.
 */
export async function cardDues(
  tx: Queryable,
  pairs: { accountId: string; statementDate: string }[],
  tickDate: string,
) {
  const out = new Map<string, { owed: bigint; paid: bigint }>();
  for (let i = 0; i < pairs.length; i += BATCH) {
    const chunk = JSON.stringify(
      pairs.slice(i, i + BATCH).map((p) => ({ account_id: p.accountId, statement_date: p.statementDate })),
    );
    const found = await rows<CardDue>(
      tx,
      sql`
        SELECT p.account_id::text AS account_id, p.statement_date::text AS statement_date,
          (a.opening_balance_centavos
            + coalesce((SELECT sum(CASE WHEN t.to_account_id = p.account_id THEN t.amount_centavos
                                        WHEN t.type = 'income' THEN t.amount_centavos
                                        ELSE -t.amount_centavos END)
                        FROM transactions t
                        WHERE (t.account_id = p.account_id OR t.to_account_id = p.account_id)
                          AND t.deleted_at IS NULL AND t.date <= p.statement_date), 0)
            + coalesce((SELECT sum(r.adjustment_centavos) FROM reconciliations r
                        WHERE r.account_id = p.account_id AND r.as_of <= p.statement_date), 0)
          )::text AS balance,
          coalesce((SELECT sum(t.amount_centavos) FROM transactions t
                    WHERE t.to_account_id = p.account_id AND t.type = 'transfer' AND t.deleted_at IS NULL
                      AND t.date > p.statement_date AND t.date <= ${tickDate}::date), 0)::text AS paid
        FROM jsonb_to_recordset(${chunk}::jsonb) AS p(account_id uuid, statement_date date)
        JOIN accounts a ON a.id = p.account_id`,
    );
    for (const r of found) {
      out.set(`${r.account_id}|${r.statement_date}`, { owed: -BigInt(r.balance), paid: BigInt(r.paid) });
    }
  }
  return out;
}

/** A card's cycle to remind about: computed from its statement and due days, or recorded from a statement. */
interface RemindableCycle {
  statementDate: string;
  dueDate: string;
  /** Set when smart input recorded this cycle from the card's statement. */
  recorded: { id: string; totalDue: bigint | null; minimumDue: bigint | null } | null;
}

/**
 * A statement recorded by smart input replaces the cycle computed for the same statement (the
 * card's statement day may drift by a few days: weekends, holidays), and adds the cycles of a card
 * that has no statement or due day set.
 */
const SAME_STATEMENT_DAYS = 10;

async function recordedCycles(tx: Tx, cardIds: string[], from: string, to: string) {
  const byCard = new Map<string, RemindableCycle[]>();
  for (let i = 0; i < cardIds.length; i += BATCH) {
    const found = await tx
      .select({
        id: statementCycles.id,
        accountId: statementCycles.accountId,
        statementDate: statementCycles.statementDate,
        dueDate: statementCycles.dueDate,
        totalDue: statementCycles.totalDueCentavos,
        minimumDue: statementCycles.minimumDueCentavos,
      })
      .from(statementCycles)
      .where(
        and(
          inArray(statementCycles.accountId, cardIds.slice(i, i + BATCH)),
          isNotNull(statementCycles.dueDate),
          gte(statementCycles.dueDate, from),
          lte(statementCycles.dueDate, to),
        ),
      );
    for (const c of found) {
      const list = byCard.get(c.accountId) ?? [];
      list.push({
        statementDate: c.statementDate,
        dueDate: c.dueDate!,
        recorded: { id: c.id, totalDue: c.totalDue, minimumDue: c.minimumDue },
      });
      byCard.set(c.accountId, list);
    }
  }
  return byCard;
}

function mergeCycles(computed: RemindableCycle[], recorded: RemindableCycle[]): RemindableCycle[] {
  const near = (a: string, b: string) =>
    Math.abs(Date.parse(a) - Date.parse(b)) <= SAME_STATEMENT_DAYS * 86_400_000;
  return [
    ...computed.filter((c) => !recorded.some((r) => near(r.statementDate, c.statementDate))),
    ...recorded,
  ];
}

async function cardReminders(
  tx: Tx,
  scopes: Map<string, HouseholdScope>,
  from: string,
  to: string,
  tickDate: string,
) {
  const cards = await tx
    .select({
      id: accounts.id,
      householdId: accounts.householdId,
      statementDay: accounts.statementDay,
      dueDay: accounts.dueDay,
      openingDate: accounts.openingDate,
    })
    .from(accounts)
    .where(and(eq(accounts.kind, "credit_card"), isNull(accounts.archivedAt)))
    .then((all) => all.filter((c) => scopes.has(c.householdId)));
  const recorded = await recordedCycles(
    tx,
    cards.map((c) => c.id),
    from,
    to,
  );
  const cycles = cards
    .map((card) => {
      const computed: RemindableCycle[] =
        card.statementDay !== null && card.dueDay !== null
          ? cardCycles(
              { statementDay: card.statementDay, dueDay: card.dueDay, openingDate: card.openingDate },
              from,
              to,
            ).map((c) => ({ ...c, recorded: null }))
          : [];
      return { card, cycles: mergeCycles(computed, recorded.get(card.id) ?? []) };
    })
    .filter(({ cycles }) => cycles.length > 0);
  const dues = await cardDues(
    tx,
    cycles.flatMap(({ card, cycles }) =>
      cycles.map((c) => ({ accountId: card.id, statementDate: c.statementDate })),
    ),
    tickDate,
  );
  const candidates: Candidate[] = [];
  for (const { card, cycles: list } of cycles) {
    const scope = scopes.get(card.householdId)!;
    const cycleOf = new Map(list.map((c) => [c.dueDate, c]));
    /**
     * What is owed and what counts as paid. A recorded statement says it: paid once the payments
     * since its statement date reach the minimum due (the issuer's own line between paid and
     * late). Without one, the card's balance at the statement date, paid in full.
     */
    const dueOf = (dueDate: string) => {
      const cycle = cycleOf.get(dueDate)!;
      const due = dues.get(`${card.id}|${cycle.statementDate}`);
      if (!due) return undefined;
      const owed = cycle.recorded?.totalDue ?? due.owed;
      const settledAt = cycle.recorded?.minimumDue ?? owed;
      return { cycle, owed, paid: due.paid, settledAt };
    };
    const reminder = pickReminder(
      list.map((c) => c.dueDate),
      scope.schedule,
      scope.window,
      // nothing owed at the statement, or paid since: no reminder
      (d) => {
        const due = dueOf(d);
        return !due || due.owed <= 0n || due.paid >= due.settledAt;
      },
    );
    if (!reminder) continue;
    const due = dueOf(reminder.dueDate)!;
    const left = (amount: bigint) => (amount > due.paid ? amount - due.paid : 0n);
    const minimum = due.cycle.recorded?.minimumDue ?? null;
    candidates.push({
      householdId: card.householdId,
      itemKind: "card",
      itemId: card.id,
      reminder,
      event: {
        type: "ph.fintrack.statement.due_soon.v1",
        data: {
          householdId: card.householdId,
          accountId: card.id,
          statementCycleId: due.cycle.recorded?.id ?? null,
          dueDate: reminder.dueDate,
          daysBefore: reminder.daysBefore,
          // what is still to pay: owed at the statement less what was paid since
          totalDueCentavos: left(due.owed).toString(),
          minimumDueCentavos: minimum === null ? null : left(minimum).toString(),
        },
      },
    });
  }
  return { candidates, items: cards.length };
}

/** Records the reminders not sent before and writes their events to the outbox, in the tick's transaction. */
async function send(tx: Tx, batch: Candidate[], tickDate: string): Promise<number> {
  const fresh = await tx
    .insert(remindersSent)
    .values(
      batch.map((c) => ({
        householdId: c.householdId,
        itemKind: c.itemKind,
        itemId: c.itemId,
        dueDate: c.reminder.dueDate,
        offsetDays: c.reminder.offset,
        tickDate,
      })),
    )
    .onConflictDoNothing()
    .returning({
      itemKind: remindersSent.itemKind,
      itemId: remindersSent.itemId,
      dueDate: remindersSent.dueDate,
    });
  if (fresh.length === 0) return 0;
  const isFresh = new Set(fresh.map((f) => `${f.itemKind}|${f.itemId}|${f.dueDate}`));
  const events = batch
    .filter((c) => isFresh.has(`${c.itemKind}|${c.itemId}|${c.reminder.dueDate}`))
    .map((c) => ({
      type: c.event.type,
      source: sourceOf("reminders"),
      subject: c.itemId,
      data: catalog[c.event.type].parse(c.event.data),
    }));
  await tx.insert(outbox).values(events);
  return events.length;
}
