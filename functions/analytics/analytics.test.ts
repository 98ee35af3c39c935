import { describe, expect, it } from "vitest";
import { type TestApp, type TestClient, useTestApp } from "../testing";
import { addAccount, categoryId, record } from "../transactions/testing";
import { addMonths, monthEnd, monthOf, monthsBetween, todayInManila } from "./period";

/**
 * Property-style: on randomised ledgers (transfers, card payments with fees, refunds, splits,
 * foreign-currency charges, deletions, a reconciliation, private accounts of either member),
 * every analytics figure equals a naive recomputation from the transactions the test recorded.
 */
const SEEDS = Number(process.env.ANALYTICS_SEEDS ?? 30);
const TX_PER_SEED = 20;

const app = useTestApp("per file", { rateLimitPerMinute: 1_000_000 });

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

interface Acct {
  id: string;
  kind: "bank" | "ewallet" | "cash" | "credit_card";
  ownerId: string;
  private: boolean;
  /** Signed, as stored: a card's is minus what was owed. */
  opening: bigint;
  openingMonth: string;
}
interface Tx {
  id: string;
  type: "income" | "expense" | "transfer";
  date: string;
  amount: bigint;
  accountId: string;
  toAccountId: string | null;
  categoryId: string | null;
  splits: { categoryId: string; amount: bigint }[];
  merchant: string | null;
  createdBy: string;
}

/**
 * One installation holds one household: each seed starts from a clean ledger by deleting the
 * previous seed's transactions and archiving its accounts (their rollups are then zero, and net
 * worth counts only accounts in use).
 */
let members: Awaited<ReturnType<typeof household>> | undefined;
async function household(a: TestApp) {
  const owner = a.client();
  const reg = await owner.post("/api/auth/register", {
    email: "owner@example.ph",
    password: "correct horse battery",
    name: "Ana",
  });
  if (reg.status !== 201) throw new Error(JSON.stringify(reg.data));
  const invite = await owner.post("/api/auth/invites");
  const partner = a.client();
  const joined = await partner.post("/api/auth/register", {
    email: "partner@example.ph",
    password: "another long secret",
    name: "Ben",
    inviteCode: invite.data.code,
  });
  if (joined.status !== 201) throw new Error(JSON.stringify(joined.data));
  return { owner, partner, ownerId: reg.data.user.id as string, partnerId: joined.data.user.id as string };
}

async function clear(l: Ledger) {
  const client = (who: string) => (who === l.h.ownerId ? l.h.owner : l.h.partner);
  for (const t of l.txs.filter((x) => !x.id.startsWith("fee:"))) {
    const res = await client(t.createdBy).delete(`/api/transactions/${t.id}`);
    if (res.status !== 204) throw new Error(`cleanup: ${JSON.stringify(res.data)}`);
  }
  for (const a of l.accounts) {
    const res = await client(a.ownerId).post(`/api/accounts/${a.id}/archive`);
    if (res.status !== 200) throw new Error(`cleanup: ${JSON.stringify(res.data)}`);
  }
}

const MERCHANTS = ["Jollibee", "jollibee ", "SM Supermarket", "Mercury Drug", "Grab", "  Shopee", null, ""];

