import { type CloudEvent, HTTP } from "cloudevents";
import type { EventSink } from "./outbox";

/** Sends events to a Knative Broker ingress (K_SINK) in binary content mode. */
export class HttpSink implements EventSink {
  constructor(
    private readonly url: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async send(event: CloudEvent<unknown>): Promise<void> {
    const message = HTTP.binary(event);
    const res = await this.fetchImpl(this.url, {
      method: "POST",
      headers: message.headers as Record<string, string>,
      body: message.body as string,
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`broker answered ${res.status} for event ${event.id}`);
  }
}
