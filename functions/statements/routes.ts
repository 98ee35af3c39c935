import { createRoute } from "@hono/zod-openapi";
import { requireUser } from "../lib/auth";
import { createFunctionApp, type FunctionDeps } from "../lib/function-app";
import { json, problems } from "../lib/openapi";
import { CurrentCycle, CycleList, HistoryQuery, IdParam } from "./schemas";
import * as service from "./service";

const security = [{ cookieAuth: [] }];

/** Read-only for both members: statements are recorded by smart input, payments by the ledger. */
export function statementRoutes(deps: FunctionDeps, opts: service.StatementsOptions) {
  const app = createFunctionApp("statements", deps);
  const middleware = requireUser(deps.config.jwtSecret, deps.sessions);
  const { db } = deps;

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/statements/cards/{id}/cycles",
      operationId: "listStatementCycles",
      summary: "A card's closed statement cycles, newest first: recorded from its statements or computed",
      security,
      middleware,
      request: { params: IdParam, query: HistoryQuery },
      responses: { 200: json(CycleList, "Statement cycles"), ...problems(400, 401, 404) },
    }),
    async (c) =>
      c.json(
        await service.history(db, c.get("user"), c.req.valid("param").id, c.req.valid("query"), opts),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/statements/cards/{id}/current",
      operationId: "getCurrentStatementCycle",
      summary: "A card's cycle building up since its last statement, with that statement",
      security,
      middleware,
      request: { params: IdParam },
      responses: { 200: json(CurrentCycle, "Current cycle"), ...problems(400, 401, 404) },
    }),
    async (c) => c.json(await service.current(db, c.get("user"), c.req.valid("param").id, opts), 200),
  );

  return app;
}
