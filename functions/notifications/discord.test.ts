import { randomUUID } from "node:crypto";
import { schema } from "@fintrack/db";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testConfig } from "../lib/config";
import { householdOfTwo, startTestApp, type TestApp } from "../testing";
import { FakeDiscord, type Received } from "./fake-discord.testing";
import { quietEndFor } from "./kinds.testing";
import { deliverEvent, notificationsOf } from "./testing";

const TOKEN = "s3cretWebhookToken_abcdefghijklmnopqrstuvwxyz0123456789";
// the origin test clients send; links in posts point back to it
const PUBLIC_URL = "http://localhost";

let discord: FakeDiscord;
let app: TestApp;

beforeEach(async () => {
  discord = new FakeDiscord();
  await discord.start();
  app = await startTestApp({
    config: testConfig({ DISCORD_WEBHOOK_URL: `${discord.url}/api/webhooks/1234567/${TOKEN}`, PUBLIC_URL }),
  });
  const worker = notificationsOf(app).discord;
  worker.opts.baseDelayMs = 20;
  worker.opts.maxAttempts = 3;
});

afterEach(async () => {
  await app.close();
  await discord.stop();
});

async function household() {
  const h = await householdOfTwo(app);
  await app.runtime.settle();
  return { ...h, householdId: h.ownerUser.householdId as string };
}

/** Wakes the delivery worker until `done` holds (as its timers would, sooner). */
async function until(done: () => boolean | Promise<boolean>, timeoutMs = 3000) {
  const end = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > end) throw new Error("timed out waiting for Discord delivery");
    await notificationsOf(app).discord.wake();
    await new Promise((r) => setTimeout(r, 10));
  }
}

const deliveries = () => app.db.select().from(schema.discordDeliveries);

function expectCleanPayload(r: Received) {
  expect(r.contentType).toBe("application/json");
  expect(r.path).toBe(`/api/webhooks/1234567/${TOKEN}`);
  expect(r.body).toMatchObject({ username: "FinTrack", allowed_mentions: { parse: [] } });
  expect(r.body.embeds).toHaveLength(1);
  expect(typeof r.body.embeds[0].title).toBe("string");
  expect(r.raw).not.toContain(TOKEN);
  expect(r.raw).not.toContain("webhooks");
  expect(r.raw).not.toContain(app.config.JWT_SECRET_KEY!);
}

const budgetEvent = (householdId: string, categoryId: string | null = null) => ({
  householdId,
  budgetId: randomUUID(),
  categoryId,
  memberId: null,
  month: "2025-03",
  thresholdPercent: 80,
  spentCentavos: "1234560",
  limitCentavos: "1500000",
});

