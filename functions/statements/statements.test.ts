import { schema } from "@fintrack/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../lib/logger";
import { loadSession, SessionGuard } from "../lib/session-guard";
import { householdOfTwo, type TestClient, useTestApp } from "../testing";
import { addAccount, categoryId, record } from "../transactions/testing";
import { create } from "./index";
import type { InstallmentSource } from "./installment-source";

/**
 * The statements function over HTTP through the gateway on a real database, with today pinned
 * (the function's `today` option) so cycles and statuses do not move with the clock.
 */
const app = useTestApp("per file");
const TODAY = "2026-11-10";
let sessions: SessionGuard;

/** Serves the statements function with these options in place of the registry's default one. */
function serveStatements(installments?: InstallmentSource) {
  const deps = { db: app.db, config: app.config, log: quietLog, sessions, publish: () => {} };
  app.runtime.modules.set(
    "statements",
    create(deps, { today: () => TODAY, installments: installments && (() => installments) }),
  );
}
const quietLog = createLogger("silent");

let owner: TestClient;
let partner: TestClient;
let card: string;
let privateCard: string;
let document: { id: string } | undefined;

const cycles = async (c: TestClient, id: string, query = "") =>
  c.get(`/api/statements/cards/${id}/cycles${query}`);

beforeAll(async () => {
  sessions = new SessionGuard({ load: loadSession(app.db), log: quietLog });
  await sessions.start();
  serveStatements();
  const h = await householdOfTwo(app);
  owner = h.owner;
  partner = h.partner;
  const bank = await addAccount(owner, {
    name: "BPI Savings",
    kind: "bank",
    openingBalance: "100000",
    openingDate: "2026-01-01",
  });
  card = await addAccount(owner, {
    name: "BPI Gold",
    kind: "credit_card",
    openingDate: "2026-07-01",
    card: { last4: "1234", creditLimit: "100000", statementDay: 5, dueDay: 25 },
  });
  const fees = await categoryId(owner, "Fees");
  const shopping = await categoryId(owner, "Shopping");
  const refunds = await categoryId(owner, "Refunds", "income");
  const spend = (date: string, amount: string, categoryId = shopping) =>
    record(owner, { type: "expense", date, amount, accountId: card, categoryId });
  const pay = (date: string, amount: string) =>
    record(owner, { type: "transfer", date, amount, accountId: bank, toAccountId: card });
  // 8/5 cycle: ₱3,000 + ₱100 fee, paid in full on 8/20 (due 8/25)
  await spend("2026-07-10", "3000");
  await spend("2026-07-20", "100", fees);
  await pay("2026-08-20", "3100");
  // 9/5 cycle: ₱2,000, ₱500 by the due date and the rest three days late
  await spend("2026-08-15", "2000");
  await pay("2026-09-20", "500");
  await pay("2026-09-28", "1500");
  // the October statement was uploaded: it closed on 10/6, due 10/27, ₱4,000 (the ledger says ₱3,800)
  await spend("2026-09-10", "4000");
  await record(owner, {
    type: "income",
    date: "2026-09-15",
    amount: "200",
    accountId: card,
    categoryId: refunds,
  });
  await pay("2026-10-20", "1000");
  // 11/5 cycle: due 11/25, not yet
  await spend("2026-10-15", "1500");
  // a split entry: ₱50 of it is a fee
  await record(owner, {
    type: "expense",
    date: "2026-10-20",
    amount: "200",
    accountId: card,
    splits: [
      { categoryId: fees, amount: "50" },
      { categoryId: shopping, amount: "150" },
    ],
  });
  // the cycle building up
  await spend("2026-11-08", "700");

  const [row] = await app.db
    .select({ householdId: schema.accounts.householdId })
    .from(schema.accounts)
    .where(eq(schema.accounts.id, card));
  [document] = await app.db
    .insert(schema.documents)
    .values({
      householdId: row!.householdId,
      uploadedBy: h.ownerUser.id,
      kind: "statement",
      status: "confirmed",
      fileName: "bpi-oct.pdf",
      mediaType: "application/pdf",
      sizeBytes: 1000,
      sha256: "0".repeat(64),
    })
    .returning({ id: schema.documents.id });
  await app.db.insert(schema.statementCycles).values({
    householdId: row!.householdId,
    documentId: document!.id,
    accountId: card,
    statementDate: "2026-10-06",
    dueDate: "2026-10-27",
    periodStart: "2026-09-06",
    periodEnd: "2026-10-06",
    totalDueCentavos: 400000n,
    minimumDueCentavos: 85000n,
    createdBy: h.ownerUser.id,
  });

  // the owner's private card: ₱1,000 on it, never paid
  privateCard = await addAccount(owner, {
    name: "Own Visa",
    kind: "credit_card",
    visibility: "private",
    openingDate: "2026-08-01",
    card: { last4: "9876", creditLimit: "50000", statementDay: 15, dueDay: 5 },
  });
  await record(owner, {
    type: "expense",
    date: "2026-09-01",
    amount: "1000",
    accountId: privateCard,
    categoryId: shopping,
  });
});

