import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import canonicalize from "canonicalize";
import type { CloudEvent } from "cloudevents";

/**
 * The CloudEvents extension attribute that carries an event's HMAC (lowercase alphanumeric,
 * as the spec requires; `ce-fintracksig` in binary mode). Brokers pass extensions through, and
 * the dead-letter copy keeps it: it only adds knativeerror* attributes, which are not signed.
 */
export const SIGNATURE_ATTRIBUTE = "fintracksig";

/**
 * The event-signing key, derived from a secret every function already has (JWT_SECRET_KEY, or
 * EVENT_SIGNING_KEY when set): HKDF keeps it independent of the token-signing use of the same
 * secret, so one never stands in for the other.
 */
export function deriveEventKey(secret: string | Uint8Array): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", secret, "fintrack", "cloudevents-hmac-sha256-v1", 32));
}

type Signable = Pick<CloudEvent<unknown>, "specversion" | "id" | "type" | "source" | "subject" | "data">;

// What the signature covers: the attributes a receiver acts on and the data as RFC 8785 JSON,
// so key order and whitespace introduced on the way (JSON re-serialisation) do not matter.
function canonicalForm(event: Signable): string {
  const data = typeof event.data === "string" ? parseOrKeep(event.data) : (event.data ?? null);
  return canonicalize({
    specversion: event.specversion,
    id: event.id,
    type: event.type,
    source: event.source,
    ...(event.subject ? { subject: event.subject } : {}),
    data,
  }) as string;
}

const mac = (event: Signable, key: Uint8Array) =>
  createHmac("sha256", key).update(canonicalForm(event)).digest();

/** The same event with its signature attribute set. */
export function signEvent<T>(event: CloudEvent<T>, key: Uint8Array): CloudEvent<T> {
  return event.cloneWith({ [SIGNATURE_ATTRIBUTE]: mac(event, key).toString("hex") });
}

/** Whether the event carries a valid signature under `key` (constant-time comparison). */
export function verifyEvent(event: CloudEvent<unknown>, key: Uint8Array): boolean {
  const claimed = (event as unknown as Record<string, unknown>)[SIGNATURE_ATTRIBUTE];
  if (typeof claimed !== "string" || !/^[0-9a-f]{64}$/.test(claimed)) return false;
  return timingSafeEqual(Buffer.from(claimed, "hex"), mac(event, key));
}

function parseOrKeep(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
