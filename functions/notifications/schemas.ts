import { z } from "@hono/zod-openapi";
import { kindNames } from "./kinds";
import { DiscordWebhookUrl } from "./webhook-secret";

export const Notification = z
  .object({
    id: z.uuid(),
    type: z.string(),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    /** Recorded during the member's quiet hours: counted in the badge, no toast. */
    silent: z.boolean(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi("Notification");

export const NotificationList = z
  .object({ items: z.array(Notification), unread: z.number().int() })
  .openapi("NotificationList");

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  unreadOnly: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});

export const IdParam = z.object({ id: z.uuid() });

export const Deleted = z.object({ deleted: z.number().int() }).openapi("NotificationsDeleted");

const Kind = z.enum(kindNames);
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day as HH:MM (24-hour)");

export const QuietHours = z
  .object({ start: HHMM, end: HHMM })
  .refine((q) => q.start !== q.end, "start and end must differ")
  .openapi("QuietHours");

export const Preferences = z
  .object({
    kinds: z.array(z.object({ kind: Kind, label: z.string(), inApp: z.boolean(), discord: z.boolean() })),
    quietHours: QuietHours.nullable(),
    timeZone: z.string(),
  })
  .openapi("NotificationPreferences");

export const PreferencesInput = z
  .object({
    kinds: z
      .array(z.object({ kind: Kind, inApp: z.boolean(), discord: z.boolean() }))
      .max(kindNames.length * 2)
      .optional(),
    quietHours: QuietHours.nullable().optional(),
  })
  .openapi("NotificationPreferencesInput");

export const DiscordInput = z.object({ url: DiscordWebhookUrl }).openapi("DiscordWebhookInput");

export const DiscordStatus = z
  .object({
    /** Where posts for this member go: their own webhook, the server's, or nowhere. */
    source: z.enum(["settings", "environment"]).nullable(),
    /** The webhook as `https://discord.com/api/webhooks/…/••••abcd`; never the full URL. */
    masked: z.string().nullable(),
    lastDelivery: z
      .object({
        id: z.uuid(),
        kind: z.string(),
        status: z.enum(["pending", "sent", "failed"]),
        attempts: z.number().int(),
        error: z.string().nullable(),
        createdAt: z.string(),
        sentAt: z.string().nullable(),
      })
      .nullable(),
    failedCount: z.number().int(),
  })
  .openapi("DiscordStatus");

export const TestQueued = z.object({ deliveryId: z.uuid() }).openapi("DiscordTestQueued");