afterAll(async () => {
  await sessions?.stop();
});

describe("a card's statement history", () => {
  it("one row per cycle, newest first: recorded and computed, each with its status", async () => {
    const res = await cycles(owner, card, "?limit=60");
    expect(res.status).toBe(200);
    expect(res.data.nextCursor).toBeNull();
    const rows = res.data.items.map((c: any) => [
      c.statementDate,
      c.source,
      c.dueDate,
      c.totalDueCentavos,
      c.status,
      c.paidOn,
    ]);
    expect(rows).toEqual([
      ["2026-11-05", "computed", "2026-11-25", "450000", "not_due_yet", null],
      ["2026-10-06", "statement", "2026-10-27", "400000", "partly_paid", null],
      ["2026-09-05", "computed", "2026-09-25", "200000", "paid_late", "2026-09-28"],
      ["2026-08-05", "computed", "2026-08-25", "310000", "paid_on_time", "2026-08-20"],
      ["2026-07-05", "computed", "2026-07-25", "0", "paid_on_time", null],
    ]);
  });

  it("says what each cycle charged, credited and was paid, and the minimum (the bank's or an estimate)", async () => {
    const items = (await cycles(owner, card)).data.items;
    const byDate = (d: string) => items.find((c: any) => c.statementDate === d);
    expect(byDate("2026-08-05")).toMatchObject({
      periodStart: "2026-07-06",
      periodEnd: "2026-08-05",
      chargesCentavos: "310000",
      interestFeesCentavos: "10000",
      paidByDueDateCentavos: "310000",
      paidAfterDueDateCentavos: "0",
      minimumDueCentavos: "50000",
      minimumEstimated: true,
    });
    expect(byDate("2026-09-05")).toMatchObject({
      interestFeesCentavos: "0",
      paidByDueDateCentavos: "50000",
      paidAfterDueDateCentavos: "150000",
      minimumMet: true,
    });
    expect(byDate("2026-10-06")).toMatchObject({
      periodStart: "2026-09-06",
      chargesCentavos: "400000",
      creditsCentavos: "20000",
      minimumDueCentavos: "85000",
      minimumEstimated: false,
      paidByDueDateCentavos: "100000",
      minimumMet: true,
      statementCycleId: expect.any(String),
      documentId: document!.id,
    });
    expect(byDate("2026-09-05")).toMatchObject({
      source: "computed",
      statementCycleId: null,
      documentId: null,
    });
    // 3% of ₱4,500 is under the ₱500 floor; the fee part of a split entry counts
    expect(byDate("2026-11-05")).toMatchObject({
      periodStart: "2026-10-07",
      minimumDueCentavos: "50000",
      chargesCentavos: "170000",
      interestFeesCentavos: "5000",
    });
  });

  it("pages by cursor, newest first, and refuses a cursor it did not make", async () => {
    const first = await cycles(owner, card, "?limit=2");
    expect(first.data.items.map((c: any) => c.statementDate)).toEqual(["2026-11-05", "2026-10-06"]);
    const second = await cycles(owner, card, `?limit=2&cursor=${first.data.nextCursor}`);
    expect(second.data.items.map((c: any) => c.statementDate)).toEqual(["2026-09-05", "2026-08-05"]);
    const third = await cycles(owner, card, `?limit=2&cursor=${second.data.nextCursor}`);
    expect(third.data.items.map((c: any) => c.statementDate)).toEqual(["2026-07-05"]);
    expect(third.data.nextCursor).toBeNull();

    for (const bad of [
      "not!base64",
      Buffer.from(JSON.stringify({ before: "2026-13-45" })).toString("base64url"),
      Buffer.from(JSON.stringify({ before: "2026-10-01", extra: 1 })).toString("base64url"),
      Buffer.from("{").toString("base64url"),
    ]) {
      const res = await cycles(owner, card, `?cursor=${bad}`);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await cycles(owner, card, "?limit=0")).status).toBe(400);
    expect((await cycles(owner, "not-a-uuid")).status).toBe(400);
  });

  it("a cycle settled only after the next statement is paid late, oldest debt first", async () => {
    const savings = await addAccount(owner, {
      name: "Late payer's savings",
      kind: "bank",
      openingBalance: "50000",
      openingDate: "2026-01-01",
    });
    const late = await addAccount(owner, {
      name: "Late payer's card",
      kind: "credit_card",
      openingDate: "2026-07-01",
      card: { last4: "5555", creditLimit: "50000", statementDay: 5, dueDay: 25 },
    });
    const shopping = await categoryId(owner, "Shopping");
    await record(owner, {
      type: "expense",
      date: "2026-07-10",
      amount: "1000",
      accountId: late,
      categoryId: shopping,
    });
    await record(owner, {
      type: "expense",
      date: "2026-08-15",
      amount: "500",
      accountId: late,
      categoryId: shopping,
    });
    // nothing by the August statement's due date; ₱1,000 after the September statement closed
    await record(owner, {
      type: "transfer",
      date: "2026-09-10",
      amount: "1000",
      accountId: savings,
      toAccountId: late,
    });
    const items = (await cycles(owner, late)).data.items;
    const row = (d: string) => {
      const c = items.find((x: any) => x.statementDate === d);
      return [c.totalDueCentavos, c.status, c.paidOn, c.paidByDueDateCentavos, c.paidAfterDueDateCentavos];
    };
    // the ₱1,000 settles August's ₱1,000 first, late; September's ₱1,500 includes it, so ₱500 is left
    expect(row("2026-08-05")).toEqual(["100000", "paid_late", "2026-09-10", "0", "100000"]);
    expect(row("2026-09-05")).toEqual(["150000", "partly_paid", null, "100000", "0"]);
    expect(row("2026-10-05")).toEqual(["50000", "unpaid", null, "0", "0"]);
    expect(row("2026-11-05")).toEqual(["50000", "not_due_yet", null, "0", "0"]);
  });

  it("an unpaid cycle past its due date is unpaid", async () => {
    const items = (await cycles(owner, privateCard)).data.items;
    expect(items[0]).toMatchObject({
      statementDate: "2026-10-15",
      totalDueCentavos: "100000",
      status: "unpaid",
    });
    expect(items[1]).toMatchObject({
      statementDate: "2026-09-15",
      dueDate: "2026-10-05",
      totalDueCentavos: "100000",
      status: "unpaid",
    });
  });

  it("a partner never sees the owner's private card: 404, as in the ledger; a shared card is theirs to read", async () => {
    for (const path of ["cycles", "current"]) {
      const res = await partner.get(`/api/statements/cards/${privateCard}/${path}`);
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.data)).not.toContain("Own Visa");
    }
    expect((await cycles(partner, card)).data.items).toHaveLength(5);
    // an account that is not a card is no card either
    const accounts = (await owner.get("/api/accounts")).data.items;
    const bank = accounts.find((a: any) => a.kind === "bank").id;
    expect((await cycles(owner, bank)).status).toBe(404);
  });
});

