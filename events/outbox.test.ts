import { type DbHandle, rows } from "@fintrack/db";
import { openSecondHandle, openTestDatabase } from "@fintrack/db/testing";
import type { CloudEvent } from "cloudevents";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type EventSink, enqueue, OutboxPublisher } from "./outbox";
import { deriveEventKey } from "./signature";

const KEY = deriveEventKey("a test secret that is long enough to sign with");

let handle: DbHandle;
let second: DbHandle;
beforeEach(async () => {
  handle = await openTestDatabase();
  second = await openSecondHandle(handle);
});
afterEach(async () => {
  await second.close();
  await handle.close();
});

class CountingSink implements EventSink {
  readonly ids: string[] = [];
  constructor(private readonly delayMs = 0) {}
  async send(event: CloudEvent<unknown>) {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    this.ids.push(event.id);
  }
}

async function enqueueMany(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 50) {
    await handle.db.transaction(async (tx) => {
      for (let j = i; j < Math.min(n, i + 50); j++) {
        ids.push(
          await enqueue(tx, {
            type: "ph.fintrack.household.member_joined.v1",
            source: "/fintrack/test",
            subject: `user-${j}`,
            data: {
              householdId: "00000000-0000-7000-8000-000000000001",
              userId: "00000000-0000-7000-8000-000000000002",
              name: `Member ${j}`,
              role: "partner",
            },
          }),
        );
      }
    });
  }
  return ids;
}

const unpublished = async () =>
  (
    await rows<{ n: number }>(
      handle.db,
      sql`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
    )
  )[0]!.n;

describe("outbox with two publishers on one database (two replicas)", () => {
  it("publishes every event exactly once while both flush concurrently and repeatedly", async () => {
    const sinkA = new CountingSink(1);
    const sinkB = new CountingSink(1);
    const a = new OutboxPublisher(handle.db, sinkA, KEY);
    const b = new OutboxPublisher(second.db, sinkB, KEY);
    const first = await enqueueMany(250);
    // more rows arrive while both are publishing
    const flushes = Promise.all([
      ...Array.from({ length: 4 }, async () => {
        await a.flush();
        await b.flush();
      }),
      ...Array.from({ length: 4 }, async () => {
        await b.flush();
        await a.flush();
      }),
    ]);
    const more = await enqueueMany(100);
    await flushes;
    await Promise.all([a.flush(), b.flush()]);
    await Promise.all([a.flush(), b.flush()]);

    const published = [...sinkA.ids, ...sinkB.ids];
    expect(published.length).toBe(350);
    expect(new Set(published).size).toBe(350);
    expect(new Set(published)).toEqual(new Set([...first, ...more]));
    expect(sinkA.ids.length).toBeGreaterThan(0);
    expect(sinkB.ids.length).toBeGreaterThan(0);
    expect(await unpublished()).toBe(0);
  });

  it("leaves rows another publisher claimed alone until its lease expires, then takes them", async () => {
    const ids = await enqueueMany(5);
    // a publisher that claims and then never finishes: its pod died mid-publish
    const stuck: EventSink = { send: () => new Promise(() => {}) };
    const crashed = new OutboxPublisher(handle.db, stuck, KEY, () => {}, { leaseMs: 400 });
    void crashed.flush();
    await new Promise((r) => setTimeout(r, 100));

    const sink = new CountingSink();
    const healthy = new OutboxPublisher(second.db, sink, KEY, () => {}, { leaseMs: 400 });
    expect(await healthy.flush()).toBe(0);
    expect(sink.ids).toEqual([]);

    await new Promise((r) => setTimeout(r, 450));
    expect(await healthy.flush()).toBe(5);
    expect(new Set(sink.ids)).toEqual(new Set(ids));
    expect(await unpublished()).toBe(0);
  });

  it("starts no send in the last quarter of its lease: it claims the rest again first", async () => {
    const ids = await enqueueMany(6);
    const leftMs: number[] = [];
    const sent: string[] = [];
    const slow: EventSink = {
      async send(event) {
        const [r] = await rows<{ ms: number }>(
          second.db,
          sql`SELECT (extract(epoch FROM claimed_until - now()) * 1000)::float8 AS ms FROM outbox WHERE id = ${event.id}::uuid`,
        );
        leftMs.push(Number(r!.ms));
        await new Promise((res) => setTimeout(res, 600));
        sent.push(event.id);
      },
    };
    // a lease long enough that a busy machine's own delays stay small beside it
    const publisher = new OutboxPublisher(handle.db, slow, KEY, () => {}, { leaseMs: 2000 });
    expect(await publisher.flush()).toBe(6);
    expect(sent).toEqual(ids);
    // each send began with about a quarter of the 2 s lease still ahead (500 ms at the check,
    // less the time to measure it); without the renewal the fourth would start with 200 ms left
    for (const ms of leftMs) expect(ms).toBeGreaterThan(400);
    expect(await unpublished()).toBe(0);
  });
});
