import { beforeAll, describe, expect, it } from "vitest";
import { householdOfTwo, type TestClient, useTestApp } from "../testing";
import { addAccount, patch, record } from "../transactions/testing";

// The rules under test are written down in docs/permissions.md.
const app = useTestApp("per file");
let owner: TestClient;
let partner: TestClient;
let ownerId: string;
let partnerId: string;

beforeAll(async () => {
  const h = await householdOfTwo(app);
  ({ owner, partner } = h);
  ownerId = h.ownerUser.id;
  partnerId = h.partnerUser.id;
});

const members = () => ({
  owner: { client: owner, id: ownerId, name: "Ana" },
  partner: { client: partner, id: partnerId, name: "Ben" },
});

/** An account's state as its owner sees it, minus what changes with time. */
async function stateOf(c: TestClient, id: string) {
  const res = await c.get(`/api/accounts/${id}`);
  expect(res.status).toBe(200);
  const { name, visibility, owner: who, color } = res.data;
  return { name, visibility, ownerId: who.id, color };
}

function expectForbidden(res: { status: number; headers: Headers; data: any }, why: RegExp) {
  expect(res.status).toBe(403);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(res.data.detail).toMatch(why);
}

describe.each([
  ["the owner's account, the partner acting", "owner", "partner"],
  ["the partner's account, the owner acting", "partner", "owner"],
] as const)("%s", (_, accountOwner, other) => {
  it("cannot take it over (owner + private in one change): 403, nothing changes, the owner still sees everything", async () => {
    const m = members();
    const me = m[accountOwner];
    const them = m[other];
    const account = await addAccount(me.client, { name: `Joint ${accountOwner}`, kind: "bank" });
    const spent = await record(me.client, {
      type: "expense",
      date: "2026-01-05",
      amount: "120",
      accountId: account,
    });
    const before = await stateOf(me.client, account);

    const takeover = await patch(them.client, `/api/accounts/${account}`, {
      ownerId: them.id,
      visibility: "private",
    });
    expectForbidden(takeover, new RegExp(`Only ${me.name}`));

    expect(await stateOf(me.client, account)).toEqual(before);
    expect((await me.client.get(`/api/transactions/${spent.id}`)).status).toBe(200);
    expect((await them.client.get(`/api/accounts/${account}`)).status).toBe(200);
  });

  it("cannot hand it to themself or make it private one step at a time", async () => {
    const m = members();
    const me = m[accountOwner];
    const them = m[other];
    const account = await addAccount(me.client, { name: `Wallet ${accountOwner}`, kind: "cash" });
    const before = await stateOf(me.client, account);

    expectForbidden(
      await patch(them.client, `/api/accounts/${account}`, { ownerId: them.id }),
      new RegExp(`Only ${me.name}`),
    );
    expectForbidden(
      await patch(them.client, `/api/accounts/${account}`, { visibility: "private" }),
      new RegExp(`Only ${me.name}`),
    );
    expect(await stateOf(me.client, account)).toEqual(before);
  });

  it("may edit its ordinary fields, and send owner and visibility unchanged", async () => {
    const m = members();
    const me = m[accountOwner];
    const them = m[other];
    const account = await addAccount(me.client, { name: `Savings ${accountOwner}`, kind: "bank" });
    const res = await patch(them.client, `/api/accounts/${account}`, {
      name: `Renamed ${accountOwner}`,
      color: "teal",
      ownerId: me.id,
      visibility: "shared",
    });
    expect(res.status).toBe(200);
    expect(await stateOf(me.client, account)).toEqual({
      name: `Renamed ${accountOwner}`,
      visibility: "shared",
      ownerId: me.id,
      color: "teal",
    });
  });

  it("its owner may hand it over while it stays shared, and then no longer decides who sees it", async () => {
    const m = members();
    const me = m[accountOwner];
    const them = m[other];
    const account = await addAccount(me.client, { name: `Handover ${accountOwner}`, kind: "bank" });

    const both = await patch(me.client, `/api/accounts/${account}`, {
      ownerId: them.id,
      visibility: "private",
    });
    expectForbidden(both, /only while it is shared/);
    expect(await stateOf(me.client, account)).toMatchObject({ ownerId: me.id, visibility: "shared" });

    const handed = await patch(me.client, `/api/accounts/${account}`, { ownerId: them.id });
    expect(handed.status).toBe(200);
    expect(handed.data).toMatchObject({ visibility: "shared", owner: { id: them.id } });
    expectForbidden(
      await patch(me.client, `/api/accounts/${account}`, { visibility: "private" }),
      new RegExp(`Only ${them.name}`),
    );
    expectForbidden(
      await patch(me.client, `/api/accounts/${account}`, { ownerId: me.id }),
      new RegExp(`Only ${them.name}`),
    );
    expect(await stateOf(them.client, account)).toMatchObject({ ownerId: them.id, visibility: "shared" });
  });

  it("its owner cannot make it private while it holds the other member's transactions; can once they are moved", async () => {
    const m = members();
    const me = m[accountOwner];
    const them = m[other];
    const account = await addAccount(me.client, { name: `Household ${accountOwner}`, kind: "bank" });
    const elsewhere = await addAccount(them.client, { name: `Elsewhere ${accountOwner}`, kind: "cash" });
    await record(me.client, { type: "expense", date: "2026-01-06", amount: "10", accountId: account });
    const theirs = await record(them.client, {
      type: "expense",
      date: "2026-01-07",
      amount: "25",
      accountId: account,
    });
    // a transfer into it counts too: its other side would show "Private account" and lock them out of it
    const theirTransfer = await record(them.client, {
      type: "transfer",
      date: "2026-01-08",
      amount: "5",
      accountId: elsewhere,
      toAccountId: account,
    });

    const refused = await patch(me.client, `/api/accounts/${account}`, { visibility: "private" });
    expectForbidden(refused, new RegExp(`2 transactions ${them.name} recorded`));
    expect(await stateOf(me.client, account)).toMatchObject({ visibility: "shared" });
    expect((await them.client.get(`/api/transactions/${theirs.id}`)).status).toBe(200);

    // they move their own entries out (their own transactions between shared accounts)
    expect(
      (await patch(them.client, `/api/transactions/${theirs.id}`, { accountId: elsewhere })).status,
    ).toBe(200);
    expect((await them.client.delete(`/api/transactions/${theirTransfer.id}`)).status).toBe(204);

    const made = await patch(me.client, `/api/accounts/${account}`, { visibility: "private" });
    expect(made.status).toBe(200);
    expect((await them.client.get(`/api/accounts/${account}`)).status).toBe(404);
    expect((await them.client.get(`/api/transactions/${theirs.id}`)).status).toBe(200);
  });
});

