import { action, query } from "@solidjs/router";
import { authApi, deadLettersApi } from "./api";
import { fieldError } from "./auth";

export const getSessions = query(() => authApi.sessions(), "sessions");

export const getDeadLetters = query(() => deadLettersApi.list(), "dead-letters");

export const createInviteAction = action(async () => {
  const invite = await authApi.createInvite();
  // the API returns a path (/invite/<code>); the partner needs a full link
  return { ...invite, link: new URL(invite.url, window.location.origin).toString() };
}, "create-invite");

export const changePasswordAction = action(async (form: FormData) => {
  const currentPassword = String(form.get("currentPassword") ?? "");
  const newPassword = String(form.get("newPassword") ?? "");
  if (newPassword !== String(form.get("confirmPassword") ?? "")) {
    throw fieldError("confirmPassword", "The new passwords don't match.");
  }
  await authApi.changePassword({ currentPassword, newPassword });
  return { changedAt: Date.now() };
}, "change-password");

export const revokeSessionAction = action(async (id: string) => {
  await authApi.revokeSession(id);
}, "revoke-session");

export const revokeOtherSessionsAction = action(async () => {
  await authApi.revokeOtherSessions();
}, "revoke-other-sessions");
