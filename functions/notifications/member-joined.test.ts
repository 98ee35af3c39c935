import { schema } from "@fintrack/db";
import { createEventReceiver, type EventSink, OutboxPublisher, signEvent } from "@fintrack/events";
import { LocalBroker, loadEventingManifests } from "@fintrack/events/local";
import { CloudEvent } from "cloudevents";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { knativeDir } from "../runtime";
import { householdOfTwo, useTestApp } from "../testing";

const app = useTestApp();

const MEMBER_JOINED = "ph.fintrack.household.member_joined.v1";

describe("partner joins → owner is notified (CloudEvent through the broker)", () => {
  it("delivers household.member_joined from auth's outbox to notifications via the knative/ Trigger", async () => {
    const { owner, partner } = await householdOfTwo(app);
    await app.runtime.settle();

    const list = await owner.get("/api/notifications");
    expect(list.status).toBe(200);
    expect(list.data.unread).toBe(1);
    expect(list.data.items[0]).toMatchObject({
      type: "household.member_joined",
      title: "Ben joined your household",
      readAt: null,
    });
    expect((await partner.get("/api/notifications")).data.items).toHaveLength(0);

    const outbox = await app.db.select().from(schema.outbox);
    expect(outbox).toHaveLength(2); // owner's own arrival and the partner's
    expect(outbox.every((e) => e.publishedAt !== null)).toBe(true);

    const id = list.data.items[0].id;
    expect((await owner.post(`/api/notifications/${id}/read`)).status).toBe(204);
    expect((await owner.get("/api/notifications")).data.unread).toBe(0);
    // one member cannot touch another's notifications
    expect((await partner.post(`/api/notifications/${id}/read`)).status).toBe(404);
  });

  it("processes a redelivered event once", async () => {
    const { owner } = await householdOfTwo(app);
    await app.runtime.settle();
    const [row] = await app.db.select().from(schema.outbox).where(sql`data->>'role' = 'partner'`);
    const again = signEvent(
      new CloudEvent({ id: row!.id, type: row!.type, source: row!.source, data: row!.data }),
      app.config.eventKey,
    );
    await app.runtime.broker!.send(again);
    await app.runtime.broker!.send(again);
    await app.runtime.broker!.idle();
    expect((await owner.get("/api/notifications")).data.items).toHaveLength(1);
  });

  it("keeps the event in the outbox while the broker is down and publishes it when it is back", async () => {
    let up = false;
    const sent: string[] = [];
    const sink: EventSink = {
      async send(event) {
        if (!up) throw new Error("broker unreachable");
        sent.push(event.id);
      },
    };
    const publisher = new OutboxPublisher(app.db, sink, app.config.eventKey);
    await app
      .client()
      .post("/api/auth/register", { email: "x@example.ph", password: "long enough pw", name: "X" });
    await app.runtime.settle();
    app.runtime.publisher.stop();
    await app.db.update(schema.outbox).set({ publishedAt: null, attempts: 0 });
    await publisher.flush();
    expect(await publisher.pendingCount()).toBe(1);
    const [pending] = await app.db.select().from(schema.outbox);
    expect(pending!.attempts).toBe(1);
    expect(pending!.lastError).toContain("broker unreachable");

    up = true;
    await app.db.update(schema.outbox).set({ nextAttemptAt: sql`now()` });
    await publisher.flush();
    expect(await publisher.pendingCount()).toBe(0);
    expect(sent).toEqual([pending!.id]);
  });
});

describe("retries and dead letters (Broker delivery from knative/broker.yaml)", () => {
  function brokerWith(consumer: (req: Request) => Promise<Response>) {
    const manifests = loadEventingManifests(knativeDir);
    manifests.triggers.push({
      name: "test-consumer",
      broker: "default",
      filter: { type: MEMBER_JOINED },
      subscriber: { service: "testconsumer", uri: "/events" },
    });
    return new LocalBroker(
      manifests,
      async (service, req) =>
        service === "testconsumer" ? consumer(req) : app.runtime.modules.get(service)!.app.fetch(req),
      { timeScale: 0.002 },
    );
  }

  async function memberJoined() {
    const { owner, ownerUser, partnerUser } = await householdOfTwo(app);
    await app.runtime.settle();
    const event = signEvent(
      new CloudEvent({
        type: MEMBER_JOINED,
        source: "/fintrack/auth",
        data: { householdId: ownerUser.householdId, userId: partnerUser.id, name: "Ben", role: "partner" },
      }),
      app.config.eventKey,
    );
    return { owner, event };
  }

  it("retries a consumer that fails twice, then processes the event exactly once", async () => {
    let calls = 0;
    let effects = 0;
    const receive = createEventReceiver({
      consumer: "testconsumer",
      db: app.db,
      signingKey: app.config.eventKey,
      handlers: {
        [MEMBER_JOINED]: async () => {
          calls++;
          if (calls <= 2) throw new Error(`flaky failure ${calls}`);
          effects++;
        },
      },
    });
    const broker = brokerWith(receive);
    const { event } = await memberJoined();
    await broker.send(event);
    await broker.idle();
    expect(calls).toBe(3);
    expect(effects).toBe(1);
    const processed = await app.db
      .select()
      .from(schema.processedEvents)
      .where(eq(schema.processedEvents.consumer, "testconsumer"));
    expect(processed).toHaveLength(1);
    expect(await app.db.select().from(schema.deadLetters)).toHaveLength(0);

    await broker.send(event); // a late redelivery is acknowledged without running again
    await broker.idle();
    expect(calls).toBe(3);
  });

  it("sends an event that always fails to the dead-letter sink after every retry", async () => {
    let calls = 0;
    const broker = brokerWith(async () => {
      calls++;
      return new Response("database on fire", { status: 503 });
    });
    const { owner, event } = await memberJoined();
    await broker.send(event);
    await broker.idle();
    const retry = loadEventingManifests(knativeDir).broker.delivery.retry;
    expect(calls).toBe(retry + 1);
    const dead = await app.db.select().from(schema.deadLetters);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      eventId: event.id,
      type: MEMBER_JOINED,
      destination: "testconsumer/events",
      errorCode: "503",
    });

    const visible = await owner.get("/api/deadletters/list");
    expect(visible.status).toBe(200);
    expect(visible.data.items[0]).toMatchObject({ eventId: event.id, error: "database on fire" });
  });

  it("dead-letters an event with invalid data at once: retrying cannot fix it", async () => {
    let calls = 0;
    const receive = createEventReceiver({
      consumer: "testconsumer",
      db: app.db,
      signingKey: app.config.eventKey,
      handlers: { [MEMBER_JOINED]: async () => void calls++ },
    });
    const broker = brokerWith(async (req) => {
      const res = await receive(req);
      return res;
    });
    const bad = signEvent(
      new CloudEvent({ type: MEMBER_JOINED, source: "/fintrack/auth", data: { householdId: "nope" } }),
      app.config.eventKey,
    );
    await broker.send(bad);
    await broker.idle();
    expect(calls).toBe(0);
    // every subscriber of the type refuses it: the test consumer and the real functions
    const dead = await app.db.select().from(schema.deadLetters);
    expect(dead.map((d) => `${d.destination} ${d.errorCode}`).sort()).toEqual([
      "notifications/api/notifications/events 400",
      "testconsumer/events 400",
      "transactions/api/transactions/events 400",
    ]);
  });

  it("keeps event receivers and the dead-letter sink unreachable through the gateway", async () => {
    const c = app.client();
    expect((await c.post("/api/notifications/events", {})).status).toBe(404);
    expect((await c.post("/api/deadletters", {})).status).toBe(404);
  });
});