const peso = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, "0")}`;

function randomDate(rng: Rng): string {
  const month = addMonths("2024-01", rng.int(0, 17));
  const last = Number(monthEnd(month).slice(8));
  const day = rng.pick([1, last, rng.int(1, last), rng.int(1, last)]);
  return `${month}-${String(day).padStart(2, "0")}`;
}

async function buildLedger(seed: number) {
  const rng = prng(seed);
  members ??= await household(app);
  const h = members;
  const client = (who: string) => (who === h.ownerId ? h.owner : h.partner);
  const accounts: Acct[] = [];
  const open = async (c: TestClient, who: string, body: Record<string, unknown>, priv: boolean) => {
    const openingPesos = rng.int(0, 50000);
    const openingDate = rng.pick(["2024-01-01", "2024-03-15", "2024-07-31"]);
    const id = await addAccount(c, {
      ...body,
      visibility: priv ? "private" : "shared",
      openingBalance: String(openingPesos),
      openingDate,
    });
    const kind = body.kind as Acct["kind"];
    const opening = BigInt(openingPesos) * 100n * (kind === "credit_card" ? -1n : 1n);
    accounts.push({ id, kind, ownerId: who, private: priv, opening, openingMonth: monthOf(openingDate) });
  };
  await open(h.owner, h.ownerId, { name: "BPI", kind: "bank" }, false);
  await open(h.owner, h.ownerId, { name: "Own savings", kind: "bank" }, true);
  await open(
    h.owner,
    h.ownerId,
    {
      name: "Visa",
      kind: "credit_card",
      card: { last4: "4321", creditLimit: "100000", statementDay: 25, dueDay: 10 },
    },
    false,
  );
  await open(h.partner, h.partnerId, { name: "GCash", kind: "ewallet" }, true);
  await open(h.partner, h.partnerId, { name: "Cash", kind: "cash" }, false);
  await open(
    h.partner,
    h.partnerId,
    {
      name: "Ben's card",
      kind: "credit_card",
      card: { last4: "9876", creditLimit: "50000", statementDay: 31, dueDay: 20 },
    },
    true,
  );

  const expenseCats = await Promise.all(
    ["Food & Dining", "Groceries", "Transportation", "Shopping"].map((n) => categoryId(h.owner, n)),
  );
  const salary = await categoryId(h.owner, "Salary", "income");
  const refunds = await categoryId(h.owner, "Refunds", "income");

  const txs: Tx[] = [];
  const adjustments: { accountId: string; month: string; delta: bigint }[] = [];
  for (let i = 0; i < TX_PER_SEED; i++) {
    const who = rng.pick([h.ownerId, h.partnerId]);
    const c = client(who);
    // a private account holds only its owner's own entries
    const usable = accounts.filter((a) => !a.private || a.ownerId === who);
    const account = rng.pick(usable);
    const date = randomDate(rng);
    const amount = BigInt(rng.int(1, 2_000_000));
    const merchant = rng.pick(MERCHANTS);
    const kind = rng.pick([
      "expense",
      "expense",
      "split",
      "income",
      "refund",
      "transfer",
      "payment",
      "fx",
      "delete",
    ]);
    const base = { date, amount: peso(amount), accountId: account.id, merchant };
    const by = { createdBy: who };
    if (kind === "delete" && txs.length > 0) {
      const victim = rng.pick(txs.filter((t) => !t.id.startsWith("fee:")));
      if (!victim) continue;
      const res = await c.delete(`/api/transactions/${victim.id}`);
      if (res.status === 204) {
        txs.splice(txs.indexOf(victim), 1);
        const fee = txs.findIndex((t) => t.id === `fee:${victim.id}`);
        if (fee >= 0) txs.splice(fee, 1);
      }
      continue;
    }
    if (kind === "expense" || kind === "fx" || kind === "delete") {
      const cat = rng.next() < 0.15 ? null : rng.pick(expenseCats);
      const extra = kind === "fx" ? { original: { amount: "25.99", currency: "USD" } } : {};
      const t = await record(c, { ...base, type: "expense", categoryId: cat, ...extra });
      txs.push({
        ...base,
        ...by,
        id: t.id,
        type: "expense",
        amount,
        toAccountId: null,
        categoryId: cat,
        splits: [],
      });
    } else if (kind === "split") {
      const first = BigInt(rng.int(1, 500_000));
      const second = BigInt(rng.int(1, 500_000));
      const [a, b] = [rng.pick(expenseCats), rng.pick(expenseCats)];
      const splits = [
        { categoryId: a, amount: first },
        { categoryId: b, amount: second },
      ];
      const t = await record(c, {
        ...base,
        type: "expense",
        amount: peso(first + second),
        splits: splits.map((s) => ({ categoryId: s.categoryId, amount: peso(s.amount) })),
      });
      txs.push({
        ...base,
        ...by,
        id: t.id,
        type: "expense",
        amount: first + second,
        toAccountId: null,
        categoryId: null,
        splits,
      });
    } else if (kind === "income" || kind === "refund") {
      const cat = kind === "refund" ? refunds : salary;
      const t = await record(c, { ...base, type: "income", categoryId: cat });
      txs.push({
        ...base,
        ...by,
        id: t.id,
        type: "income",
        amount,
        toAccountId: null,
        categoryId: cat,
        splits: [],
      });
    } else {
      const targets = usable.filter(
        (a) => a.id !== account.id && (kind === "payment" ? a.kind === "credit_card" : true),
      );
      if (targets.length === 0 || (kind === "payment" && account.kind === "credit_card")) continue;
      const to = rng.pick(targets);
      const fee = rng.next() < 0.3 ? BigInt(rng.int(1, 2500)) : null;
      const t = await record(c, {
        ...base,
        type: "transfer",
        toAccountId: to.id,
        fee: fee === null ? null : peso(fee),
      });
      txs.push({
        ...base,
        ...by,
        id: t.id,
        type: "transfer",
        amount,
        toAccountId: to.id,
        categoryId: null,
        splits: [],
      });
      if (fee !== null) {
        const feeTx = (await c.get(`/api/transactions/${t.fee.id}`)).data;
        txs.push({
          id: `fee:${t.id}`,
          createdBy: who,
          type: "expense",
          date,
          amount: fee,
          accountId: account.id,
          toAccountId: null,
          categoryId: feeTx.category?.id ?? null,
          splits: [],
          merchant: feeTx.merchant,
        });
      }
    }
  }
  // a reconciliation moves a balance (net worth) but is never income or spending
  const bank = accounts[0]!;
  const asOf = `${addMonths("2024-08", rng.int(0, 10))}-${String(rng.int(1, 28)).padStart(2, "0")}`; // after every opening date
  const rec = await h.owner.post(`/api/accounts/${bank.id}/reconciliations`, {
    asOf,
    statementBalance: String(rng.int(0, 90000)),
  });
  if (rec.status !== 201) throw new Error(JSON.stringify(rec.data));
  adjustments.push({ accountId: bank.id, month: monthOf(asOf), delta: BigInt(rec.data.adjustmentCentavos) });
  return { h, accounts, txs, adjustments, refunds, rng };
}

type Ledger = Awaited<ReturnType<typeof buildLedger>>;

/** The naive side: straight from the recorded transactions, for one member. */
function naive(l: Ledger, viewer: string) {
  const visible = new Set(l.accounts.filter((a) => !a.private || a.ownerId === viewer).map((a) => a.id));
  const seen = (from: string, to: string) =>
    l.txs.filter((t) => t.date >= from && t.date <= to && visible.has(t.accountId) && t.type !== "transfer");
  const isRefund = (t: Tx) => t.type === "income" && t.categoryId === l.refunds;
  const add = (m: Map<string, bigint>, k: string, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);
  return {
    categories(from: string, to: string) {
      const m = new Map<string, bigint>();
      for (const t of seen(from, to)) {
        if (t.type === "expense") {
          if (t.splits.length) for (const s of t.splits) add(m, s.categoryId, s.amount);
          else add(m, t.categoryId ?? "none", t.amount);
        } else if (isRefund(t)) add(m, "refunds", -t.amount);
      }
      return m;
    },
    accounts(from: string, to: string) {
      const m = new Map<string, bigint>();
      for (const t of seen(from, to)) {
        if (t.type === "expense") add(m, t.accountId, t.amount);
        else if (isRefund(t)) add(m, t.accountId, -t.amount);
      }
      return m;
    },
    members(from: string, to: string) {
      const m = new Map<string, bigint>();
      for (const t of seen(from, to)) {
        const owner = l.accounts.find((a) => a.id === t.accountId)!.ownerId;
        if (t.type === "expense") add(m, owner, t.amount);
        else if (isRefund(t)) add(m, owner, -t.amount);
      }
      return m;
    },
    cashflow(from: string, to: string) {
      const m = new Map<string, { income: bigint; spending: bigint }>();
      for (const month of monthsBetween(monthOf(from), monthOf(to)))
        m.set(month, { income: 0n, spending: 0n });
      for (const t of seen(from, to)) {
        const row = m.get(monthOf(t.date))!;
        if (t.type === "expense") row.spending += t.amount;
        else if (isRefund(t)) row.spending -= t.amount;
        else row.income += t.amount;
      }
      return m;
    },
    merchants(from: string, to: string) {
      const m = new Map<string, bigint>();
      for (const t of seen(from, to)) {
        const name = t.merchant?.trim().toLowerCase();
        if (!name) continue;
        if (t.type === "expense") add(m, name, t.amount);
        else if (isRefund(t)) add(m, name, -t.amount);
      }
      return m;
    },
    netWorth() {
      const open = l.accounts.filter((a) => visible.has(a.id));
      const nets = [
        ...l.txs.flatMap((t) => {
          const out: { accountId: string; month: string; delta: bigint }[] = [];
          const month = monthOf(t.date);
          const sign = t.type === "income" ? 1n : -1n;
          out.push({ accountId: t.accountId, month, delta: sign * t.amount });
          if (t.toAccountId) out.push({ accountId: t.toAccountId, month, delta: t.amount });
          return out;
        }),
        ...l.adjustments,
      ].filter((n) => visible.has(n.accountId) && n.delta !== 0n);
      const current = monthOf(todayInManila());
      const months = nets.length ? monthsBetween(nets.map((n) => n.month).sort()[0]!, current) : [current];
      return months.map((month) => {
        let worth = 0n;
        for (const a of open) {
          if (month < a.openingMonth) continue;
          worth +=
            a.opening +
            nets.filter((n) => n.accountId === a.id && n.month <= month).reduce((s, n) => s + n.delta, 0n);
        }
        return { month, worth };
      });
    },
  };
}

const nonZero = (m: Map<string, bigint>) => new Map([...m].filter(([, v]) => v !== 0n));

function randomPeriods(rng: Rng) {
  const year = rng.pick(["2024", "2025"]);
  const month = addMonths("2024-01", rng.int(0, 17));
  const quarter = `${rng.pick(["2024", "2025"])}-Q${rng.int(1, 4)}`;
  const a = randomDate(rng);
  const b = randomDate(rng);
  const custom = a <= b ? `${a}..${b}` : `${b}..${a}`;
  const sameMonth = `${month}-0${rng.int(2, 9)}..${month}-${rng.int(10, 27)}`;
  // three per seed keeps 30 seeds fast; over the seeds every kind comes up many times
  return [month, custom, rng.pick([quarter, year, sameMonth])];
}

async function check(l: Ledger, c: TestClient, viewer: string, label: string) {
  const want = naive(l, viewer);
  for (const period of randomPeriods(l.rng)) {
    const why = `${label} ${period}`;
    const cats = await c.get(`/api/analytics/categories?period=${period}`);
    expect(cats.status, why).toBe(200);
    const { from, to } = cats.data;
    const gotCats = new Map<string, bigint>(
      cats.data.items.map((i: any) => [
        i.kind === "refund" ? "refunds" : (i.categoryId ?? "none"),
        BigInt(i.totalCentavos),
      ]),
    );
    const wantCats = want.categories(from, to);
    expect(nonZero(gotCats), why).toEqual(nonZero(wantCats));
    const total = [...wantCats.values()].reduce((s, v) => s + v, 0n);
    expect(BigInt(cats.data.spendingCentavos), why).toBe(total);

    const accts = await c.get(`/api/analytics/accounts?period=${period}`);
    expect(
      nonZero(new Map(accts.data.items.map((i: any) => [i.accountId, BigInt(i.spendingCentavos)]))),
      why,
    ).toEqual(nonZero(want.accounts(from, to)));

    const members = await c.get(`/api/analytics/members?period=${period}`);
    expect(
      nonZero(new Map(members.data.items.map((i: any) => [i.memberId, BigInt(i.spendingCentavos)]))),
      why,
    ).toEqual(nonZero(want.members(from, to)));

    const flow = await c.get(`/api/analytics/cashflow?period=${period}`);
    const wantFlow = want.cashflow(from, to);
    expect(
      flow.data.items.map((i: any) => i.month),
      why,
    ).toEqual([...wantFlow.keys()]);
    for (const i of flow.data.items) {
      const w = wantFlow.get(i.month)!;
      expect([BigInt(i.incomeCentavos), BigInt(i.spendingCentavos)], `${why} ${i.month}`).toEqual([
        w.income,
        w.spending,
      ]);
      expect(BigInt(i.netCentavos)).toBe(w.income - w.spending);
    }

    const merchants = await c.get(`/api/analytics/merchants?period=${period}&limit=100`);
    const gotMerchants = merchants.data.items.map((i: any) => [
      i.merchant.toLowerCase(),
      BigInt(i.spendingCentavos),
    ]);
    expect(new Map(gotMerchants), why).toEqual(want.merchants(from, to));
    const amounts = gotMerchants.map(([, v]: [string, bigint]) => v);
    expect(amounts, why).toEqual([...amounts].sort((x, y) => (x > y ? -1 : x < y ? 1 : 0)));
  }

  const month = addMonths("2024-01", l.rng.int(0, 18));
  const trends = await c.get(`/api/analytics/trends?month=${month}`);
  expect(trends.status).toBe(200);
  const at = (m: string) => want.categories(`${m}-01`, monthEnd(m));
  const [cur, prev, ly] = [at(month), at(addMonths(month, -1)), at(addMonths(month, -12))];
  for (const i of trends.data.items) {
    const key = i.kind === "refund" ? "refunds" : (i.categoryId ?? "none");
    expect(
      [i.currentCentavos, i.previousMonthCentavos, i.sameMonthLastYearCentavos].map(BigInt),
      `${label} trends ${month} ${i.name}`,
    ).toEqual([cur.get(key) ?? 0n, prev.get(key) ?? 0n, ly.get(key) ?? 0n]);
  }
  const keys = new Set([...cur, ...prev, ...ly].filter(([, v]) => v !== 0n).map(([k]) => k));
  expect(trends.data.items.length, `${label} trends ${month}`).toBe(keys.size);

  const worth = await c.get("/api/analytics/net-worth");
  expect(
    worth.data.items.map((i: any) => ({ month: i.month, worth: BigInt(i.netWorthCentavos) })),
    `${label} net worth`,
  ).toEqual(want.netWorth());
  for (const i of worth.data.items) {
    expect(BigInt(i.assetsCentavos) - BigInt(i.owedCentavos)).toBe(BigInt(i.netWorthCentavos));
  }
}

describe("analytics equal a naive recomputation on randomised ledgers", () => {
  it(`holds for ${SEEDS} seeds, for both members`, { timeout: 600_000 }, async () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const ledger = await buildLedger(seed);
      await check(ledger, ledger.h.owner, ledger.h.ownerId, `seed ${seed} owner`);
      await check(ledger, ledger.h.partner, ledger.h.partnerId, `seed ${seed} partner`);
      await clear(ledger);
    }
  });
});
