import { type CloudEvent, HTTP } from "cloudevents";

export type ReadResult = { event: CloudEvent<unknown> } | { error: { title: string; detail: string } };

/** One CloudEvent from an HTTP request (binary or structured mode), or why it is not one. */
export async function readCloudEvent(request: Request): Promise<ReadResult> {
  const headers: Record<string, string> = {};
  request.headers.forEach((v, k) => {
    headers[k] = v;
  });
  let event: ReturnType<typeof HTTP.toEvent>;
  try {
    event = HTTP.toEvent({ headers, body: await request.text() });
  } catch (err) {
    return { error: { title: "Not a CloudEvent", detail: err instanceof Error ? err.message : String(err) } };
  }
  if (Array.isArray(event)) {
    return { error: { title: "Batched events unsupported", detail: "send one event per request" } };
  }
  return { event: event as CloudEvent<unknown> };
}
