import { schema } from "@fintrack/db";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { householdOfTwo, type TestClient, useTestApp } from "../testing";
import { DEFAULT_CATEGORIES } from "./categories";
import { addAccount, categoryId, patch, record, summaryOf } from "./testing";

const app = useTestApp("per file");
let owner: TestClient;
let partner: TestClient;
let householdId: string;

beforeAll(async () => {
  let ownerUser: { householdId: string };
  ({ owner, partner, ownerUser } = await householdOfTwo(app));
  householdId = ownerUser.householdId;
});

const stored = () =>
  app.db.select().from(schema.categories).where(eq(schema.categories.householdId, householdId));

describe("categories", () => {
  it("seeds the default Philippine categories when the household is created (member_joined event)", async () => {
    await app.runtime.settle();
    const rows = await stored();
    expect(rows).toHaveLength(DEFAULT_CATEGORIES.length);
    expect(rows.filter((c) => c.kind === "expense").map((c) => c.name)).toContain("Food & Dining");
    expect(rows.filter((c) => c.kind === "income").map((c) => c.name)).toContain("Salary");
    const processed = await app.db
      .select()
      .from(schema.processedEvents)
      .where(eq(schema.processedEvents.consumer, "transactions"));
    expect(processed).toHaveLength(2); // the owner's and the partner's arrival; only the first seeds
  });

  it("seeds on first access too, once, whatever the timing of the event", async () => {
    await app.db.delete(schema.categories).where(eq(schema.categories.householdId, householdId));
    const [a, b] = await Promise.all([
      owner.get("/api/transactions/categories"),
      partner.get("/api/transactions/categories"),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(await stored()).toHaveLength(DEFAULT_CATEGORIES.length);
    const list = (await owner.get("/api/transactions/categories")).data.items;
    expect(list).toHaveLength(DEFAULT_CATEGORIES.length);
    expect(list.find((c: any) => c.name === "Fees")).toMatchObject({
      kind: "expense",
      isDefault: true,
      archivedAt: null,
    });
  });

  it("adds, renames and archives categories; names are unique per kind", async () => {
    const pets = await owner.post("/api/transactions/categories", {
      name: "Pets",
      kind: "expense",
      icon: "paw",
    });
    expect(pets.status).toBe(201);
    expect(pets.data).toMatchObject({ name: "Pets", kind: "expense", icon: "paw", isDefault: false });
    expect(
      (await partner.post("/api/transactions/categories", { name: "pets", kind: "expense" })).status,
    ).toBe(409);
    expect(
      (await partner.post("/api/transactions/categories", { name: "Pets", kind: "income" })).status,
    ).toBe(201);
    expect((await partner.post("/api/transactions/categories", { name: "", kind: "expense" })).status).toBe(
      400,
    );

    const renamed = await patch(partner, `/api/transactions/categories/${pets.data.id}`, {
      name: "Pets & Vet",
      color: "#ff0000",
    });
    expect(renamed.data).toMatchObject({ name: "Pets & Vet", color: "#ff0000", icon: "paw" });
    const groceries = await categoryId(owner, "Groceries");
    expect(
      (await patch(owner, `/api/transactions/categories/${pets.data.id}`, { name: "groceries" })).status,
    ).toBe(409);
    const archived = await patch(owner, `/api/transactions/categories/${groceries}`, { archived: true });
    expect(archived.data.archivedAt).not.toBeNull();
    expect(
      (await patch(owner, `/api/transactions/categories/${groceries}`, { archived: false })).data.archivedAt,
    ).toBe(null);
    expect(
      (await patch(owner, "/api/transactions/categories/00000000-0000-4000-8000-000000000000", { name: "X" }))
        .status,
    ).toBe(404);
  });

  it("merges a category into another: its transactions, splits and month totals move with it", async () => {
    const acct = await addAccount(owner, { name: "Merge bank", kind: "bank", openingBalance: "10000" });
    const snacks = (await owner.post("/api/transactions/categories", { name: "Snacks", kind: "expense" }))
      .data.id;
    const food = await categoryId(owner, "Food & Dining");
    const care = await categoryId(owner, "Personal Care");
    const salary = await categoryId(owner, "Salary", "income");
    const plain = await record(owner, {
      type: "expense",
      date: "2026-02-01",
      amount: "50",
      accountId: acct,
      categoryId: snacks,
    });
    await record(owner, {
      type: "expense",
      date: "2026-02-02",
      amount: "150",
      accountId: acct,
      categoryId: food,
    });
    const split = await record(partner, {
      type: "expense",
      date: "2026-02-03",
      amount: "100",
      accountId: acct,
      splits: [
        { categoryId: snacks, amount: "30" },
        { categoryId: care, amount: "70" },
      ],
    });
    const gone = await record(owner, {
      type: "expense",
      date: "2026-02-04",
      amount: "5",
      accountId: acct,
      categoryId: snacks,
    });
    await owner.delete(`/api/transactions/${gone.id}`);

    const refused = await owner.post(`/api/transactions/categories/${snacks}/merge`, { intoId: salary });
    expect(refused.status).toBe(400);
    expect(
      (await owner.post(`/api/transactions/categories/${snacks}/merge`, { intoId: snacks })).status,
    ).toBe(400);

    expect((await owner.post(`/api/transactions/categories/${snacks}/merge`, { intoId: food })).status).toBe(
      204,
    );
    const names = (await owner.get("/api/transactions/categories")).data.items.map((c: any) => c.name);
    expect(names).not.toContain("Snacks");
    expect((await owner.get(`/api/transactions/${plain.id}`)).data.category).toEqual({
      id: food,
      name: "Food & Dining",
    });
    expect(
      (await owner.get(`/api/transactions/${split.id}`)).data.splits.map((s: any) => s.categoryId),
    ).toEqual([care, food]);
    expect((await summaryOf(owner, "2026-02")).byCategory).toEqual([
      { categoryId: food, name: "Food & Dining", kind: "expense", totalCentavos: "23000", count: 3 },
      { categoryId: care, name: "Personal Care", kind: "expense", totalCentavos: "7000", count: 1 },
    ]);
    // undo of a delete lands in the surviving category
    const back = await owner.post(`/api/transactions/${gone.id}/restore`);
    expect(back.data.category).toEqual({ id: food, name: "Food & Dining" });
    expect((await summaryOf(owner, "2026-02")).expenseCentavos).toBe("30500");
    expect((await owner.post(`/api/transactions/categories/${snacks}/merge`, { intoId: food })).status).toBe(
      404,
    );
  });
});
