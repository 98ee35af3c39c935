import { CloudEvent, HTTP } from "cloudevents";
import { CronExpressionParser } from "cron-parser";
import type {
  BrokerDelivery,
  Destination,
  EventingManifests,
  PingSourceSpec,
  TriggerSpec,
} from "./manifests";
import type { EventSink } from "./outbox";

/** Hands an HTTP request to the in-process function that a Knative Service name stands for. */
export type ServiceFetch = (service: string, request: Request) => Promise<Response>;

export interface LocalBrokerOptions {
  /** Multiplies every backoff delay: tests shrink it, production-like runs keep 1. */
  timeScale?: number;
  log?: (msg: string, fields: Record<string, unknown>) => void;
}

// Knative's dispatcher retries these and gives up on other 4xx at once.
const RETRYABLE = (status: number) =>
  status >= 500 || status === 404 || status === 408 || status === 409 || status === 429;

/**
 * The Knative Broker, in process: filters events by each Trigger's attributes and delivers
 * them over the CloudEvents HTTP binding (binary mode) with the Broker's retry, backoff and
 * dead-letter policy. Accepting an event resolves at once, as the broker ingress would.
 */
export class LocalBroker implements EventSink {
  readonly #inFlight = new Set<Promise<void>>();
  readonly #delivery: BrokerDelivery;
  readonly #triggers: TriggerSpec[];
  readonly #brokerName: string;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    manifests: EventingManifests,
    private readonly fetchService: ServiceFetch,
    private readonly options: LocalBrokerOptions = {},
  ) {
    this.#delivery = manifests.broker.delivery;
    this.#brokerName = manifests.broker.name;
    this.#triggers = manifests.triggers.filter((t) => t.broker === manifests.broker.name);
  }

  async send(event: CloudEvent<unknown>): Promise<void> {
    for (const trigger of this.#triggers) {
      if (!matches(trigger.filter, event)) continue;
      const p = this.#deliver(trigger, event).finally(() => this.#inFlight.delete(p));
      this.#inFlight.add(p);
    }
  }

  /**
   * Fires each PingSource on its cron schedule in its own time zone (Asia/Manila for reminders),
   * as Knative's PingSource adapter does: a `dev.knative.sources.ping` event to its sink.
   */
  startPingSources(sources: PingSourceSpec[]): void {
    for (const source of sources) {
      const arm = () => {
        const wait = nextPing(source, new Date()).getTime() - Date.now();
        // setTimeout holds at most ~24.8 days; re-arm before that
        const timer = setTimeout(
          () => {
            this.#timers.delete(timer);
            if (wait <= MAX_TIMER_MS) void this.ping(source, new Date());
            arm();
          },
          Math.min(wait, MAX_TIMER_MS),
        );
        timer.unref?.();
        this.#timers.add(timer);
      };
      arm();
    }
  }

  stopPingSources(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  /** Sends one ping of `source` (its schedule fired at `at`). */
  async ping(source: PingSourceSpec, at: Date): Promise<void> {
    const json = source.contentType?.includes("json") ?? true;
    const event = new CloudEvent({
      type: "dev.knative.sources.ping",
      source: `/apis/v1/namespaces/${source.namespace}/pingsources/${source.name}`,
      time: at.toISOString(),
      datacontenttype: source.contentType ?? "application/json",
      data: source.data && json ? JSON.parse(source.data) : source.data,
    });
    if ("broker" in source.sink) {
      if (source.sink.broker === this.#brokerName) await this.send(event);
      return;
    }
    const to = source.sink;
    const p = this.#post(to, event).then(() => {});
    this.#inFlight.add(p);
    await p.finally(() => this.#inFlight.delete(p));
  }

  /** Resolves once every accepted event has been delivered or dead-lettered. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #deliver(trigger: TriggerSpec, event: CloudEvent<unknown>): Promise<void> {
    const { retry, backoffPolicy, backoffDelayMs } = this.#delivery;
    let last = { status: 0, body: "" };
    for (let attempt = 0; attempt <= retry; attempt++) {
      if (attempt > 0) {
        const factor = backoffPolicy === "exponential" ? 2 ** (attempt - 1) : attempt;
        await sleep(backoffDelayMs * factor * (this.options.timeScale ?? 1));
      }
      last = await this.#post(trigger.subscriber, event);
      if (last.status >= 200 && last.status < 300) return;
      this.options.log?.("event delivery failed", {
        trigger: trigger.name,
        eventId: event.id,
        type: event.type,
        attempt: attempt + 1,
        status: last.status,
      });
      if (!RETRYABLE(last.status)) break;
    }
    await this.#deadLetter(trigger, event, last);
  }

  async #deadLetter(
    trigger: TriggerSpec,
    event: CloudEvent<unknown>,
    last: { status: number; body: string },
  ) {
    const sink = this.#delivery.deadLetterSink;
    if (!sink) {
      // As in Knative: without a dead-letter sink an event that exhausts its retries is dropped.
      this.options.log?.("event dropped", { trigger: trigger.name, eventId: event.id });
      return;
    }
    const dead = event.cloneWith({
      knativeerrordest: `${trigger.subscriber.service}${trigger.subscriber.uri}`,
      knativeerrorcode: String(last.status),
      knativeerrordata: Buffer.from(last.body.slice(0, 1024)).toString("base64"),
    });
    const res = await this.#post(sink, dead);
    if (res.status < 200 || res.status >= 300) {
      this.options.log?.("dead-letter sink refused event", { eventId: event.id, status: res.status });
    }
  }

  async #post(to: Destination, event: CloudEvent<unknown>): Promise<{ status: number; body: string }> {
    const message = HTTP.binary(event);
    const request = new Request(`http://${to.service}.local${to.uri}`, {
      method: "POST",
      headers: message.headers as Record<string, string>,
      body: message.body as string,
    });
    try {
      const res = await this.fetchService(to.service, request);
      return { status: res.status, body: await res.text() };
    } catch (err) {
      // an unreachable subscriber is a 503 to the retry policy
      return { status: 503, body: err instanceof Error ? err.message : String(err) };
    }
  }
}

function matches(filter: Record<string, string>, event: CloudEvent<unknown>): boolean {
  const attrs = event as unknown as Record<string, unknown>;
  return Object.entries(filter).every(([k, v]) => String(attrs[k]) === v);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MAX_TIMER_MS = 2 ** 31 - 1;

/** When a PingSource fires next after `after`, reading its schedule in its time zone. */
export function nextPing(source: Pick<PingSourceSpec, "schedule" | "timezone">, after: Date): Date {
  return CronExpressionParser.parse(source.schedule, { currentDate: after, tz: source.timezone })
    .next()
    .toDate();
}
