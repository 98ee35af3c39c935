import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { resolveClient } from "../lib/client-address";
import type { Config } from "../lib/config";
import { ACCESS_COOKIE, ACCESS_TTL_SECONDS, REFRESH_COOKIE, REFRESH_TTL_DAYS } from "../lib/tokens";

// The refresh token only ever travels to the auth function's own paths.
const REFRESH_PATH = "/api/auth";

/** Secure when the public address is https: PUBLIC_URL's scheme, else the resolved client's. */
export function secureCookies(c: Context, config: Config): boolean {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.startsWith("https:");
  return resolveClient(c, config).proto === "https";
}

export function setSessionCookies(c: Context, config: Config, access: string, refresh?: string) {
  const base = { httpOnly: true, sameSite: "Lax" as const, secure: secureCookies(c, config) };
  setCookie(c, ACCESS_COOKIE, access, { ...base, path: "/", maxAge: ACCESS_TTL_SECONDS });
  if (refresh) {
    setCookie(c, REFRESH_COOKIE, refresh, { ...base, path: REFRESH_PATH, maxAge: REFRESH_TTL_DAYS * 86400 });
  }
}

export function clearSessionCookies(c: Context) {
  deleteCookie(c, ACCESS_COOKIE, { path: "/" });
  deleteCookie(c, REFRESH_COOKIE, { path: REFRESH_PATH });
}
