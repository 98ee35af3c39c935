import { rows, schema } from "@fintrack/db";
import { loadEventingManifests } from "@fintrack/events/local";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addMonths, monthOf, todayInManila } from "../budgets/months";
import { testConfig } from "../lib/config";
import { knativeDir } from "../runtime";
import { householdOfTwo, startTestApp, type TestApp, type TestClient } from "../testing";
import { addAccount, categoryId, record } from "../transactions/testing";
import { FakeDiscord } from "./fake-discord.testing";
import { notificationsOf } from "./testing";

/**
 * The flows end to end, every function running behind the local broker: a ledger change or a
 * PingSource tick reaches both members' bells and the household's Discord channel, once.
 */
const TOKEN = "flowWebhookToken_abcdefghijklmnopqrstuvwxyz0123456789";
let discord: FakeDiscord;
let app: TestApp;

beforeEach(async () => {
  discord = new FakeDiscord();
  await discord.start();
  app = await startTestApp({
    config: testConfig({
      DISCORD_WEBHOOK_URL: `${discord.url}/api/webhooks/42/${TOKEN}`,
      PUBLIC_URL: "http://localhost",
    }),
  });
  notificationsOf(app).discord.opts.baseDelayMs = 20;
});

afterEach(async () => {
  await app.close();
  await discord.stop();
});

async function posted(count: number) {
  const end = performance.now() + 5000;
  while (discord.received.length < count) {
    if (performance.now() > end)
      throw new Error(`expected ${count} Discord posts, got ${discord.received.length}`);
    await notificationsOf(app).discord.wake();
    await new Promise((r) => setTimeout(r, 10));
  }
  // anything more would arrive now
  await notificationsOf(app).discord.wake();
  await new Promise((r) => setTimeout(r, 100));
}

const inbox = async (c: TestClient, type: string) =>
  (await c.get("/api/notifications")).data.items.filter((n: { type: string }) => n.type === type);

describe("alerts and reminders reach both members and Discord, once", () => {
  it("an expense crossing 80% of a budget: one notification each and one Discord post; a redelivery adds nothing", async () => {
    const { owner, partner } = await householdOfTwo(app);
    const bank = await addAccount(owner, {
      name: "BPI",
      kind: "bank",
      openingBalance: "100000",
      openingDate: "2026-01-01",
    });
    const groceries = await categoryId(owner, "Groceries");
    const month = monthOf(todayInManila());
    const created = await owner.post("/api/budgets", {
      categoryId: groceries,
      limit: "1000",
      fromMonth: addMonths(month, -1),
    });
    expect(created.status).toBe(201);
    const grocery = (amount: string, c: TestClient) =>
      record(c, { type: "expense", date: todayInManila(), amount, accountId: bank, categoryId: groceries });

    await grocery("700", owner);
    await app.runtime.settle();
    expect(await inbox(owner, "budget.alert")).toEqual([]);
    const crossing = await grocery("150", partner);
    await app.runtime.settle();
    await posted(1);
    for (const member of [owner, partner]) {
      const alerts = await inbox(member, "budget.alert");
      expect(alerts).toHaveLength(1);
      expect(alerts[0].body).toContain("₱850.00");
    }
    expect(discord.received[0]!.body.embeds[0].title).toContain("80%");

    // the broker delivers the crossing expense's event again: nothing more anywhere
    await app.db.execute(
      sql`UPDATE outbox SET published_at = NULL, claimed_until = NULL, next_attempt_at = now()
          WHERE type = 'ph.fintrack.transaction.created.v1' AND data->>'transactionId' = ${crossing.id}`,
    );
    await app.runtime.settle();
    await posted(1);
    expect(discord.received).toHaveLength(1);
    for (const member of [owner, partner]) expect(await inbox(member, "budget.alert")).toHaveLength(1);
  });

  it("a tick three days before a card's due date notifies both members once; a repeated tick adds nothing", async () => {
    const { owner, partner } = await householdOfTwo(app);
    const card = await addAccount(owner, {
      name: "BPI Gold",
      kind: "credit_card",
      openingDate: "2026-01-01",
      card: { last4: "1234", creditLimit: "100000", statementDay: 5, dueDay: 25 },
    });
    await record(owner, { type: "expense", date: "2026-09-20", amount: "3000", accountId: card });
    const daily = loadEventingManifests(knativeDir).pingSources.find((p) => p.name === "reminders-daily")!;
    const tick = async (at: string) => {
      await app.runtime.broker!.ping(daily, new Date(at));
      await app.runtime.settle();
    };
    await tick("2026-10-22T00:00:00Z");
    await posted(1);
    for (const member of [owner, partner]) {
      const due = await inbox(member, "statement.due");
      expect(due).toHaveLength(1);
      expect(due[0].title).toContain("BPI Gold");
    }
    await tick("2026-10-22T00:00:00Z");
    await tick("2026-10-22T02:00:00Z");
    await posted(1);
    expect(discord.received).toHaveLength(1);
    for (const member of [owner, partner]) expect(await inbox(member, "statement.due")).toHaveLength(1);
    const [sent] = await rows<{ n: number }>(app.db, sql`SELECT count(*)::int AS n FROM reminders_sent`);
    expect(sent!.n).toBe(1);
    expect(await app.db.select().from(schema.deadLetters)).toEqual([]);
  });
});