describe("making an account private while the other member records in it", () => {
  it("never leaves the other member's entry in the now-private account", async () => {
    const m = members();
    for (let round = 0; round < 15; round++) {
      const account = await addAccount(m.owner.client, { name: `Race ${round}`, kind: "cash" });
      const [recorded, made] = await Promise.all([
        m.partner.client.post("/api/transactions", {
          type: "expense",
          date: "2026-01-09",
          amount: "1",
          accountId: account,
        }),
        patch(m.owner.client, `/api/accounts/${account}`, { visibility: "private" }),
      ]);
      // one of them wins; both succeeding would hide the partner's entry from the partner
      expect([recorded.status, made.status].sort()).toEqual(
        recorded.status === 201 ? [201, 403] : [200, 400],
      );
      if (recorded.status === 201) {
        expect((await m.partner.client.get(`/api/transactions/${recorded.data.id}`)).status).toBe(200);
      }
    }
  });
  it("never lets an undo bring the other member's entry back into the now-private account", async () => {
    const m = members();
    for (let round = 0; round < 15; round++) {
      const account = await addAccount(m.owner.client, { name: `Undo race ${round}`, kind: "cash" });
      const theirs = await record(m.partner.client, {
        type: "expense",
        date: "2026-01-10",
        amount: "1",
        accountId: account,
      });
      expect((await m.partner.client.delete(`/api/transactions/${theirs.id}`)).status).toBe(204);
      const [restored, made] = await Promise.all([
        m.partner.client.post(`/api/transactions/${theirs.id}/restore`),
        patch(m.owner.client, `/api/accounts/${account}`, { visibility: "private" }),
      ]);
      expect([restored.status, made.status]).toEqual(restored.status === 200 ? [200, 403] : [404, 200]);
    }
  });
});
