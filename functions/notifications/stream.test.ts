import { randomUUID } from "node:crypto";
import { openSecondHandle } from "@fintrack/db/testing";
import { afterEach, describe, expect, it } from "vitest";
import { householdOfTwo, startTestApp, type TestApp, useTestApp } from "../testing";
import { deliverEvent, notificationsOf, openStream, type Stream, unreadOf } from "./testing";

const app = useTestApp();
let second: TestApp | undefined;
const streams: Stream[] = [];

afterEach(async () => {
  for (const s of streams.splice(0)) await s.close();
  await second?.close();
  second = undefined;
});

/** A second replica of every function on the same database, as another pod would be. */
async function secondInstance(): Promise<TestApp> {
  const handle = await openSecondHandle(app.handle);
  const other = await startTestApp({ handle, config: app.config });
  const close = other.close;
  second = {
    ...other,
    async close() {
      await close();
      await handle.close();
    },
  };
  return second;
}

async function stream(on: TestApp, client: Parameters<typeof openStream>[1], lastEventId?: string) {
  const s = await openStream(on, client, lastEventId);
  streams.push(s);
  return s;
}

async function household() {
  const h = await householdOfTwo(app);
  await app.runtime.settle();
  await h.owner.post("/api/notifications/read-all");
  await h.owner.request("/api/notifications/read", { method: "DELETE" });
  return { ...h, householdId: h.ownerUser.householdId as string };
}

const bill = (householdId: string, name: string) =>
  deliverEvent(app, "ph.fintrack.bill.due_soon.v1", {
    householdId,
    billId: randomUUID(),
    name,
    dueDate: "2025-03-10",
    daysBefore: 3,
    expectedAmountCentavos: null,
  });

const isNotification = (e: { event?: string }) => e.event === "notification";
const titleOf = (e: { data: string }) => JSON.parse(e.data).title as string;

describe("notification stream (SSE)", () => {
  it("refuses a visitor who is not signed in", async () => {
    const res = await app.fetch(new Request("http://localhost/api/notifications/stream"));
    expect(res.status).toBe(401);
  });

  it("starts with the unread count and replays nothing old to a new stream", async () => {
    const { owner, householdId } = await household();
    await bill(householdId, "Rent");
    const s = await stream(app, owner);
    expect(s.status).toBe(200);
    const first = await s.next((e) => e.event === "unread");
    expect(unreadOf(first)).toBe(1);
    await bill(householdId, "Water");
    const live = await s.next(isNotification);
    expect(titleOf(live)).toBe("Water due in 3 days");
    expect(s.events.filter(isNotification)).toHaveLength(1);
  });

  it("reaches both members' tabs on two instances within a second, and a read on one updates the other", async () => {
    const { owner, partner, householdId } = await household();
    const b = await secondInstance();
    const ownerTabA = await stream(app, owner);
    const ownerTabB = await stream(b, owner);
    const partnerTabB = await stream(b, partner);
    for (const s of [ownerTabA, ownerTabB, partnerTabB]) await s.next((e) => e.event === "unread");

    const started = performance.now();
    await bill(householdId, "Meralco"); // recorded by instance A's notifications
    const got = await Promise.all(
      [ownerTabA, ownerTabB, partnerTabB].map((s) =>
        s.next((e) => e.event === "unread" && unreadOf(e) === 1),
      ),
    );
    for (const e of got) expect(e.at - started).toBeLessThan(1000);
    const [nA, nB] = await Promise.all([ownerTabA.next(isNotification), ownerTabB.next(isNotification)]);
    expect(nA.id).toBe(nB.id);
    expect(titleOf(nB)).toBe("Meralco due in 3 days");

    // read through instance B: the tab on instance A drops its badge
    const from = ownerTabA.events.length;
    const read = await b.client().request(`/api/notifications/${nA.id}/read`, {
      method: "POST",
      headers: {
        cookie: [...owner.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        origin: "http://localhost",
      },
    });
    expect(read.status).toBe(204);
    const zero = await ownerTabA.next((e) => e.event === "unread", 1000, from);
    expect(unreadOf(zero)).toBe(0);
    // the partner's own count did not move
    expect(partnerTabB.events.filter((e) => e.event === "unread").map(unreadOf)).toEqual([0, 1]);
  });

  it("resumes from Last-Event-ID with exactly what was missed, on another instance", async () => {
    const { owner, householdId } = await household();
    const b = await secondInstance();
    const s = await stream(app, owner);
    await bill(householdId, "One");
    const one = await s.next(isNotification);
    await s.close();

    await bill(householdId, "Two");
    await bill(householdId, "Three");
    const resumed = await stream(b, owner, one.id);
    await resumed.next((e) => e.event === "unread" && unreadOf(e) === 3);
    await bill(householdId, "Four");
    await resumed.next((e) => isNotification(e) && titleOf(e).startsWith("Four"));
    const seen = resumed.events.filter(isNotification);
    expect(seen.map(titleOf)).toEqual(["Two due in 3 days", "Three due in 3 days", "Four due in 3 days"]);
    expect(new Set(seen.map((e) => e.id)).size).toBe(3);
    // ids are the notifications' ids, in order
    const listed = (await owner.get("/api/notifications")).data.items
      .map((n: { id: string }) => n.id)
      .reverse();
    expect(seen.map((e) => e.id)).toEqual(listed.slice(1));
  });

  it("gives every tab of a member exactly its own missing notifications when they share a read", async () => {
    const { owner, householdId } = await household();
    await bill(householdId, "A");
    const live = await stream(app, owner);
    const a = await live.next(isNotification).catch(() => undefined);
    expect(a).toBeUndefined(); // a fresh tab starts after A
    const [first] = (await owner.get("/api/notifications")).data.items;
    await bill(householdId, "B");
    const b = await live.next(isNotification);
    // three more tabs: one resuming after A (misses B), one after B, one fresh
    const afterA = await stream(app, owner, first.id);
    const afterB = await stream(app, owner, b.id);
    const fresh = await stream(app, owner);
    await bill(householdId, "C");
    const hasC = (e: { event?: string; data: string }) => isNotification(e) && titleOf(e).startsWith("C ");
    await Promise.all([live, afterA, afterB, fresh].map((s) => s.next(hasC)));
    const titles = (s: Stream) => s.events.filter(isNotification).map((e) => titleOf(e).split(" ")[0]);
    expect(titles(live)).toEqual(["B", "C"]);
    expect(titles(afterA)).toEqual(["B", "C"]);
    expect(titles(afterB)).toEqual(["C"]);
    expect(titles(fresh)).toEqual(["C"]);
  });

  it("sends heartbeat comments while nothing happens", async () => {
    const { owner } = await household();
    notificationsOf(app).hub.heartbeatMs = 50;
    const s = await stream(app, owner);
    const beat = await s.next((e) => e.comment === "heartbeat");
    expect(beat.data).toBe("");
  });

  it("ignores a Last-Event-ID that is no notification id", async () => {
    const { owner, householdId } = await household();
    await bill(householdId, "Old");
    const s = await stream(app, owner, "' or 1=1 --");
    expect(unreadOf(await s.next((e) => e.event === "unread"))).toBe(1);
    expect(s.events.filter(isNotification)).toHaveLength(0);
  });
});
