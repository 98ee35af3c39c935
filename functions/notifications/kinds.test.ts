import { randomUUID } from "node:crypto";
import { schema } from "@fintrack/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { householdOfTwo, useTestApp } from "../testing";
import { addAccount, categoryId } from "../transactions/testing";
import { pesos, quietEndFor } from "./kinds.testing";
import { deliverEvent } from "./testing";

const app = useTestApp();

async function household() {
  const h = await householdOfTwo(app);
  await app.runtime.settle();
  // the partner-joined notification is not what these tests are about
  await h.owner.post("/api/notifications/read-all");
  await h.owner.request("/api/notifications/read", { method: "DELETE" });
  return { ...h, householdId: h.ownerUser.householdId as string };
}

const items = async (c: { get: (p: string) => Promise<{ data: any }> }) =>
  (await c.get("/api/notifications")).data.items as any[];

describe("notification kinds (events through the broker)", () => {
  it("alerts both members once when a household budget crosses a threshold, in en-PH pesos", async () => {
    const { owner, partner, householdId } = await household();
    const groceries = await categoryId(owner, "Groceries");
    const data = {
      householdId,
      budgetId: randomUUID(),
      categoryId: groceries,
      memberId: null,
      month: "2025-03",
      thresholdPercent: 80,
      spentCentavos: "1234560",
      limitCentavos: "1500000",
    };
    const id = await deliverEvent(app, "ph.fintrack.budget.threshold_crossed.v1", data);
    await deliverEvent(app, "ph.fintrack.budget.threshold_crossed.v1", data, id); // delivered twice
    for (const c of [owner, partner]) {
      const list = await items(c);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({
        type: "budget.alert",
        title: "Groceries budget reached 80% for March 2025",
        body: "₱12,345.60 spent of ₱15,000.00 in March 2025; ₱2,654.40 left.",
        link: "/budgets?month=2025-03",
        silent: false,
      });
    }
  });

  it("alerts only the member of a member budget, and says by how much it is over", async () => {
    const { owner, partner, householdId, partnerUser } = await household();
    await deliverEvent(app, "ph.fintrack.budget.threshold_crossed.v1", {
      householdId,
      budgetId: randomUUID(),
      categoryId: null,
      memberId: partnerUser.id,
      month: "2025-02",
      thresholdPercent: 100,
      spentCentavos: "100000099",
      limitCentavos: "100000000",
    });
    expect(await items(owner)).toHaveLength(0);
    const [n] = await items(partner);
    expect(n.title).toBe("Overall budget is over by ₱0.99");
  });

  it("reminds both members of a shared card's statement, only the owner of a private one", async () => {
    const { owner, partner, householdId } = await household();
    const card = { kind: "credit_card", openingBalance: 0, openingDate: "2025-01-01" };
    const shared = await addAccount(owner, {
      ...card,
      name: "BPI Amore",
      card: { last4: "1111", creditLimit: "50000", statementDay: 5, dueDay: 25 },
    });
    const mine = await addAccount(partner, {
      ...card,
      name: "Ben's Metrobank",
      visibility: "private",
      card: { last4: "2222", creditLimit: "50000", statementDay: 5, dueDay: 25 },
    });
    const due = {
      householdId,
      statementCycleId: null,
      dueDate: "2025-03-25",
      daysBefore: 3,
      totalDueCentavos: "2500075",
      minimumDueCentavos: "85000",
    };
    await deliverEvent(app, "ph.fintrack.statement.due_soon.v1", { ...due, accountId: shared });
    await deliverEvent(app, "ph.fintrack.statement.due_soon.v1", { ...due, accountId: mine, daysBefore: -2 });
    const [ownerN, ...rest] = await items(owner);
    expect(rest).toHaveLength(0);
    expect(ownerN).toMatchObject({
      type: "statement.due",
      title: "BPI Amore statement ₱25,000.75 due in 3 days",
      body: "Due Tue, Mar 25, 2025. Minimum due ₱850.00.",
      link: `/bills?card=${shared}&due=2025-03-25`,
    });
    const partnerN = await items(partner);
    expect(partnerN.map((n) => n.type)).toEqual(["statement.overdue", "statement.due"]);
    expect(partnerN[0].title).toBe("Ben's Metrobank statement is overdue");
    expect(partnerN[0].body).toContain("2 days ago");
  });

  it("reminds both members of a bill", async () => {
    const { owner, partner, householdId } = await household();
    await deliverEvent(app, "ph.fintrack.bill.due_soon.v1", {
      householdId,
      billId: randomUUID(),
      name: "Meralco",
      dueDate: "2025-03-01",
      daysBefore: 0,
      expectedAmountCentavos: "345000",
    });
    for (const c of [owner, partner]) {
      expect((await items(c))[0]).toMatchObject({ type: "bill.due", title: "Meralco (₱3,450.00) due today" });
    }
  });

  it("tells the uploader how extraction went, linking to the document", async () => {
    const { owner, partner, householdId, partnerUser } = await household();
    const documentId = randomUUID();
    const base = {
      householdId,
      documentId,
      uploadedBy: partnerUser.id,
      kind: "receipt" as const,
      attempt: 1,
    };
    await deliverEvent(app, "ph.fintrack.document.extracted.v1", {
      ...base,
      draftCount: 1,
      extractor: "paste",
    });
    await deliverEvent(app, "ph.fintrack.document.failed.v1", {
      ...base,
      kind: "statement",
      code: "password",
      reason: "The PDF needs its password: upload it again with the password.",
    });
    expect(await items(owner)).toHaveLength(0);
    const [failed, read] = await items(partner);
    expect(read).toMatchObject({
      title: "Receipt read: 1 draft to review",
      link: `/documents/${documentId}`,
    });
    expect(failed).toMatchObject({
      type: "document.failed",
      title: "Could not read your statement",
      body: "The PDF needs its password: upload it again with the password.",
    });
  });

  it("ignores an event for a member of another household", async () => {
    const { owner, householdId } = await household();
    await deliverEvent(app, "ph.fintrack.document.extracted.v1", {
      householdId,
      documentId: randomUUID(),
      uploadedBy: randomUUID(),
      kind: "receipt",
      attempt: 1,
      draftCount: 2,
      extractor: "receipt:tesseract",
    });
    expect(await items(owner)).toHaveLength(0);
    expect(await app.db.select().from(schema.deadLetters)).toHaveLength(0);
  });
});

