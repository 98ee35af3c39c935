import { z } from "@hono/zod-openapi";

export const Notification = z
  .object({
    id: z.uuid(),
    type: z.string(),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
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
