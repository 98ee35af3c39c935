import { beforeAll, describe, expect, it } from "vitest";
import { householdOfTwo, type TestClient, useTestApp } from "../testing";
import { addAccount, categoryId, patch, record } from "./testing";

// Moving transactions into private accounts; the rules are written down in docs/permissions.md.
const app = useTestApp("per file");
let owner: TestClient;
let partner: TestClient;

beforeAll(async () => {
  ({ owner, partner } = await householdOfTwo(app));
});

const clients = () => ({ owner, partner });

/** What a member can see of a transaction, minus what changes on every write. */
async function seen(c: TestClient, id: string) {
  const res = await c.get(`/api/transactions/${id}`);
  expect(res.status).toBe(200);
  const { updatedAt: _u, ...rest } = res.data;
  return rest;
}

function expectNotYours(res: { status: number; headers: Headers; data: any }, creator: string) {
  expect(res.status).toBe(403);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(res.data.detail).toContain(`recorded by ${creator}`);
}

describe.each([
  ["the owner's transaction, the partner moving it", "owner", "partner", "Ana"],
  ["the partner's transaction, the owner moving it", "partner", "owner", "Ben"],
] as const)("%s", (_, creatorKey, moverKey, creatorName) => {
  let shared: string;
  let shared2: string;
  let moversPrivate: string;

  beforeAll(async () => {
    const c = clients();
    shared = await addAccount(c[creatorKey], { name: `Shared ${creatorKey}`, kind: "bank" });
    shared2 = await addAccount(c[moverKey], { name: `Shared2 ${creatorKey}`, kind: "cash" });
    moversPrivate = await addAccount(c[moverKey], {
      name: `Private ${moverKey}`,
      kind: "ewallet",
      visibility: "private",
    });
  });

  it("an expense cannot be moved into the mover's private account", async () => {
    const c = clients();
    const t = await record(c[creatorKey], {
      type: "expense",
      date: "2026-02-01",
      amount: "300",
      accountId: shared,
      merchant: "Market",
    });
    const before = await seen(c[creatorKey], t.id);
    expectNotYours(
      await patch(c[moverKey], `/api/transactions/${t.id}`, { accountId: moversPrivate }),
      creatorName,
    );
    expect(await seen(c[creatorKey], t.id)).toEqual(before);
    // moving it between shared accounts is ordinary editing
    expect((await patch(c[moverKey], `/api/transactions/${t.id}`, { accountId: shared2 })).status).toBe(200);
    expect((await seen(c[creatorKey], t.id)).account.id).toBe(shared2);
  });

  it("a split expense cannot be moved there either, and keeps its splits", async () => {
    const c = clients();
    const food = await categoryId(c[creatorKey], "Food & Dining");
    const groceries = await categoryId(c[creatorKey], "Groceries");
    const t = await record(c[creatorKey], {
      type: "expense",
      date: "2026-02-02",
      amount: "500",
      accountId: shared,
      splits: [
        { categoryId: food, amount: "200" },
        { categoryId: groceries, amount: "300", note: "weekly" },
      ],
    });
    const before = await seen(c[creatorKey], t.id);
    expectNotYours(
      await patch(c[moverKey], `/api/transactions/${t.id}`, { accountId: moversPrivate }),
      creatorName,
    );
    expect(await seen(c[creatorKey], t.id)).toEqual(before);
  });

  it("neither side of a transfer can be moved there, nor an expense turned into a transfer there", async () => {
    const c = clients();
    const transfer = await record(c[creatorKey], {
      type: "transfer",
      date: "2026-02-03",
      amount: "1000",
      accountId: shared,
      toAccountId: shared2,
    });
    const before = await seen(c[creatorKey], transfer.id);
    const path = `/api/transactions/${transfer.id}`;
    expectNotYours(await patch(c[moverKey], path, { toAccountId: moversPrivate }), creatorName);
    expectNotYours(await patch(c[moverKey], path, { accountId: moversPrivate }), creatorName);
    expect(await seen(c[creatorKey], transfer.id)).toEqual(before);

    const expense = await record(c[creatorKey], {
      type: "expense",
      date: "2026-02-03",
      amount: "7",
      accountId: shared,
    });
    expectNotYours(
      await patch(c[moverKey], `/api/transactions/${expense.id}`, {
        type: "transfer",
        toAccountId: moversPrivate,
      }),
      creatorName,
    );
    expect((await seen(c[creatorKey], expense.id)).type).toBe("expense");
  });

  it("a transfer whose fee the mover did not record cannot follow into the creator's private account", async () => {
    const c = clients();
    const creatorsPrivate = await addAccount(c[creatorKey], {
      name: `Private fee ${creatorKey}`,
      kind: "bank",
      visibility: "private",
    });
    const transfer = await record(c[creatorKey], {
      type: "transfer",
      date: "2026-02-04",
      amount: "800",
      accountId: shared,
      toAccountId: shared2,
    });
    // the other member adds the fee the creator forgot: the fee is their entry
    const withFee = await patch(c[moverKey], `/api/transactions/${transfer.id}`, { fee: "15" });
    expect(withFee.status).toBe(200);
    const feeId = withFee.data.fee.id;
    const moverName = creatorName === "Ana" ? "Ben" : "Ana";
    expectNotYours(
      await patch(c[creatorKey], `/api/transactions/${transfer.id}`, { accountId: creatorsPrivate }),
      moverName,
    );
    expect((await c[moverKey].get(`/api/transactions/${feeId}`)).status).toBe(200);
    // the fee is paid from the source account: moving only the destination leaves it in sight
    const into = await patch(c[creatorKey], `/api/transactions/${transfer.id}`, {
      toAccountId: creatorsPrivate,
    });
    expect(into.status).toBe(200);
    expect((await c[moverKey].get(`/api/transactions/${feeId}`)).status).toBe(200);
  });

  it("the mover's own transactions may go into their private account, and come back", async () => {
    const c = clients();
    const mine = await record(c[moverKey], {
      type: "expense",
      date: "2026-02-05",
      amount: "40",
      accountId: shared,
    });
    const moved = await patch(c[moverKey], `/api/transactions/${mine.id}`, { accountId: moversPrivate });
    expect(moved.status).toBe(200);
    expect((await c[creatorKey].get(`/api/transactions/${mine.id}`)).status).toBe(404);
    const myTransfer = await record(c[moverKey], {
      type: "transfer",
      date: "2026-02-05",
      amount: "60",
      accountId: shared,
      toAccountId: shared2,
    });
    expect(
      (await patch(c[moverKey], `/api/transactions/${myTransfer.id}`, { toAccountId: moversPrivate })).status,
    ).toBe(200);
    expect((await patch(c[moverKey], `/api/transactions/${mine.id}`, { accountId: shared })).status).toBe(
      200,
    );
    expect((await c[creatorKey].get(`/api/transactions/${mine.id}`)).status).toBe(200);
  });

  it("undo cannot bring the other member's deleted entry back into a now-private account", async () => {
    const c = clients();
    // the mover owns this shared account; the creator records, then deletes, an expense in it
    const moversShared = await addAccount(c[moverKey], { name: `Soon private ${creatorKey}`, kind: "bank" });
    const t = await record(c[creatorKey], {
      type: "expense",
      date: "2026-02-06",
      amount: "9",
      accountId: moversShared,
    });
    expect((await c[creatorKey].delete(`/api/transactions/${t.id}`)).status).toBe(204);
    // no live entry of the creator's is left in it, so its owner may make it private
    expect(
      (await patch(c[moverKey], `/api/accounts/${moversShared}`, { visibility: "private" })).status,
    ).toBe(200);
    expectNotYours(await c[moverKey].post(`/api/transactions/${t.id}/restore`), creatorName);
    expect((await c[moverKey].get(`/api/transactions/${t.id}`)).status).toBe(404);
  });
});