describe("preferences, quiet hours, delete", () => {
  it("records nothing in-app for a kind the member turned off; the other member still gets it", async () => {
    const { owner, partner, householdId } = await household();
    const prefs = await owner.request("/api/notifications/preferences", {
      method: "PUT",
      json: { kinds: [{ kind: "bill.due", inApp: false, discord: false }] },
    });
    expect(prefs.status).toBe(200);
    expect(prefs.data.kinds.find((k: any) => k.kind === "bill.due")).toMatchObject({ inApp: false });
    expect(prefs.data.kinds.find((k: any) => k.kind === "budget.alert")).toMatchObject({ inApp: true });
    await deliverEvent(app, "ph.fintrack.bill.due_soon.v1", {
      householdId,
      billId: randomUUID(),
      name: "PLDT Fiber",
      dueDate: "2025-03-10",
      daysBefore: 7,
      expectedAmountCentavos: null,
    });
    expect(await items(owner)).toHaveLength(0);
    expect((await items(partner))[0].title).toBe("PLDT Fiber due in 7 days");
  });

  it("records a notification silently during quiet hours (counted in the badge)", async () => {
    const { owner, householdId } = await household();
    const quiet = quietEndFor(new Date());
    const put = await owner.request("/api/notifications/preferences", {
      method: "PUT",
      json: { quietHours: quiet },
    });
    expect(put.data.quietHours).toEqual(quiet);
    await deliverEvent(app, "ph.fintrack.bill.due_soon.v1", {
      householdId,
      billId: randomUUID(),
      name: "Rent",
      dueDate: "2025-03-10",
      daysBefore: 1,
      expectedAmountCentavos: "2500000",
    });
    const list = (await owner.get("/api/notifications")).data;
    expect(list.items[0]).toMatchObject({ title: "Rent (₱25,000.00) due tomorrow", silent: true });
    expect(list.unread).toBe(1);
  });

  it("refuses quiet hours that are not HH:MM or empty, and unknown kinds", async () => {
    const { owner } = await household();
    for (const json of [
      { quietHours: { start: "25:00", end: "07:00" } },
      { quietHours: { start: "22:00", end: "22:00" } },
      { kinds: [{ kind: "spam", inApp: true, discord: true }] },
    ]) {
      const r = await owner.request("/api/notifications/preferences", { method: "PUT", json });
      expect(r.status).toBe(400);
      expect(r.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("deletes one notification, or every read one; never another member's", async () => {
    const { owner, partner, householdId } = await household();
    for (const name of ["Water", "Internet", "Rent"]) {
      await deliverEvent(app, "ph.fintrack.bill.due_soon.v1", {
        householdId,
        billId: randomUUID(),
        name,
        dueDate: "2025-03-10",
        daysBefore: 3,
        expectedAmountCentavos: null,
      });
    }
    const [rent, internet, water] = await items(owner);
    expect((await partner.delete(`/api/notifications/${rent.id}`)).status).toBe(404);
    expect((await owner.delete(`/api/notifications/${rent.id}`)).status).toBe(204);
    expect((await owner.delete(`/api/notifications/${rent.id}`)).status).toBe(404);
    await owner.post(`/api/notifications/${water.id}/read`);
    const cleared = await owner.request("/api/notifications/read", { method: "DELETE" });
    expect(cleared.data).toEqual({ deleted: 1 });
    expect((await items(owner)).map((n) => n.id)).toEqual([internet.id]);
    expect(await items(partner)).toHaveLength(3);
    const rows = await app.db
      .select()
      .from(schema.notifications)
      .where(eq(schema.notifications.id, water.id));
    expect(rows).toHaveLength(0);
  });

  it("formats pesos exactly, beyond what a float holds", () => {
    expect(pesos("123456789012345678")).toBe("₱1,234,567,890,123,456.78");
    expect(pesos(-5n)).toBe("-₱0.05");
  });
});
