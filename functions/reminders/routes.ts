import { readCloudEvent } from "@fintrack/events";
import { createRoute } from "@hono/zod-openapi";
import { requireUser } from "../lib/auth";
import { createFunctionApp, type FunctionDeps } from "../lib/function-app";
import { json, jsonBody, problems } from "../lib/openapi";
import { HttpProblem } from "../lib/problem";
import {
  Bill,
  BillList,
  CreateBillBody,
  DueList,
  IdParam,
  PayBillBody,
  PayCardBody,
  Payment,
  ReminderSettings,
  UpcomingQuery,
  UpdateBillBody,
} from "./schemas";
import * as service from "./service";
import { runTick } from "./tick";

const security = [{ cookieAuth: [] }];
const PING = "dev.knative.sources.ping";
/** A tick may not claim to come from the future (a forged one would move reminders forward). */
const MAX_CLOCK_SKEW_MS = 10 * 60_000;

export function reminderRoutes(deps: FunctionDeps) {
  const app = createFunctionApp("reminders", deps);
  const middleware = requireUser(deps.config.jwtSecret, deps.sessions);
  const { db } = deps;

  // The PingSource's sink (daily 08:00 Asia/Manila, knative/ping-sources/). The tick's date is
  // the event's time, not this pod's clock: a late delivery still counts for its own day.
  app.post("/api/reminders/tick", async (c) => {
    const read = await readCloudEvent(c.req.raw);
    if ("error" in read) throw new HttpProblem(400, read.error.title, read.error.detail);
    const { event } = read;
    if (event.type !== PING) throw new HttpProblem(400, "Not a ping", `expected ${PING}, got ${event.type}`);
    const at = event.time ? new Date(event.time) : new Date();
    if (Number.isNaN(at.getTime())) throw new HttpProblem(400, "Bad time", "the event time is not a date");
    if (at.getTime() > Date.now() + MAX_CLOCK_SKEW_MS)
      throw new HttpProblem(400, "Tick from the future", "the event time is ahead of this clock");
    const result = await runTick(db, at);
    c.get("log").info(result, "reminder tick");
    if (result.sent > 0) deps.publish();
    return c.json(result, 200);
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/reminders/upcoming",
      operationId: "listUpcomingDues",
      summary: "Cards and bills due in the next days (and those overdue), soonest first",
      security,
      middleware,
      request: { query: UpcomingQuery },
      responses: { 200: json(DueList, "Next dues"), ...problems(400, 401) },
    }),
    async (c) => c.json(await service.upcoming(db, c.get("user"), c.req.valid("query").days), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/reminders/settings",
      operationId: "getReminderSettings",
      summary: "When the household is reminded: days before a due date, and days after while unpaid",
      security,
      middleware,
      responses: { 200: json(ReminderSettings, "Reminder settings"), ...problems(401) },
    }),
    async (c) => c.json(await service.getSettings(db, c.get("user")), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/api/reminders/settings",
      operationId: "saveReminderSettings",
      summary: "Change when the household is reminded",
      security,
      middleware,
      request: { body: jsonBody(ReminderSettings) },
      responses: { 200: json(ReminderSettings, "Reminder settings"), ...problems(400, 401) },
    }),
    async (c) => c.json(await service.saveSettings(db, c.get("user"), c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/reminders/cards/{id}/pay",
      operationId: "payCard",
      summary:
        "Pay a credit card from another account (a transfer), by default what its statement still owes",
      security,
      middleware,
      request: { params: IdParam, body: jsonBody(PayCardBody) },
      responses: { 201: json(Payment, "Payment recorded"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const result = await service.payCard(db, c.get("user"), c.req.valid("param").id, c.req.valid("json"));
      deps.publish();
      return c.json(result, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/reminders/bills",
      operationId: "listBills",
      summary: "The household's recurring bills with their next due date and status",
      security,
      middleware,
      responses: { 200: json(BillList, "Bills"), ...problems(401) },
    }),
    async (c) => c.json(await service.listBills(db, c.get("user")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/reminders/bills",
      operationId: "createBill",
      summary: "Add a recurring bill",
      security,
      middleware,
      request: { body: jsonBody(CreateBillBody) },
      responses: { 201: json(Bill, "Bill"), ...problems(400, 401) },
    }),
    async (c) => c.json(await service.createBill(db, c.get("user"), c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/reminders/bills/{id}",
      operationId: "getBill",
      summary: "One bill",
      security,
      middleware,
      request: { params: IdParam },
      responses: { 200: json(Bill, "Bill"), ...problems(400, 401, 404) },
    }),
    async (c) => c.json(await service.getBill(db, c.get("user"), c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/reminders/bills/{id}",
      operationId: "updateBill",
      summary: "Change a bill (fields left out keep their value)",
      security,
      middleware,
      request: { params: IdParam, body: jsonBody(UpdateBillBody) },
      responses: { 200: json(Bill, "Bill"), ...problems(400, 401, 404) },
    }),
    async (c) =>
      c.json(await service.updateBill(db, c.get("user"), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/reminders/bills/{id}",
      operationId: "deleteBill",
      summary: "Delete a bill (its recorded expenses stay in the ledger)",
      security,
      middleware,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...problems(400, 401, 404) },
    }),
    async (c) => {
      await service.deleteBill(db, c.get("user"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/reminders/bills/{id}/pay",
      operationId: "payBill",
      summary: "Mark a bill's occurrence paid and record the expense that paid it",
      security,
      middleware,
      request: { params: IdParam, body: jsonBody(PayBillBody) },
      responses: { 201: json(Payment, "Payment recorded"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const result = await service.payBill(db, c.get("user"), c.req.valid("param").id, c.req.valid("json"));
      deps.publish();
      return c.json(result, 201);
    },
  );

  return app;
}
