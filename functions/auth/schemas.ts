import { z } from "@hono/zod-openapi";

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address").max(254))
  .openapi({ example: "ana@example.ph" });
export const Password = z
  .string()
  .min(10, "Use at least 10 characters")
  .max(200, "Use at most 200 characters")
  .openapi({ example: "correct horse battery" });
const Name = z.string().trim().min(1, "Enter your name").max(80).openapi({ example: "Ana" });

export const RegisterBody = z
  .object({
    email: Email,
    password: Password,
    name: Name,
    inviteCode: z.string().trim().min(10).max(100).optional(),
  })
  .openapi("RegisterBody");

export const LoginBody = z
  .object({ email: Email, password: z.string().min(1, "Enter your password").max(200) })
  .openapi("LoginBody");

export const ChangePasswordBody = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: Password })
  .openapi("ChangePasswordBody");

export const Role = z.enum(["owner", "partner"]);

export const User = z
  .object({ id: z.uuid(), email: z.string(), name: z.string(), role: Role, householdId: z.uuid() })
  .openapi("User");

export const Member = z
  .object({ id: z.uuid(), name: z.string(), email: z.string(), role: Role })
  .openapi("Member");

export const Me = z
  .object({
    user: User,
    household: z.object({ id: z.uuid(), name: z.string(), members: z.array(Member) }),
  })
  .openapi("Me");

export const UserResponse = z.object({ user: User }).openapi("UserResponse");

export const Invite = z
  .object({ code: z.string(), expiresAt: z.string(), url: z.string() })
  .openapi("Invite");

export const InvitePreview = z
  .object({ householdName: z.string(), invitedBy: z.string(), expiresAt: z.string() })
  .openapi("InvitePreview");

export const Session = z
  .object({
    id: z.uuid(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
    lastUsedAt: z.string(),
    current: z.boolean(),
  })
  .openapi("Session");

export const Status = z.object({ needsSetup: z.boolean() }).openapi("AuthStatus");

export const IdParam = z.object({ id: z.uuid() });
export const CodeParam = z.object({ code: z.string().min(1).max(100) });
