import { afterEach, describe, expect, it, vi } from "vitest";
import { LocalBroker, nextPing } from "./local-broker";
import type { EventingManifests, PingSourceSpec } from "./manifests";

const received: { type: string; source: string; data: string; path: string }[] = [];

function broker(pingSources: PingSourceSpec[] = []) {
  const manifests: EventingManifests = {
    broker: { name: "default", delivery: { retry: 0, backoffPolicy: "exponential", backoffDelayMs: 1 } },
    triggers: [
      {
        name: "reminders-tick",
        broker: "default",
        filter: { type: "dev.knative.sources.ping" },
        subscriber: { service: "reminders", uri: "/api/reminders/events" },
      },
    ],
    pingSources,
    services: ["reminders"],
  };
  return new LocalBroker(manifests, async (service, req) => {
    received.push({
      type: req.headers.get("ce-type") ?? "",
      source: req.headers.get("ce-source") ?? "",
      data: await req.text(),
      path: `${service}${new URL(req.url).pathname}`,
    });
    return new Response(null, { status: 202 });
  });
}

const daily: PingSourceSpec = {
  name: "reminders-daily",
  namespace: "expense-tracker",
  schedule: "0 8 * * *",
  timezone: "Asia/Manila",
  contentType: "application/json",
  data: '{"kind":"daily"}',
  sink: { broker: "default" },
};

afterEach(() => {
  received.length = 0;
  vi.useRealTimers();
});

describe("PingSources in the local broker", () => {
  it("reads the schedule in the PingSource's time zone (08:00 in Manila is 00:00 UTC)", () => {
    expect(nextPing(daily, new Date("2026-11-25T00:30:00Z")).toISOString()).toBe("2026-11-26T00:00:00.000Z");
    expect(nextPing(daily, new Date("2026-11-24T23:59:00Z")).toISOString()).toBe("2026-11-25T00:00:00.000Z");
  });

  it("sends a ping through the Broker, where Triggers route it like any event", async () => {
    const b = broker();
    await b.ping(daily, new Date("2026-11-25T00:00:00Z"));
    await b.idle();
    expect(received).toEqual([
      {
        type: "dev.knative.sources.ping",
        source: "/apis/v1/namespaces/expense-tracker/pingsources/reminders-daily",
        data: '{"kind":"daily"}',
        path: "reminders/api/reminders/events",
      },
    ]);
  });

  it("fires on schedule and keeps firing", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    vi.setSystemTime(new Date("2026-11-25T23:59:30Z"));
    const b = broker([{ ...daily, schedule: "* * * * *" }]);
    b.startPingSources([{ ...daily, schedule: "* * * * *" }]);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(received).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2_000);
    await vi.advanceTimersByTimeAsync(60_000);
    b.stopPingSources();
    await b.idle();
    expect(received).toHaveLength(2);
  });
});
