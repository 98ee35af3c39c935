import type { MiddlewareHandler } from "hono";
import { HttpProblem } from "../lib/problem";

/**
 * A per-client fixed-window limit in front of every API call: a runaway script or a
 * misbehaving tab cannot starve the household's small server. Login has its own stricter,
 * database-backed limit in the auth function.
 */
export function rateLimit(opts: {
  limit: number;
  windowMs: number;
  key: (c: Parameters<MiddlewareHandler>[0]) => string;
}) {
  const windows = new Map<string, { start: number; count: number }>();
  const handler: MiddlewareHandler = async (c, next) => {
    const now = Date.now();
    const key = opts.key(c);
    let w = windows.get(key);
    if (!w || now - w.start >= opts.windowMs) {
      w = { start: now, count: 0 };
      windows.set(key, w);
      if (windows.size > 10_000) {
        for (const [k, v] of windows) if (now - v.start >= opts.windowMs) windows.delete(k);
      }
    }
    w.count++;
    if (w.count > opts.limit) {
      const retry = Math.ceil((w.start + opts.windowMs - now) / 1000);
      throw new HttpProblem(429, "Too many requests", `Slow down; try again in ${retry} s.`, {
        headers: { "retry-after": String(retry) },
      });
    }
    await next();
  };
  return handler;
}
