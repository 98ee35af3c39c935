import type { Context } from "hono";

/** JSON response that writes bigint (money in centavos) as a decimal string, never as a float. */
export function jsonWithBigint(c: Context, body: unknown, status = 200): Response {
  const text = JSON.stringify(body, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return c.body(text, status as 200, { "content-type": "application/json" });
}
