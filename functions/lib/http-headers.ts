import type { MiddlewareHandler } from "hono";
import { problemResponse } from "./problem";

/**
 * Headers on every API response: JSON is never sniffed into something executable, and
 * nothing a member reads (balances, notifications…) is kept by a browser or shared cache.
 * A handler that chose its own Cache-Control (the docs' static assets) keeps it.
 */
export function apiHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    let headers = c.res.headers;
    try {
      headers.set("x-content-type-options", "nosniff");
    } catch {
      // a response straight from fetch() (the cluster forwarder) has immutable headers
      c.res = new Response(c.res.body, c.res);
      headers = c.res.headers;
      headers.set("x-content-type-options", "nosniff");
    }
    if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  };
}

/**
 * The largest request header block the app accepts, in bytes (names, values and separators).
 * It is the limit Node and bun apply by default; the servers are started with a larger one
 * (functions/serve.ts) so that this check, which answers problem+json, trips first.
 */
export const MAX_HEADER_BYTES = 16 * 1024;

export function headerSize(headers: Headers): number {
  let total = 0;
  headers.forEach((value, name) => {
    total += name.length + value.length + 4; // ": " and CRLF
  });
  return total;
}

export function limitHeaderSize(max = MAX_HEADER_BYTES): MiddlewareHandler {
  return async (c, next) => {
    if (headerSize(c.req.raw.headers) > max) {
      return problemResponse(
        c,
        431,
        "Request headers too large",
        `The request headers are larger than ${max} bytes; clear this site's cookies and try again.`,
      );
    }
    await next();
  };
}