describe("the cycle building up", () => {
  it("charges since the last statement, the projected statement and due date, and the last statement", async () => {
    const res = await owner.get(`/api/statements/cards/${card}/current`);
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({
      today: TODAY,
      periodStart: "2026-11-06",
      projectedStatementDate: "2026-12-05",
      projectedDueDate: "2026-12-25",
      daysToStatement: 25,
      chargesCentavos: "70000",
      paymentsCentavos: "0",
      balanceOwedCentavos: "520000",
      runningTotalCentavos: "520000",
      lastStatement: { statementDate: "2026-11-05", source: "computed" },
    });
  });
});

describe("installments from an injected source", () => {
  it("a computed cycle owes the ledger balance less principal not billed yet, and lists what was billed", async () => {
    const calls: string[] = [];
    const source: InstallmentSource = {
      async unbilledPrincipal(cardId, asOf) {
        calls.push(`unbilled ${asOf}`);
        return cardId === card && asOf >= "2026-10-15" ? 90000n : 0n;
      },
      async billedIn(cardId, periodStart, periodEnd) {
        return cardId === card && periodStart <= "2026-11-01" && "2026-11-01" <= periodEnd
          ? [{ planId: "p1", label: "Laptop", number: 1, of: 12, amountCentavos: 10000n }]
          : [];
      },
    };
    serveStatements(source);
    try {
      const items = (await cycles(owner, card, "?limit=2")).data.items;
      expect(items[0]).toMatchObject({
        statementDate: "2026-11-05",
        totalDueCentavos: "360000",
        installments: [{ planId: "p1", label: "Laptop", number: 1, of: 12, amountCentavos: "10000" }],
      });
      // a recorded statement keeps the bank's figure
      expect(items[1]).toMatchObject({
        statementDate: "2026-10-06",
        totalDueCentavos: "400000",
        installments: [],
      });
      expect(calls).toContain("unbilled 2026-11-05");
      const current = (await owner.get(`/api/statements/cards/${card}/current`)).data;
      expect(current).toMatchObject({ balanceOwedCentavos: "520000", runningTotalCentavos: "430000" });
    } finally {
      serveStatements();
    }
  });
});
