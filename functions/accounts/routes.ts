import { createRoute } from "@hono/zod-openapi";
import { requireUser } from "../lib/auth";
import { createFunctionApp, type FunctionDeps } from "../lib/function-app";
import { json, jsonBody, problems } from "../lib/openapi";
import { todayInManila } from "./card-cycle";
import * as reconcile from "./reconcile";
import {
  Account,
  AccountList,
  Balances,
  BalancesQuery,
  CreateAccountBody,
  IdParam,
  ListQuery,
  ReconcileBody,
  ReconcilePreview,
  ReconcileQuery,
  Reconciliation,
  ReconciliationList,
  ReconciliationParam,
  ReorderBody,
  UndoneReconciliation,
  UpdateAccountBody,
} from "./schemas";
import * as accounts from "./service";

const security = [{ cookieAuth: [] }];

export function accountsRoutes(deps: FunctionDeps) {
  const app = createFunctionApp("accounts", deps);
  const middleware = requireUser(deps.config.jwtSecret, deps.sessions);
  const { db } = deps;

  // static paths first: /balances and /reorder must not be read as an {id}
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/accounts/balances",
      operationId: "getBalances",
      summary: "Balance of every visible account at the end of a day (today by default)",
      security,
      middleware,
      request: { query: BalancesQuery },
      responses: { 200: json(Balances, "Balances"), ...problems(400, 401) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(
        await accounts.balances(db, c.get("user"), q.asOf ?? todayInManila(), q.includeArchived),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/accounts/reorder",
      operationId: "reorderAccounts",
      summary: "Order accounts as listed",
      security,
      middleware,
      request: { body: jsonBody(ReorderBody) },
      responses: { 204: { description: "Reordered" }, ...problems(400, 401) },
    }),
    async (c) => {
      await accounts.reorder(db, c.get("user"), c.req.valid("json").ids);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/accounts",
      operationId: "listAccounts",
      summary: "Accounts the signed-in member can see, in their order, with balances and net worth",
      security,
      middleware,
      request: { query: ListQuery },
      responses: { 200: json(AccountList, "Accounts"), ...problems(400, 401) },
    }),
    async (c) =>
      c.json(await accounts.listAccounts(db, c.get("user"), c.req.valid("query").includeArchived), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/accounts",
      operationId: "createAccount",
      summary: "Add a bank account, e-wallet, cash or credit card",
      security,
      middleware,
      request: { body: jsonBody(CreateAccountBody) },
      responses: { 201: json(Account, "Created"), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const account = await accounts.createAccount(db, c.get("user"), c.req.valid("json"));
      deps.publish();
      return c.json(account, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/accounts/{id}",
      operationId: "getAccount",
      summary: "One account",
      security,
      middleware,
      request: { params: IdParam },
      responses: { 200: json(Account, "Account"), ...problems(400, 401, 404) },
    }),
    async (c) => c.json(await accounts.getAccount(db, c.get("user"), c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/accounts/{id}",
      operationId: "updateAccount",
      summary: "Change an account",
      security,
      middleware,
      request: { params: IdParam, body: jsonBody(UpdateAccountBody) },
      responses: { 200: json(Account, "Updated"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const account = await accounts.updateAccount(
        db,
        c.get("user"),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      deps.publish();
      return c.json(account, 200);
    },
  );

  for (const action of ["archive", "unarchive"] as const) {
    app.openapi(
      createRoute({
        method: "post",
        path: `/api/accounts/{id}/${action}`,
        operationId: action === "archive" ? "archiveAccount" : "unarchiveAccount",
        summary: action === "archive" ? "Archive an account (hidden from lists)" : "Bring an account back",
        security,
        middleware,
        request: { params: IdParam },
        responses: { 200: json(Account, "Account"), ...problems(400, 401, 404) },
      }),
      async (c) => {
        const account = await accounts.setArchived(
          db,
          c.get("user"),
          c.req.valid("param").id,
          action === "archive",
        );
        deps.publish();
        return c.json(account, 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/accounts/{id}/reconcile",
      operationId: "previewReconciliation",
      summary:
        "What reconciling would do: FinTrack's balance as of a date (a card: its last statement date), the difference from the bank's and the uncleared entries",
      security,
      middleware,
      request: { params: IdParam, query: ReconcileQuery },
      responses: { 200: json(ReconcilePreview, "Preview"), ...problems(400, 401, 404) },
    }),
    async (c) =>
      c.json(await reconcile.preview(db, c.get("user"), c.req.valid("param").id, c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/accounts/{id}/reconciliations",
      operationId: "reconcileAccount",
      summary: "Reconcile: record the adjustment to the bank's balance and clear the entries up to the date",
      security,
      middleware,
      request: { params: IdParam, body: jsonBody(ReconcileBody) },
      responses: { 201: json(Reconciliation, "Reconciled"), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const done = await reconcile.confirm(db, c.get("user"), c.req.valid("param").id, c.req.valid("json"));
      deps.publish();
      return c.json(done, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/accounts/{id}/reconciliations",
      operationId: "listReconciliations",
      summary: "An account's reconciliations, latest first",
      security,
      middleware,
      request: { params: IdParam },
      responses: { 200: json(ReconciliationList, "Reconciliations"), ...problems(400, 401, 404) },
    }),
    async (c) => c.json(await reconcile.history(db, c.get("user"), c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/accounts/{id}/reconciliations/{reconciliationId}/undo",
      operationId: "undoReconciliation",
      summary:
        "Undo the account's latest reconciliation: its adjustment leaves the balance and the entries it cleared are uncleared",
      security,
      middleware,
      request: { params: ReconciliationParam },
      responses: { 200: json(UndoneReconciliation, "Undone"), ...problems(400, 401, 404, 409) },
    }),
    async (c) => {
      const { id, reconciliationId } = c.req.valid("param");
      const undone = await reconcile.undo(db, c.get("user"), id, reconciliationId);
      deps.publish();
      return c.json(undone, 200);
    },
  );

  return app;
}