describe("Discord delivery", () => {
  it("posts a budget alert once as an embed with pesos and a link back, however often the event arrives", async () => {
    const { owner, partner, householdId } = await household();
    const id = await deliverEvent(app, "ph.fintrack.budget.threshold_crossed.v1", budgetEvent(householdId));
    await until(() => discord.received.length === 1);
    await deliverEvent(app, "ph.fintrack.budget.threshold_crossed.v1", budgetEvent(householdId), id);
    await notificationsOf(app).discord.wake();
    await new Promise((r) => setTimeout(r, 100));
    expect(discord.received).toHaveLength(1); // both members, one shared channel, one post
    const [post] = discord.received;
    expectCleanPayload(post!);
    expect(post!.body.embeds[0]).toMatchObject({
      title: "Overall budget reached 80% for March 2025",
      description: "₱12,345.60 spent of ₱15,000.00 in March 2025; ₱2,654.40 left.",
      url: `${PUBLIC_URL}/budgets?month=2025-03`,
      fields: [
        { name: "Spent", value: "₱12,345.60", inline: true },
        { name: "Budget", value: "₱15,000.00", inline: true },
        { name: "Threshold", value: "80%", inline: true },
      ],
    });
    for (const c of [owner, partner]) {
      const alerts = (await c.get("/api/notifications")).data.items.filter(
        (n: any) => n.type === "budget.alert",
      );
      expect(alerts).toHaveLength(1);
    }
    const status = await owner.get("/api/notifications/discord");
    expect(status.data).toMatchObject({
      source: "environment",
      masked: `${discord.url}/api/webhooks/…/••••6789`,
      lastDelivery: { status: "sent", attempts: 1, error: null },
      failedCount: 0,
    });
    expect(JSON.stringify(status.data)).not.toContain(TOKEN);
  });

  it("waits as long as a 429's retry_after says, then posts", async () => {
    const { householdId } = await household();
    discord.plan = [
      { status: 429, body: { message: "You are being rate limited.", retry_after: 0.3, global: false } },
    ];
    await deliverEvent(app, "ph.fintrack.bill.due_soon.v1", {
      householdId,
      billId: randomUUID(),
      name: "Meralco",
      dueDate: "2025-03-25",
      daysBefore: 3,
      expectedAmountCentavos: "345050",
    });
    await until(async () => (await deliveries())[0]?.status === "sent");
    expect(discord.received).toHaveLength(2);
    expect(discord.received[1]!.at - discord.received[0]!.at).toBeGreaterThanOrEqual(290);
    expectCleanPayload(discord.received[1]!);
    expect(discord.received[1]!.body.embeds[0].fields).toEqual([
      { name: "Due", value: "Tue, Mar 25, 2025", inline: true },
      { name: "Expected", value: "₱3,450.50", inline: true },
    ]);
  });

  it("retries a 500 with backoff, then records the failure; the in-app notification stays", async () => {
    const { owner, householdId } = await household();
    discord.plan = [500, 500, 500, 500];
    notificationsOf(app).discord.opts.baseDelayMs = 150;
    await deliverEvent(app, "ph.fintrack.budget.threshold_crossed.v1", budgetEvent(householdId));
    await until(async () => (await deliveries())[0]?.status === "failed");
    expect(discord.received).toHaveLength(3);
    // exponential: 150 ms, then 300 ms (lower bounds: a busy machine only makes them later)
    const [a, b, c] = discord.received.map((r) => r.at);
    expect(b! - a!).toBeGreaterThanOrEqual(140);
    expect(c! - b!).toBeGreaterThanOrEqual(290);
    const [row] = await deliveries();
    expect(row).toMatchObject({ attempts: 3, lastStatus: 500 });
    expect(row!.lastError).toBe("Discord answered 500; gave up after 3 attempts");
    const status = (await owner.get("/api/notifications/discord")).data;
    expect(status.lastDelivery).toMatchObject({ status: "failed", attempts: 3 });
    expect(status.failedCount).toBe(1);
    const list = (await owner.get("/api/notifications")).data.items;
    expect(list.some((n: any) => n.type === "budget.alert")).toBe(true);
  });

  it("recovers when Discord comes back after failing", async () => {
    const { householdId } = await household();
    discord.plan = [502, 503];
    await deliverEvent(app, "ph.fintrack.budget.threshold_crossed.v1", budgetEvent(householdId));
    await until(async () => (await deliveries())[0]?.status === "sent");
    expect(discord.received).toHaveLength(3);
    expect((await deliveries())[0]).toMatchObject({ attempts: 3, lastError: null });
  });

  it("retries when Discord is unreachable, naming no URL in the recorded error", async () => {
    const { owner, householdId } = await household();
    await discord.stop();
    await deliverEvent(app, "ph.fintrack.budget.threshold_crossed.v1", budgetEvent(householdId));
    await until(async () => (await deliveries())[0]?.status === "failed");
    const [row] = await deliveries();
    expect(row!.attempts).toBe(3);
    expect(row!.lastError).toMatch(/^Discord unreachable \(ECONNREFUSED\)/);
    expect(row!.lastError).not.toContain("127.0.0.1");
    expect((await owner.get("/api/notifications")).data.unread).toBeGreaterThanOrEqual(2);
    await discord.start(); // for afterEach
  });

  it("holds a post during the member's quiet hours", async () => {
    const { owner, partner, householdId } = await household();
    for (const c of [owner, partner]) {
      await c.request("/api/notifications/preferences", {
        method: "PUT",
        json: { quietHours: quietEndFor(new Date()) },
      });
    }
    await deliverEvent(app, "ph.fintrack.budget.threshold_crossed.v1", budgetEvent(householdId));
    await notificationsOf(app).discord.wake();
    expect(discord.received).toHaveLength(0);
    const [row] = await deliveries();
    const waitMinutes = (row!.nextAttemptAt.getTime() - Date.now()) / 60_000;
    expect(waitMinutes).toBeGreaterThan(50);
    expect(waitMinutes).toBeLessThanOrEqual(61);
    // when the quiet hours are over it goes out
    await app.db.update(schema.discordDeliveries).set({ nextAttemptAt: sql`now()` });
    await until(() => discord.received.length === 1);
  });

  it("never posts a member budget or a private card to the household's shared channel", async () => {
    const { partner, householdId, partnerUser } = await household();
    await deliverEvent(app, "ph.fintrack.budget.threshold_crossed.v1", {
      ...budgetEvent(householdId),
      memberId: partnerUser.id,
    });
    await notificationsOf(app).discord.wake();
    expect(await deliveries()).toHaveLength(0);
    expect((await partner.get("/api/notifications")).data.items[0].type).toBe("budget.alert");
    // with their own webhook it goes there
    const url = `https://discord.com/api/webhooks/998877665544/${TOKEN}`;
    await partner.request("/api/notifications/discord", { method: "PUT", json: { url } });
    await deliverEvent(app, "ph.fintrack.budget.threshold_crossed.v1", {
      ...budgetEvent(householdId),
      memberId: partnerUser.id,
    });
    expect((await deliveries()).map((d) => d.target)).toEqual([`user:${partnerUser.id}`]);
  });

  it("does not post kinds the member left off Discord", async () => {
    const { householdId, partnerUser } = await household();
    await deliverEvent(app, "ph.fintrack.document.failed.v1", {
      householdId,
      documentId: randomUUID(),
      uploadedBy: partnerUser.id,
      kind: "receipt",
      attempt: 1,
      code: "blurry",
      reason: "The photo is too blurry to read.",
    });
    await notificationsOf(app).discord.wake();
    expect(await deliveries()).toHaveLength(0);
  });
});

