import type { z } from "@hono/zod-openapi";
import { HttpProblem } from "./problem";

/** A cursor is opaque to clients but not trusted: it is input like any other. */
const MAX_CURSOR_CHARS = 300;

export const invalidCursor = () =>
  new HttpProblem(400, "Invalid request", "The cursor is not valid for this list.", {
    errors: [{ path: "cursor", message: "Invalid cursor; start again from the first page" }],
  });

/**
 * Keyset-pagination cursors for any list: the last row's sort key as base64url JSON, read
 * back through a zod schema so a hand-made cursor (an impossible date, an id that is no uuid,
 * an amount beyond bigint) is a 400, never a database error. Every list that pages by cursor
 * uses this one codec.
 */
export function cursorCodec<S extends z.ZodType>(schema: S) {
  return {
    encode: (value: z.input<S>): string => Buffer.from(JSON.stringify(value)).toString("base64url"),
    decode(raw: string): z.output<S> {
      if (raw.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]*$/.test(raw)) throw invalidCursor();
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
      } catch {
        throw invalidCursor();
      }
      const result = schema.safeParse(parsed);
      if (!result.success) throw invalidCursor();
      return result.data;
    },
  };
}
