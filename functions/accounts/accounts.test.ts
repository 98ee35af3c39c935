import { schema } from "@fintrack/db";
import { like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { householdOfTwo, type TestClient, useTestApp } from "../testing";
import { todayInManila } from "./card-cycle";

const app = useTestApp("per file");
let owner: TestClient;
let partner: TestClient;
let ownerUser: { id: string; name: string };
let partnerUser: { id: string; name: string };

beforeAll(async () => {
  ({ owner, partner, ownerUser, partnerUser } = await householdOfTwo(app));
});

const patch = (c: TestClient, path: string, json: unknown) => c.request(path, { method: "PATCH", json });

describe("accounts", () => {
  it("adds a bank account, an e-wallet, cash and a credit card with their details", async () => {
    const bank = await owner.post("/api/accounts", {
      name: "BPI Savings",
      kind: "bank",
      institution: "BPI",
      openingBalance: "25,000.50",
      openingDate: "2026-01-01",
    });
    expect(bank.status).toBe(201);
    expect(bank.data).toMatchObject({
      name: "BPI Savings",
      kind: "bank",
      institution: "BPI",
      currency: "PHP",
      openingBalanceCentavos: "2500050",
      openingDate: "2026-01-01",
      visibility: "shared",
      owner: { id: ownerUser.id, name: "Ana" },
      archivedAt: null,
      balanceCentavos: "2500050",
      card: null,
    });

    const gcash = await partner.post("/api/accounts", {
      name: "GCash",
      kind: "ewallet",
      institution: "GCash",
    });
    expect(gcash.status).toBe(201);
    expect(gcash.data).toMatchObject({ owner: { id: partnerUser.id }, openingDate: todayInManila() });

    const card = await owner.post("/api/accounts", {
      name: "BDO Visa",
      kind: "credit_card",
      institution: "BDO",
      openingBalance: 5000,
      card: { last4: "4321", creditLimit: "50000", statementDay: 31, dueDay: 20 },
    });
    expect(card.status).toBe(201);
    expect(card.data.openingBalanceCentavos).toBe("500000");
    expect(card.data.balanceCentavos).toBe("-500000");
    expect(card.data.card).toMatchObject({
      last4: "4321",
      creditLimitCentavos: "5000000",
      statementDay: 31,
      dueDay: 20,
      outstandingCentavos: "500000",
      availableCreditCentavos: "4500000",
      utilization: 0.1,
    });
    // opened today: a statement counts only if it closes today or later
    const { lastStatementDate, nextStatementDate } = card.data.card;
    expect(lastStatementDate === null || nextStatementDate > lastStatementDate).toBe(true);
    expect(card.data.card.nextDueDate >= todayInManila()).toBe(true);

    const cash = await owner.post("/api/accounts", { name: "Wallet", kind: "cash", openingBalance: "1500" });
    expect(cash.status).toBe(201);

    const list = await partner.get("/api/accounts");
    expect(list.status).toBe(200);
    expect(list.data.items.map((a: any) => a.name)).toEqual(["BPI Savings", "GCash", "BDO Visa", "Wallet"]);
    // 25,000.50 + 0 - 5,000 + 1,500
    expect(list.data.netWorthCentavos).toBe("2150050");
  });

  it("refuses bad input with field errors, never a 500", async () => {
    const cases: [unknown, string][] = [
      [{ name: "X", kind: "bank", openingBalance: "12.345" }, "openingBalance"],
      [{ name: "X", kind: "bank", openingBalance: "abc" }, "openingBalance"],
      [{ name: "", kind: "bank" }, "name"],
      [{ name: "BPI\u0000", kind: "bank" }, "name"],
      [{ name: "X", kind: "crypto" }, "kind"],
      [{ name: "X", kind: "credit_card" }, "card"],
      [
        { name: "X", kind: "bank", card: { last4: "1234", creditLimit: 1, statementDay: 1, dueDay: 2 } },
        "card",
      ],
      [
        { name: "X", kind: "credit_card", card: { last4: "12", creditLimit: 1, statementDay: 1, dueDay: 2 } },
        "card.last4",
      ],
      [
        {
          name: "X",
          kind: "credit_card",
          card: { last4: "1234", creditLimit: 0, statementDay: 1, dueDay: 2 },
        },
        "card.creditLimit",
      ],
      [
        {
          name: "X",
          kind: "credit_card",
          card: { last4: "1234", creditLimit: 1, statementDay: 32, dueDay: 2 },
        },
        "card.statementDay",
      ],
      [{ name: "X", kind: "bank", openingDate: "2026-02-30" }, "openingDate"],
      [{ name: "X", kind: "bank", openingDate: "0000-01-01" }, "openingDate"],
      [{ name: "X", kind: "bank", ownerId: "00000000-0000-4000-8000-000000000000" }, "ownerId"],
    ];
    for (const [body, path] of cases) {
      const res = await owner.post("/api/accounts", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.data.errors.map((e: any) => e.path)).toContain(path);
    }
    expect((await owner.get("/api/accounts/not-a-uuid")).status).toBe(400);
    expect((await owner.get("/api/accounts/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await app.client().get("/api/accounts")).status).toBe(401);
  });

  it("edits an account, including its card details", async () => {
    const card = await owner.post("/api/accounts", {
      name: "Metrobank Mastercard",
      kind: "credit_card",
      card: { last4: "1111", creditLimit: "20000", statementDay: 10, dueDay: 30 },
    });
    const res = await patch(owner, `/api/accounts/${card.data.id}`, {
      name: "Metrobank MC",
      color: "#123456",
      card: { creditLimit: "30000" },
    });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ name: "Metrobank MC", color: "#123456" });
    expect(res.data.card).toMatchObject({ last4: "1111", creditLimitCentavos: "3000000", dueDay: 30 });

    const bank = await owner.post("/api/accounts", { name: "UnionBank", kind: "bank" });
    const bad = await patch(owner, `/api/accounts/${bank.data.id}`, { kind: "credit_card" });
    expect(bad.status).toBe(400);
    expect(bad.data.errors.map((e: any) => e.path)).toContain("card.last4");
  });

  it("archives and unarchives: archived accounts leave the list and net worth", async () => {
    const acc = await owner.post("/api/accounts", {
      name: "Old Maya",
      kind: "ewallet",
      openingBalance: "10",
    });
    const before = await owner.get("/api/accounts");
    const archived = await owner.post(`/api/accounts/${acc.data.id}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.data.archivedAt).not.toBeNull();
    const after = await owner.get("/api/accounts");
    expect(after.data.items.some((a: any) => a.id === acc.data.id)).toBe(false);
    expect(BigInt(after.data.netWorthCentavos)).toBe(BigInt(before.data.netWorthCentavos) - 1000n);
    const all = await owner.get("/api/accounts?includeArchived=true");
    expect(all.data.items.some((a: any) => a.id === acc.data.id)).toBe(true);
    expect((await owner.get(`/api/accounts/${acc.data.id}`)).status).toBe(200);

    const back = await owner.post(`/api/accounts/${acc.data.id}/unarchive`);
    expect(back.data.archivedAt).toBeNull();
    expect((await owner.get("/api/accounts")).data.items.some((a: any) => a.id === acc.data.id)).toBe(true);
  });

  it("reorders accounts", async () => {
    const ids = (await owner.get("/api/accounts")).data.items.map((a: any) => a.id);
    const reversed = [...ids].reverse();
    expect((await owner.post("/api/accounts/reorder", { ids: reversed })).status).toBe(204);
    expect((await partner.get("/api/accounts")).data.items.map((a: any) => a.id)).toEqual(reversed);
    const bad = await owner.post("/api/accounts/reorder", { ids: ["00000000-0000-4000-8000-000000000000"] });
    expect(bad.status).toBe(400);
  });

  it("lets only its owner make an account private or change it afterwards", async () => {
    const shared = await owner.post("/api/accounts", { name: "Joint", kind: "bank" });
    const refused = await patch(partner, `/api/accounts/${shared.data.id}`, { visibility: "private" });
    expect(refused.status).toBe(403);
    const mine = await patch(owner, `/api/accounts/${shared.data.id}`, { visibility: "private" });
    expect(mine.status).toBe(200);
    expect((await patch(partner, `/api/accounts/${shared.data.id}`, { name: "Hijack" })).status).toBe(404);
    expect((await partner.post(`/api/accounts/${shared.data.id}/archive`)).status).toBe(404);
  });

  it("emits account events through the outbox", async () => {
    await app.runtime.settle();
    const events = await app.db
      .select()
      .from(schema.outbox)
      .where(like(schema.outbox.type, "ph.fintrack.account.%"));
    const types = events.map((e) => e.type);
    expect(types).toContain("ph.fintrack.account.created.v1");
    expect(types).toContain("ph.fintrack.account.updated.v1");
    expect(types).toContain("ph.fintrack.account.archived.v1");
    const created = events.find((e) => (e.data as any).name === "BPI Savings");
    expect(created?.data).toMatchObject({ kind: "bank", visibility: "shared", ownerId: ownerUser.id });
    expect(events.every((e) => e.publishedAt !== null)).toBe(true);
  });

  it("documents every route in OpenAPI", async () => {
    const doc = await owner.get("/api/accounts/openapi.json");
    expect(Object.keys(doc.data.paths).sort()).toEqual([
      "/api/accounts",
      "/api/accounts/balances",
      "/api/accounts/reorder",
      "/api/accounts/{id}",
      "/api/accounts/{id}/archive",
      "/api/accounts/{id}/reconcile",
      "/api/accounts/{id}/reconciliations",
      "/api/accounts/{id}/reconciliations/{reconciliationId}/undo",
      "/api/accounts/{id}/unarchive",
    ]);
  });
});
