import { createRoute } from "@hono/zod-openapi";
import { requireUser } from "../lib/auth";
import { createFunctionApp, type FunctionDeps } from "../lib/function-app";
import { json, jsonBody, problems } from "../lib/openapi";
import { monthOf, todayInManila } from "./months";
import {
  Budget,
  BudgetList,
  CreateBudgetBody,
  IdParam,
  ProgressQuery,
  ProgressResponse,
  UpdateBudgetBody,
} from "./schemas";
import * as budgets from "./service";

const security = [{ cookieAuth: [] }];

export function budgetRoutes(deps: FunctionDeps) {
  const app = createFunctionApp("budgets", deps);
  const middleware = requireUser(deps.config.jwtSecret, deps.sessions);
  const { db } = deps;

  // static paths first: /progress must not be read as an {id}
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/budgets/progress",
      operationId: "getBudgetProgress",
      summary: "Spent, left, daily allowance and projected month-end of every budget for a month",
      security,
      middleware,
      request: { query: ProgressQuery },
      responses: { 200: json(ProgressResponse, "Progress"), ...problems(400, 401) },
    }),
    async (c) => {
      const month = c.req.valid("query").month ?? monthOf(todayInManila());
      return c.json(await budgets.progress(db, c.get("user"), month), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/budgets",
      operationId: "listBudgets",
      summary: "The household's budgets and the member's personal ones",
      security,
      middleware,
      responses: { 200: json(BudgetList, "Budgets"), ...problems(401) },
    }),
    async (c) => c.json(await budgets.list(db, c.get("user")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/budgets",
      operationId: "createBudget",
      summary: "Add a monthly budget for an expense category or overall, household or personal",
      security,
      middleware,
      request: { body: jsonBody(CreateBudgetBody) },
      responses: { 201: json(Budget, "Created"), ...problems(400, 401, 409) },
    }),
    async (c) => {
      const created = await budgets.create(db, c.get("user"), c.req.valid("json"));
      deps.publish();
      return c.json(created, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/budgets/{id}",
      operationId: "getBudget",
      summary: "One budget with its limit history",
      security,
      middleware,
      request: { params: IdParam },
      responses: { 200: json(Budget, "Budget"), ...problems(400, 401, 404) },
    }),
    async (c) => c.json(await budgets.get(db, c.get("user"), c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/budgets/{id}",
      operationId: "updateBudget",
      summary: "Change a budget's limit from a month onward, its rollover or its thresholds",
      security,
      middleware,
      request: { params: IdParam, body: jsonBody(UpdateBudgetBody) },
      responses: { 200: json(Budget, "Updated"), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const updated = await budgets.update(db, c.get("user"), c.req.valid("param").id, c.req.valid("json"));
      deps.publish();
      return c.json(updated, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/budgets/{id}",
      operationId: "deleteBudget",
      summary: "Delete a budget with its limits and alerts",
      security,
      middleware,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...problems(400, 401, 404) },
    }),
    async (c) => {
      await budgets.remove(db, c.get("user"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  return app;
}
