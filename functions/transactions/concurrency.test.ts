import { rows } from "@fintrack/db";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { householdOfTwo, type TestClient, useTestApp } from "../testing";
import { addAccount, balanceOf, summaryOf } from "./testing";

const app = useTestApp("per file");
let owner: TestClient;
let partner: TestClient;

beforeAll(async () => {
  ({ owner, partner } = await householdOfTwo(app));
});

describe("concurrent writes by both members", () => {
  it("concurrent transfers keep balances exact", async () => {
    const bpi = await addAccount(owner, { name: "BPI", kind: "bank", openingBalance: "100000" });
    const gcash = await addAccount(partner, { name: "GCash", kind: "ewallet", openingBalance: "5000" });
    const wallet = await addAccount(partner, { name: "Cash", kind: "cash", openingBalance: "0" });
    const amount = (i: number) => 100 + i * 7 + (i % 3) * 0.25; // pesos, with centavos
    const requests = [];
    for (let i = 0; i < 20; i++) {
      requests.push(
        owner.post("/api/transactions", {
          type: "transfer",
          date: "2026-01-10",
          amount: amount(i),
          accountId: bpi,
          toAccountId: gcash,
          fee: i % 5 === 0 ? "15" : undefined,
        }),
        partner.post("/api/transactions", {
          type: "transfer",
          date: `2026-01-${String(1 + (i % 28)).padStart(2, "0")}`,
          amount: (50 + i * 3 + (i % 4) * 0.25).toFixed(2),
          accountId: gcash,
          toAccountId: bpi,
        }),
        partner.post("/api/transactions", {
          type: "expense",
          date: "2026-01-15",
          amount: "10",
          accountId: gcash,
        }),
      );
    }
    const results = await Promise.all(requests);
    expect(results.map((r) => r.status)).toEqual(results.map(() => 201));
    // then some are moved to another account or deleted, in parallel too
    const edits = await Promise.all(
      results.slice(0, 12).map((r, i) =>
        i % 2
          ? owner.delete(`/api/transactions/${r.data.id}`)
          : partner.request(`/api/transactions/${r.data.id}`, {
              method: "PATCH",
              json: { accountId: wallet },
            }),
      ),
    );
    expect(edits.map((r) => r.status).every((s) => s === 200 || s === 204)).toBe(true);

    // recompute what each account must hold from the surviving transactions
    const expected = new Map<string, bigint>([
      [bpi, 10_000_000n],
      [gcash, 500_000n],
      [wallet, 0n],
    ]);
    let page: any = { nextCursor: null };
    const live: any[] = [];
    do {
      page = (
        await owner.get(`/api/transactions?limit=200${page.nextCursor ? `&cursor=${page.nextCursor}` : ""}`)
      ).data;
      live.push(...page.items);
    } while (page.nextCursor);
    for (const t of live) {
      const amt = BigInt(t.amountCentavos);
      expected.set(t.account.id, expected.get(t.account.id)! - (t.type === "income" ? -amt : amt));
      if (t.toAccount) expected.set(t.toAccount.id, expected.get(t.toAccount.id)! + amt);
    }
    expect(live.length).toBe(60 + 4 - 6); // 4 fees; none of the 6 deleted transfers had one
    for (const [id, balance] of expected) expect(await balanceOf(owner, id), id).toBe(balance.toString());

    const fees = live.filter((t) => t.feeForId).length;
    const expenses = live.filter((t) => t.type === "expense" && !t.feeForId).length;
    expect((await summaryOf(partner, "2026-01")).expenseCentavos).toBe(String(expenses * 1000 + fees * 1500));

    // the rollups agree with a full recount
    const drift = await rows<{ n: number }>(
      app.db,
      sql`SELECT count(*)::int AS n FROM (
            SELECT account_id, flow, sum(total_centavos) AS total FROM ledger_rollups GROUP BY 1, 2
          ) r FULL JOIN (
            SELECT account_id, CASE WHEN type = 'transfer' THEN 'transfer_out' ELSE type::text END AS flow,
                   sum(amount_centavos) AS total
            FROM transactions WHERE deleted_at IS NULL GROUP BY 1, 2
            UNION ALL
            SELECT to_account_id, 'transfer_in', sum(amount_centavos)
            FROM transactions WHERE deleted_at IS NULL AND type = 'transfer' GROUP BY 1
          ) t ON t.account_id = r.account_id AND t.flow = r.flow::text
          WHERE coalesce(r.total, 0) <> coalesce(t.total, 0)`,
    );
    expect(drift[0]!.n).toBe(0);
  });
});
