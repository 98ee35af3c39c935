import { readCloudEvent, verifyEvent } from "@fintrack/events";
import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../lib/auth";
import { createFunctionApp, type FunctionDeps } from "../lib/function-app";
import { json, problems } from "../lib/openapi";
import { HttpProblem } from "../lib/problem";
import { listDeadLetters, storeDeadLetter } from "./service";

const DeadLetterItem = z
  .object({
    id: z.uuid(),
    eventId: z.string(),
    type: z.string(),
    source: z.string(),
    destination: z.string().nullable(),
    errorCode: z.string().nullable(),
    error: z.string().nullable(),
    receivedAt: z.string(),
  })
  .openapi("DeadLetter");

export function deadLetterRoutes(deps: FunctionDeps) {
  const app = createFunctionApp("deadletters", deps);

  // The Broker's deadLetterSink: events that exhausted their retries land here, with the
  // knativeerror* extensions saying where they failed and why.
  app.post("/api/deadletters", async (c) => {
    const read = await readCloudEvent(c.req.raw);
    if ("error" in read) throw new HttpProblem(400, read.error.title, read.error.detail);
    const { event } = read;
    // only what our outbox signed, relayed by the broker, is a dead letter; the broker does
    // not retry a 401, so a forgery is dropped
    if (!verifyEvent(event, deps.config.eventKey)) {
      throw new HttpProblem(401, "Unsigned event", "The event carries no valid signature.");
    }
    const ext = event as unknown as Record<string, unknown>;
    await storeDeadLetter(deps.db, {
      eventId: event.id,
      type: event.type,
      source: event.source,
      data: event.data ?? null,
      destination: ext.knativeerrordest as string | undefined,
      errorCode: ext.knativeerrorcode as string | undefined,
      errorData: ext.knativeerrordata as string | undefined,
    });
    c.get("log").warn(
      { eventId: event.id, type: event.type, dest: ext.knativeerrordest },
      "dead letter stored",
    );
    return c.body(null, 202);
  });

  app.use("/api/deadletters/list", requireUser(deps.config.jwtSecret, deps.sessions));
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/deadletters/list",
      operationId: "listDeadLetters",
      summary: "Events that could not be delivered after every retry",
      security: [{ cookieAuth: [] }],
      responses: {
        200: json(z.object({ items: z.array(DeadLetterItem) }), "Dead letters"),
        ...problems(401),
      },
    }),
    async (c) => c.json({ items: await listDeadLetters(deps.db, c.get("user").householdId) }, 200),
  );
  return app;
}