describe("Discord settings", () => {
  const saved = `https://discord.com/api/webhooks/998877665544/${TOKEN}`;

  it("stores a member's own webhook sealed, shows it masked, and sends the test message through the queue", async () => {
    const { owner, partner } = await household();
    for (const url of [
      "http://discord.com/api/webhooks/1/abc",
      "https://evil.example/api/webhooks/998877665544/abcdefghijklmnopqrstuvwxyz",
      "https://discord.com.evil.example/api/webhooks/998877665544/abcdefghijklmnopqrstuvwxyz",
      "https://discord.com/api/webhooks/998877665544/abcdefghijklmnopqrstuvwxyz?wait=true",
      "not a url",
    ]) {
      const r = await owner.request("/api/notifications/discord", { method: "PUT", json: { url } });
      expect(r.status, url).toBe(400);
      expect(JSON.stringify(r.data)).not.toContain("abcdefghijklmnopqrstuvwxyz");
    }
    const put = await owner.request("/api/notifications/discord", { method: "PUT", json: { url: saved } });
    expect(put.status).toBe(200);
    expect(put.data).toMatchObject({
      source: "settings",
      masked: "https://discord.com/api/webhooks/…/••••6789",
    });
    expect(JSON.stringify((await owner.get("/api/notifications/discord")).data)).not.toContain(TOKEN);
    const [row] = await app.db.select().from(schema.notificationSettings);
    expect(row!.discordWebhookSealed).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(TOKEN);
    expect(JSON.stringify(row)).not.toContain("998877665544");
    // the partner keeps using the server's webhook
    expect((await partner.get("/api/notifications/discord")).data.source).toBe("environment");

    // discord.com is routed to the fake for this test
    const worker = notificationsOf(app).discord;
    worker.opts.fetch = (input, init) =>
      fetch(String(input).replace("https://discord.com", discord.url), init);
    const test = await owner.post("/api/notifications/discord/test");
    expect(test.status).toBe(202);
    await until(() => discord.received.length === 1);
    expect(discord.received[0]!.path).toBe(`/api/webhooks/998877665544/${TOKEN}`);
    expect(discord.received[0]!.body.embeds[0]).toMatchObject({
      title: "FinTrack test message",
      url: `${PUBLIC_URL}/settings/notifications`,
    });
    await until(
      async () => (await owner.get("/api/notifications/discord")).data.lastDelivery?.status === "sent",
    );

    const removed = await owner.delete("/api/notifications/discord");
    expect(removed.data.source).toBe("environment");
  });

  it("refuses a test message when no webhook is set", async () => {
    await app.close();
    app = await startTestApp();
    const { owner } = await household();
    const r = await owner.post("/api/notifications/discord/test");
    expect(r.status).toBe(409);
    expect((await owner.get("/api/notifications/discord")).data).toMatchObject({
      source: null,
      masked: null,
    });
  });
});
