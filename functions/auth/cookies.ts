import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { Config } from "../lib/config";
import { ACCESS_COOKIE, ACCESS_TTL_SECONDS, REFRESH_COOKIE, REFRESH_TTL_DAYS } from "../lib/tokens";

// The refresh token only ever travels to the auth function's own paths.
const REFRESH_PATH = "/api/auth";

function secure(c: Context, config: Config): boolean {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.startsWith("https:");
  return (c.req.header("x-forwarded-proto") ?? new URL(c.req.url).protocol.replace(":", "")) === "https";
}

export function setSessionCookies(c: Context, config: Config, access: string, refresh?: string) {
  const base = { httpOnly: true, sameSite: "Lax" as const, secure: secure(c, config) };
  setCookie(c, ACCESS_COOKIE, access, { ...base, path: "/", maxAge: ACCESS_TTL_SECONDS });
  if (refresh) {
    setCookie(c, REFRESH_COOKIE, refresh, { ...base, path: REFRESH_PATH, maxAge: REFRESH_TTL_DAYS * 86400 });
  }
}

export function clearSessionCookies(c: Context) {
  deleteCookie(c, ACCESS_COOKIE, { path: "/" });
  deleteCookie(c, REFRESH_COOKIE, { path: REFRESH_PATH });
}
