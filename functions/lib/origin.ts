import type { MiddlewareHandler } from "hono";
import { resolveClient } from "./client-address";
import type { Config } from "./config";
import { HttpProblem } from "./problem";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** `proto://host` as a browser writes it in Origin (default port dropped); undefined if malformed. */
function requestOrigin({ proto, host }: { proto: string; host: string }): string | undefined {
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return undefined;
  }
}

/**
 * CSRF defence for cookie-authenticated requests: a state-changing request that a browser
 * marks as coming from another site is refused. Requests without Origin (curl, the broker,
 * server-to-server) carry no ambient browser credentials to abuse and pass.
 *
 * The expected origin is PUBLIC_URL's when it is set (and nothing else), otherwise the host
 * and scheme the request came in on: X-Forwarded-Host/Proto count only from a trusted proxy
 * (functions/lib/client-address.ts), or anyone could name the origin they are checked against.
 */
export function sameOrigin(config: Pick<Config, "PUBLIC_URL" | "TRUSTED_PROXIES">): MiddlewareHandler {
  const publicOrigin = config.PUBLIC_URL ? new URL(config.PUBLIC_URL).origin : undefined;
  return async (c, next) => {
    if (!SAFE.has(c.req.method)) {
      const origin = c.req.header("origin");
      const site = c.req.header("sec-fetch-site");
      if (site === "cross-site") throw new HttpProblem(403, "Cross-site request refused");
      if (origin === "null") {
        throw new HttpProblem(403, "Cross-origin request refused", "Opaque origins are not allowed.");
      }
      if (origin) {
        const expected = publicOrigin ?? requestOrigin(resolveClient(c, config));
        if (origin !== expected) {
          throw new HttpProblem(403, "Cross-origin request refused", `Origin ${origin} is not allowed.`);
        }
      }
    }
    await next();
  };
}
