import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { errors as joseErrors } from "jose";
import { HttpProblem } from "./problem";
import type { SessionGuard } from "./session-guard";
import { ACCESS_COOKIE, type AccessClaims, verifyAccessToken } from "./tokens";

export type SignedInUser = AccessClaims;

export function readAccessToken(c: Parameters<MiddlewareHandler>[0]): string | undefined {
  const header = c.req.header("authorization");
  if (header?.startsWith("Bearer ")) return header.slice(7);
  return getCookie(c, ACCESS_COOKIE);
}

/**
 * Every function verifies the access token itself (zero trust: the gateway's check is not
 * relied on), and that its session is still active: a signature outlives a sign-out by up to
 * the token's 15 minutes. Sets `c.var.user`; answers 401 with a problem body otherwise.
 */
export function requireUser(
  secret: Uint8Array,
  sessions: SessionGuard,
): MiddlewareHandler<{ Variables: { user: SignedInUser } }> {
  return async (c, next) => {
    const token = readAccessToken(c);
    if (!token) throw new HttpProblem(401, "Not signed in", "Sign in to continue.");
    let claims: SignedInUser;
    try {
      claims = await verifyAccessToken(token, secret);
    } catch (err) {
      const expired = err instanceof joseErrors.JWTExpired;
      throw new HttpProblem(
        401,
        expired ? "Session expired" : "Invalid token",
        expired ? "Your access token expired; refresh it." : "The access token could not be verified.",
      );
    }
    if (!(await sessions.check(claims))) throw new HttpProblem(401, "Session ended", "Sign in again.");
    c.set("user", claims);
    await next();
  };
}
