import { z } from "zod";

/**
 * Every CloudEvent type FinTrack emits, with the schema of its data. Producers validate
 * before writing to the outbox; consumers validate again on receipt. Data carries ids and
 * the few fields consumers need — never a password, a token or file bytes.
 */
export const catalog = {
  "ph.fintrack.household.member_joined.v1": z.object({
    householdId: z.uuid(),
    userId: z.uuid(),
    name: z.string().min(1),
    role: z.enum(["owner", "partner"]),
  }),
} as const;

export type EventType = keyof typeof catalog;
export type EventData<T extends EventType> = z.infer<(typeof catalog)[T]>;
export const eventTypes = Object.keys(catalog) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(catalog, type);
}

/** `source` attribute for events produced by a function. */
export const sourceOf = (fn: string) => `/fintrack/${fn}`;
