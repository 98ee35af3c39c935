import { createRoute } from "@hono/zod-openapi";
import { requireUser } from "../lib/auth";
import { createFunctionApp, type FunctionDeps } from "../lib/function-app";
import { json, jsonBody, problems } from "../lib/openapi";
import {
  CancelPlanBody,
  CreatePlanBody,
  FutureObligations,
  IdParam,
  ListQuery,
  Plan,
  PlanList,
  UpdatePlanBody,
} from "./schemas";
import * as service from "./service";

const security = [{ cookieAuth: [] }];

export function installmentRoutes(deps: FunctionDeps) {
  const app = createFunctionApp("installments", deps);
  const middleware = requireUser(deps.config.jwtSecret, deps.sessions);
  const { db } = deps;

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/installments",
      operationId: "listInstallmentPlans",
      summary: "Installment plans on the cards this member sees, with their schedules",
      security,
      middleware,
      request: { query: ListQuery },
      responses: { 200: json(PlanList, "Plans"), ...problems(400, 401) },
    }),
    async (c) => c.json(await service.listPlans(db, c.get("user"), c.req.valid("query").cardAccountId), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/installments",
      operationId: "createInstallmentPlan",
      summary: "Make a card purchase an installment plan, or record a new purchase with its plan",
      security,
      middleware,
      request: { body: jsonBody(CreatePlanBody) },
      responses: { 201: json(Plan, "Plan"), ...problems(400, 401, 404, 409) },
    }),
    async (c) => {
      const plan = await service.createPlan(db, c.get("user"), c.req.valid("json"));
      deps.publish();
      return c.json(plan, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/installments/obligations",
      operationId: "futureObligations",
      summary: "What instalments and known bills will cost in each of the next 12 months",
      security,
      middleware,
      responses: { 200: json(FutureObligations, "Next 12 months"), ...problems(401) },
    }),
    async (c) => c.json(await service.futureObligations(db, c.get("user")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/installments/{id}",
      operationId: "getInstallmentPlan",
      summary: "One plan with its schedule",
      security,
      middleware,
      request: { params: IdParam },
      responses: { 200: json(Plan, "Plan"), ...problems(400, 401, 404) },
    }),
    async (c) => c.json(await service.getPlan(db, c.get("user"), c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/installments/{id}",
      operationId: "updateInstallmentPlan",
      summary: "Change a plan's label, months, add-on rate or first statement",
      security,
      middleware,
      request: { params: IdParam, body: jsonBody(UpdatePlanBody) },
      responses: { 200: json(Plan, "Plan"), ...problems(400, 401, 404, 409) },
    }),
    async (c) =>
      c.json(await service.updatePlan(db, c.get("user"), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/installments/{id}/cancel",
      operationId: "cancelInstallmentPlan",
      summary: "Pre-terminate a plan: the remaining principal is billed on the next statement",
      security,
      middleware,
      request: { params: IdParam, body: jsonBody(CancelPlanBody) },
      responses: { 200: json(Plan, "Plan"), ...problems(400, 401, 404, 409) },
    }),
    async (c) =>
      c.json(
        await service.cancelPlan(db, c.get("user"), c.req.valid("param").id, c.req.valid("json").date),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/installments/{id}",
      operationId: "deleteInstallmentPlan",
      summary: "Remove a plan; its purchase stays in the ledger as one expense",
      security,
      middleware,
      request: { params: IdParam },
      responses: { 204: { description: "Removed" }, ...problems(400, 401, 404) },
    }),
    async (c) => {
      await service.deletePlan(db, c.get("user"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  return app;
}
