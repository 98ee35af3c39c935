import { action, query, redirect } from "@solidjs/router";
import { ApiError, authApi, type Me } from "./api";

/** Where /login sends the user back to after signing in. */
export function safeNext(next: string | null | undefined): string {
  // only same-app paths: "/settings" yes, "//evil.example" or "https://…" no
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/api/") ? next : "/";
}

/** Pages that work signed out: an expired session never sends these to /login. */
export function isPublicPath(pathname: string): boolean {
  return pathname === "/login" || pathname === "/register" || pathname.startsWith("/invite/");
}

export function loginPath(): string {
  if (typeof window === "undefined") return "/login";
  const { pathname, search } = window.location;
  // already there (several requests can expire at once): keep the `next` it has
  if (pathname === "/login") return pathname + search;
  return pathname === "/" ? "/login" : `/login?next=${encodeURIComponent(pathname + search)}`;
}

export const getAuthStatus = query(() => authApi.status(), "auth-status");

/** The signed-in user and household; sends a visitor to /register (first visit) or /login. */
export const getMe = query(async (): Promise<Me> => {
  try {
    return await authApi.me();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      const { needsSetup } = await authApi.status();
      throw redirect(needsSetup ? "/register" : loginPath());
    }
    throw error;
  }
}, "me");

/** A form-level error raised before anything is sent (e.g. passwords that differ). */
export function fieldError(field: string, message: string): ApiError {
  return new ApiError({
    type: "about:blank",
    title: "Check the highlighted fields",
    status: 422,
    detail: "Check the highlighted fields.",
    errors: [{ path: field, message }],
  });
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

export const loginAction = action(async (form: FormData) => {
  await authApi.login({ email: text(form, "email").trim(), password: text(form, "password") });
  throw redirect(safeNext(text(form, "next")), { revalidate: ["me", "auth-status", "notifications"] });
}, "login");

/** Registers the owner (no invite code) or the partner (with one), then signs in. */
export const registerAction = action(async (form: FormData) => {
  const password = text(form, "password");
  if (password !== text(form, "confirmPassword"))
    throw fieldError("confirmPassword", "The passwords don't match.");
  const email = text(form, "email").trim();
  const inviteCode = text(form, "inviteCode") || undefined;
  await authApi.register({ email, password, name: text(form, "name").trim(), inviteCode });
  // registration normally signs the new member in; sign in explicitly if it did not
  const signedIn = await authApi.me().then(
    () => true,
    () => false,
  );
  if (!signedIn) await authApi.login({ email, password });
  throw redirect("/", { revalidate: ["me", "auth-status", "notifications"] });
}, "register");

export const logoutAction = action(async () => {
  await authApi.logout().catch(() => undefined);
  throw redirect("/login", { revalidate: ["me", "auth-status", "notifications"] });
}, "logout");
