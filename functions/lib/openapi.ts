import { z } from "@hono/zod-openapi";

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

const problemContent = { "application/problem+json": { schema: Problem } };

/** OpenAPI response entries for the problems a route can answer with. */
export function problems(...statuses: number[]) {
  const text: Record<number, string> = {
    400: "Invalid request",
    401: "Not signed in",
    403: "Forbidden",
    404: "Not found",
    409: "Conflict",
    410: "Gone",
    413: "Payload too large",
    429: "Too many requests",
  };
  return Object.fromEntries(
    statuses.map((s) => [s, { description: text[s] ?? "Error", content: problemContent }]),
  );
}

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

type OpenApiDoc = { paths?: Record<string, object> };

/** Files every operation of a function under its domain's tag, so docs and generated clients group by domain. */
export function tagOperations<T extends OpenApiDoc>(doc: T, tag: string): T {
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(item)) {
      if (op && typeof op === "object" && !("tags" in op)) (op as { tags?: string[] }).tags = [tag];
    }
  }
  return doc;
}
