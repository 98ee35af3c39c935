import type { MiddlewareHandler } from "hono";
import { HttpProblem } from "./problem";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for cookie-authenticated requests: a state-changing request that a browser
 * marks as coming from another site is refused. Requests without Origin (curl, the broker,
 * server-to-server) carry no ambient browser credentials to abuse and pass.
 */
export function sameOrigin(publicUrl?: string): MiddlewareHandler {
  const allowed = publicUrl ? new URL(publicUrl).origin : undefined;
  return async (c, next) => {
    if (!SAFE.has(c.req.method)) {
      const origin = c.req.header("origin");
      const site = c.req.header("sec-fetch-site");
      if (site === "cross-site") throw new HttpProblem(403, "Cross-site request refused");
      if (origin && origin !== "null") {
        const proto = c.req.header("x-forwarded-proto") ?? new URL(c.req.url).protocol.replace(":", "");
        const host = c.req.header("x-forwarded-host") ?? c.req.header("host") ?? new URL(c.req.url).host;
        const expected = allowed ?? `${proto}://${host}`;
        if (origin !== expected && origin !== `${proto}://${host}`) {
          throw new HttpProblem(403, "Cross-origin request refused", `Origin ${origin} is not allowed.`);
        }
      } else if (origin === "null") {
        throw new HttpProblem(403, "Cross-origin request refused", "Opaque origins are not allowed.");
      }
    }
    await next();
  };
}
