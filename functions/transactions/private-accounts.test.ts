import { beforeAll, describe, expect, it } from "vitest";
import { householdOfTwo, type TestClient, useTestApp } from "../testing";
import { addAccount, balanceOf, categoryId, patch, record, summaryOf } from "./testing";

const app = useTestApp("per file");
let owner: TestClient;
let partner: TestClient;

beforeAll(async () => {
  ({ owner, partner } = await householdOfTwo(app));
});

describe("private accounts", () => {
  it("a private account and its transactions are invisible to the partner in every API", async () => {
    const joint = await addAccount(owner, { name: "Joint BPI", kind: "bank", openingBalance: "1000" });
    const secret = await addAccount(owner, {
      name: "Secret savings",
      kind: "bank",
      visibility: "private",
      openingBalance: "50000",
    });
    const gifts = await categoryId(owner, "Gifts");
    const hidden = await record(owner, {
      type: "expense",
      date: "2025-12-01",
      amount: "3000",
      accountId: secret,
      categoryId: gifts,
      merchant: "Surprise ring",
      notes: "anniversary",
      tags: ["surprise"],
    });
    const shown = await record(owner, {
      type: "expense",
      date: "2025-12-02",
      amount: "100",
      accountId: joint,
      merchant: "Surprise snacks",
    });
    const moved = await record(owner, {
      type: "transfer",
      date: "2025-12-03",
      amount: "200",
      accountId: joint,
      toAccountId: secret,
    });

    // the owner sees everything
    expect((await owner.get("/api/accounts")).data.items.map((a: any) => a.name)).toEqual([
      "Joint BPI",
      "Secret savings",
    ]);
    expect((await summaryOf(owner, "2025-12")).expenseCentavos).toBe("310000");
    expect(await balanceOf(owner, secret)).toBe("4720000");

    // accounts: list, get, balances, net worth
    const list = await partner.get("/api/accounts?includeArchived=true");
    expect(list.data.items.map((a: any) => a.name)).toEqual(["Joint BPI"]);
    expect(list.data.netWorthCentavos).toBe("70000");
    expect((await partner.get(`/api/accounts/${secret}`)).status).toBe(404);
    const balances = await partner.get("/api/accounts/balances");
    expect(balances.data.items.map((b: any) => b.accountId)).toEqual([joint]);
    expect(balances.data.netWorthCentavos).toBe("70000");

    // transactions: get, list, search, filters, summary
    expect((await partner.get(`/api/transactions/${hidden.id}`)).status).toBe(404);
    const txList = await partner.get("/api/transactions?from=2025-12-01&to=2025-12-31");
    expect(txList.data.items.map((t: any) => t.id).sort()).toEqual([shown.id, moved.id].sort());
    expect((await partner.get("/api/transactions?q=surprise")).data.items.map((t: any) => t.id)).toEqual([
      shown.id,
    ]);
    expect((await partner.get("/api/transactions?q=anniversary")).data.items).toEqual([]);
    expect((await partner.get("/api/transactions?tag=surprise")).data.items).toEqual([]);
    expect((await partner.get(`/api/transactions?accountId=${secret}`)).data.items).toEqual([]);
    expect((await partner.get(`/api/transactions?categoryId=${gifts}`)).data.items).toEqual([]);
    const summary = await summaryOf(partner, "2025-12");
    expect(summary.expenseCentavos).toBe("10000");
    expect(summary.byCategory.map((c: any) => c.name)).toEqual(["Uncategorized"]);

    // a transfer out of it with a fee: the fee stays with the private account
    const feeTransfer = await record(owner, {
      type: "transfer",
      date: "2025-12-04",
      amount: "50",
      accountId: secret,
      toAccountId: joint,
      fee: "10",
    });
    expect(feeTransfer.fee).not.toBeNull();
    const seenFee = await partner.get(`/api/transactions/${feeTransfer.id}`);
    expect(seenFee.data).toMatchObject({ account: { id: null, name: "Private account" }, fee: null });
    expect((await partner.get(`/api/transactions/${feeTransfer.fee.id}`)).status).toBe(404);

    // a transfer into it shows from the shared side, with the private side masked
    const transfer = await partner.get(`/api/transactions/${moved.id}`);
    expect(transfer.status).toBe(200);
    expect(transfer.data.toAccount).toEqual({ id: null, name: "Private account", kind: null });
    expect(transfer.data.account).toMatchObject({ id: joint, name: "Joint BPI" });

    // and none of it can be touched
    expect((await patch(partner, `/api/transactions/${hidden.id}`, { amount: "1" })).status).toBe(404);
    expect((await partner.delete(`/api/transactions/${hidden.id}`)).status).toBe(404);
    expect((await patch(partner, `/api/transactions/${moved.id}`, { amount: "1" })).status).toBe(403);
    expect((await partner.delete(`/api/transactions/${moved.id}`)).status).toBe(403);
    expect((await patch(partner, `/api/accounts/${secret}`, { name: "Mine now" })).status).toBe(404);
    const spend = await partner.post("/api/transactions", {
      type: "expense",
      date: "2025-12-05",
      amount: "1",
      accountId: secret,
    });
    expect(spend.status).toBe(400);
    expect(spend.data.errors).toEqual([{ path: "accountId", message: "No such account" }]);
    const into = await partner.post("/api/transactions", {
      type: "transfer",
      date: "2025-12-05",
      amount: "1",
      accountId: joint,
      toAccountId: secret,
    });
    expect(into.status).toBe(400);
    expect((await partner.post("/api/accounts/reorder", { ids: [secret] })).status).toBe(400);

    // once shared, it appears for both
    expect((await patch(owner, `/api/accounts/${secret}`, { visibility: "shared" })).status).toBe(200);
    expect((await partner.get(`/api/transactions/${hidden.id}`)).status).toBe(200);
    expect((await summaryOf(partner, "2025-12")).expenseCentavos).toBe("311000");
  });
});
