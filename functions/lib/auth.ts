import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { errors as joseErrors } from "jose";
import { HttpProblem } from "./problem";
import { ACCESS_COOKIE, type AccessClaims, verifyAccessToken } from "./tokens";

export type SignedInUser = AccessClaims;

export function readAccessToken(c: Parameters<MiddlewareHandler>[0]): string | undefined {
  const header = c.req.header("authorization");
  if (header?.startsWith("Bearer ")) return header.slice(7);
  return getCookie(c, ACCESS_COOKIE);
}

/**
 * Every function verifies the access token itself (zero trust: the gateway's check is not
 * relied on). Sets `c.var.user`; answers 401 with a problem body otherwise.
 */
export function requireUser(secret: Uint8Array): MiddlewareHandler<{ Variables: { user: SignedInUser } }> {
  return async (c, next) => {
    const token = readAccessToken(c);
    if (!token) throw new HttpProblem(401, "Not signed in", "Sign in to continue.");
    try {
      c.set("user", await verifyAccessToken(token, secret));
    } catch (err) {
      const expired = err instanceof joseErrors.JWTExpired;
      throw new HttpProblem(
        401,
        expired ? "Session expired" : "Invalid token",
        expired ? "Your access token expired; refresh it." : "The access token could not be verified.",
      );
    }
    await next();
  };
}
