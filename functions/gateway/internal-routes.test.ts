import { schema } from "@fintrack/db";
import { signEvent } from "@fintrack/events";
import { CloudEvent, HTTP } from "cloudevents";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { householdOfTwo, ORIGIN, useTestApp } from "../testing";

const app = useTestApp();

const MEMBER_JOINED = "ph.fintrack.household.member_joined.v1";

function forged(householdId: string, userId: string) {
  return new CloudEvent({
    type: MEMBER_JOINED,
    source: "/fintrack/auth",
    data: { householdId, userId, name: "Mallory", role: "partner" },
  });
}

/** The event as the broker would post it (binary mode), as a request to `path`. */
function asRequest(event: CloudEvent<unknown>, path: string, headers: Record<string, string> = {}) {
  const message = HTTP.binary(event);
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { ...(message.headers as Record<string, string>), ...headers },
    body: message.body as string,
  });
}

const VARIANTS = [
  "/api/notifications/%65vents",
  "/api/notifications/%65%76%65%6E%74%73",
  "/api/transactions/%65vents",
  "/api/deadletter%73",
  "/api/deadletters/",
  "/api/notifications/events/",
  "/api/notifications/x/%2e%2e/events",
  "/api/notifications/x/%2E%2E/%2e%2e/deadletters",
  "/api/notifications%2Fevents",
  "/api/notifications%2fevents",
  "/api/notifications%5Cevents",
  "/api//notifications/events",
  "/api/notifications//events",
  "//api/notifications/events",
  "/api/notifications/%00events",
  "/api/notifications/%E0%A4%A",
];

describe("internal routes through the gateway", () => {
  it("refuses forged CloudEvents on every spelling of a receiver's path, and stores nothing", async () => {
    const { owner, partner, ownerUser, partnerUser } = await householdOfTwo(app);
    await app.runtime.settle();
    const cookie = [...partner.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    for (const path of VARIANTS) {
      const res = await app.fetch(
        asRequest(forged(ownerUser.householdId, partnerUser.id), path, { cookie, origin: ORIGIN }),
      );
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers.get("content-type"), path).toContain("application/problem+json");
    }
    await app.runtime.settle();
    const titles = (await owner.get("/api/notifications")).data.items.map((n: { title: string }) => n.title);
    expect(titles).toEqual(["Ben joined your household"]);
    expect(await app.db.select().from(schema.deadLetters)).toHaveLength(0);
  });

  it("answers a path that could be read two ways with 400 problem+json", async () => {
    const c = app.client();
    for (const path of [
      "/api/auth%2Fme",
      "/api/auth%5Cme",
      "/api//auth/me",
      "/api/auth/%zz",
      "/api/auth/me%00",
    ]) {
      const res = await c.get(path);
      expect(res.status, path).toBe(400);
      expect(res.headers.get("content-type"), path).toContain("application/problem+json");
      expect(res.data.title, path).toBe("Invalid path");
    }
    // a harmless encoding reaches the same route as the plain spelling
    expect((await c.get("/api/auth/%68ealth")).data).toEqual({ status: "ok", function: "auth" });
  });
});

describe("event receivers authenticate the broker (no gateway in front)", () => {
  it("answers an unsigned or wrongly signed event with 401 and stores nothing; a signed one is processed", async () => {
    const { owner, ownerUser, partnerUser } = await householdOfTwo(app);
    await app.runtime.settle();
    const notifications = app.runtime.modules.get("notifications")!.app;
    const deadletters = app.runtime.modules.get("deadletters")!.app;
    const event = forged(ownerUser.householdId, partnerUser.id);
    const wrongKey = new Uint8Array(32).fill(7);
    const tampered = signEvent(event, app.config.eventKey).cloneWith({
      data: { householdId: ownerUser.householdId, userId: partnerUser.id, name: "Eve", role: "partner" },
    });

    for (const [name, e] of [
      ["unsigned", event],
      ["wrong key", signEvent(event, wrongKey)],
      ["tampered data", tampered],
      ["garbage signature", event.cloneWith({ fintracksig: "abc" })],
    ] as const) {
      for (const [fn, path] of [
        [notifications, "/api/notifications/events"],
        [deadletters, "/api/deadletters"],
      ] as const) {
        const res = await fn.fetch(asRequest(e, path));
        expect(res.status, `${name} → ${path}`).toBe(401);
        expect(res.headers.get("content-type")).toContain("application/problem+json");
      }
    }
    await app.runtime.settle();
    expect((await owner.get("/api/notifications")).data.items).toHaveLength(1);
    expect(await app.db.select().from(schema.deadLetters)).toHaveLength(0);
    expect(
      await app.db.select().from(schema.processedEvents).where(eq(schema.processedEvents.eventId, event.id)),
    ).toHaveLength(0);

    const signed = signEvent(event, app.config.eventKey);
    expect((await notifications.fetch(asRequest(signed, "/api/notifications/events"))).status).toBe(200);
    // structured mode carries the signature as an attribute in the body
    const structured = HTTP.structured(
      signEvent(forged(ownerUser.householdId, partnerUser.id), app.config.eventKey),
    );
    const res = await notifications.fetch(
      new Request(`${ORIGIN}/api/notifications/events`, {
        method: "POST",
        headers: structured.headers as Record<string, string>,
        body: structured.body as string,
      }),
    );
    expect(res.status).toBe(200);
    const titles = (await owner.get("/api/notifications")).data.items.map((n: { title: string }) => n.title);
    expect(titles.filter((t: string) => t === "Mallory joined your household")).toHaveLength(2);
    expect((await deadletters.fetch(asRequest(signed, "/api/deadletters"))).status).toBe(202);
    expect(await app.db.select().from(schema.deadLetters)).toHaveLength(1);
  });
});
