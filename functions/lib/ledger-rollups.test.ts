import { rows } from "@fintrack/db";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { householdOfTwo, useTestApp } from "../testing";
import { addAccount, categoryId, patch, record } from "../transactions/testing";
import { balancesAsOf } from "./ledger-rollups";

const app = useTestApp("per file");

/** The balance the slow, obvious way: every live transaction up to the date. */
async function naiveBalance(accountId: string, asOf: string): Promise<bigint> {
  const [r] = await rows<{ b: string }>(
    app.db,
    sql`SELECT (a.opening_balance_centavos
         + coalesce((SELECT sum(CASE WHEN t.type = 'income' THEN t.amount_centavos ELSE -t.amount_centavos END)
                     FROM transactions t WHERE t.account_id = a.id AND t.deleted_at IS NULL AND t.date <= ${asOf}::date), 0)
         + coalesce((SELECT sum(t.amount_centavos) FROM transactions t
                     WHERE t.to_account_id = a.id AND t.deleted_at IS NULL AND t.date <= ${asOf}::date), 0))::text AS b
        FROM accounts a WHERE a.id = ${accountId}::uuid`,
  );
  return BigInt(r!.b);
}

describe("ledger rollups", () => {
  it("give the same balance as summing every transaction, on any date, after edits and deletes", async () => {
    const { owner, partner } = await householdOfTwo(app);
    const bank = await addAccount(owner, {
      name: "BPI",
      kind: "bank",
      openingBalance: "50000",
      openingDate: "2024-01-01",
    });
    const gcash = await addAccount(partner, { name: "GCash", kind: "ewallet", openingDate: "2024-01-01" });
    const card = await addAccount(owner, {
      name: "BPI Visa",
      kind: "credit_card",
      openingDate: "2024-01-01",
      card: { last4: "1234", creditLimit: "80000", statementDay: 15, dueDay: 5 },
    });
    const food = await categoryId(owner, "Food & Dining");
    const salary = await categoryId(owner, "Salary", "income");
    const ids: string[] = [];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const accountsList = [bank, gcash, card];
    for (let i = 0; i < 40; i++) {
      const date = `2024-${String(1 + rand(12)).padStart(2, "0")}-${String(1 + rand(28)).padStart(2, "0")}`;
      const amount = `${1 + rand(5000)}.${String(rand(100)).padStart(2, "0")}`;
      const who = i % 2 ? owner : partner;
      const kind = rand(3);
      const from = accountsList[rand(3)]!;
      const to = accountsList.filter((a) => a !== from)[rand(2)]!;
      const body =
        kind === 0
          ? { type: "expense", date, amount, accountId: from, categoryId: food }
          : kind === 1
            ? { type: "income", date, amount, accountId: from, categoryId: salary }
            : { type: "transfer", date, amount, accountId: from, toAccountId: to };
      ids.push((await record(who, body)).id);
    }
    for (const id of ids.slice(0, 8))
      expect((await owner.delete(`/api/transactions/${id}`)).status).toBe(204);
    for (const id of ids.slice(8, 16)) {
      const res = await patch(owner, `/api/transactions/${id}`, { date: "2024-06-30", amount: "123.45" });
      expect(res.status).toBe(200);
    }
    expect((await owner.post(`/api/transactions/${ids[0]}/restore`)).status).toBe(200);

    for (const asOf of ["2024-01-31", "2024-06-15", "2024-06-30", "2024-12-31", "2025-03-01"]) {
      const fast = await balancesAsOf(app.db, accountsList, asOf);
      for (const b of fast)
        expect(b.balanceCentavos, `${b.accountId} on ${asOf}`).toBe(await naiveBalance(b.accountId, asOf));
    }
  });
});
