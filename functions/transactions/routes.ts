import { createRoute } from "@hono/zod-openapi";
import { requireUser } from "../lib/auth";
import { createFunctionApp, type FunctionDeps } from "../lib/function-app";
import { json, jsonBody, problems } from "../lib/openapi";
import * as categories from "./categories";
import { getTransaction, listTransactions, monthSummary, yearSummary } from "./queries";
import {
  Category,
  CategoryList,
  CreateCategoryBody,
  CreateTransactionBody,
  IdParam,
  ListQuery,
  MergeCategoryBody,
  Summary,
  SummaryQuery,
  Transaction,
  TransactionPage,
  UpdateCategoryBody,
  UpdateTransactionBody,
  YearSummary,
  YearSummaryQuery,
} from "./schemas";
import * as ledger from "./service";

const security = [{ cookieAuth: [] }];

export function transactionsRoutes(deps: FunctionDeps) {
  const app = createFunctionApp("transactions", deps);
  // per route, not app.use("/api/transactions/*"): POST /events (the broker's) carries no session
  const middleware = requireUser(deps.config.jwtSecret, deps.sessions);
  const { db } = deps;

  // static paths before /{id}
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/transactions/summary",
      operationId: "getMonthSummary",
      summary: "Income, spending, net and spending by category for a month",
      security,
      middleware,
      request: { query: SummaryQuery },
      responses: { 200: json(Summary, "Month summary"), ...problems(400, 401) },
    }),
    async (c) => c.json(await monthSummary(db, c.get("user"), c.req.valid("query").month), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/transactions/summary/year",
      operationId: "getYearSummary",
      summary: "Income, spending and net for each month of a year",
      security,
      middleware,
      request: { query: YearSummaryQuery },
      responses: { 200: json(YearSummary, "Year summary"), ...problems(400, 401) },
    }),
    async (c) => c.json(await yearSummary(db, c.get("user"), c.req.valid("query").year), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/transactions/categories",
      operationId: "listCategories",
      summary: "The household's categories (defaults seeded on first use)",
      security,
      middleware,
      responses: { 200: json(CategoryList, "Categories"), ...problems(401) },
    }),
    async (c) => c.json(await categories.listCategories(db, c.get("user")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/transactions/categories",
      operationId: "createCategory",
      summary: "Add a category",
      security,
      middleware,
      request: { body: jsonBody(CreateCategoryBody) },
      responses: { 201: json(Category, "Created"), ...problems(400, 401, 409) },
    }),
    async (c) => c.json(await categories.createCategory(db, c.get("user"), c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/transactions/categories/{id}",
      operationId: "updateCategory",
      summary: "Rename, restyle or archive a category",
      security,
      middleware,
      request: { params: IdParam, body: jsonBody(UpdateCategoryBody) },
      responses: { 200: json(Category, "Updated"), ...problems(400, 401, 404, 409) },
    }),
    async (c) =>
      c.json(
        await categories.updateCategory(db, c.get("user"), c.req.valid("param").id, c.req.valid("json")),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/transactions/categories/{id}/merge",
      operationId: "mergeCategory",
      summary: "Move a category's transactions into another category and remove it",
      security,
      middleware,
      request: { params: IdParam, body: jsonBody(MergeCategoryBody) },
      responses: { 204: { description: "Merged" }, ...problems(400, 401, 404) },
    }),
    async (c) => {
      await categories.mergeCategory(db, c.get("user"), c.req.valid("param").id, c.req.valid("json").intoId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/transactions",
      operationId: "listTransactions",
      summary: "Transactions the member can see, filtered, sorted and paged by keyset cursor",
      security,
      middleware,
      request: { query: ListQuery },
      responses: { 200: json(TransactionPage, "A page of transactions"), ...problems(400, 401) },
    }),
    async (c) => c.json(await listTransactions(db, c.get("user"), c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/transactions",
      operationId: "createTransaction",
      summary: "Record income, an expense or a transfer (a card payment is a transfer)",
      security,
      middleware,
      request: { body: jsonBody(CreateTransactionBody) },
      responses: { 201: json(Transaction, "Recorded"), ...problems(400, 401) },
    }),
    async (c) => {
      const t = await ledger.createTransaction(db, c.get("user"), c.req.valid("json"));
      deps.publish();
      return c.json(t, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/transactions/{id}",
      operationId: "getTransaction",
      summary: "One transaction",
      security,
      middleware,
      request: { params: IdParam },
      responses: { 200: json(Transaction, "Transaction"), ...problems(400, 401, 404) },
    }),
    async (c) => c.json(await getTransaction(db, c.get("user"), c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/transactions/{id}",
      operationId: "updateTransaction",
      summary: "Change a transaction",
      security,
      middleware,
      request: { params: IdParam, body: jsonBody(UpdateTransactionBody) },
      responses: { 200: json(Transaction, "Updated"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = await ledger.updateTransaction(
        db,
        c.get("user"),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      deps.publish();
      return c.json(t, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/transactions/{id}",
      operationId: "deleteTransaction",
      summary: "Delete a transaction (and its fee); undo with restore",
      security,
      middleware,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      await ledger.deleteTransaction(db, c.get("user"), c.req.valid("param").id);
      deps.publish();
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/transactions/{id}/restore",
      operationId: "restoreTransaction",
      summary: "Undo a delete",
      security,
      middleware,
      request: { params: IdParam },
      responses: { 200: json(Transaction, "Restored"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = await ledger.restoreTransaction(db, c.get("user"), c.req.valid("param").id);
      deps.publish();
      return c.json(t, 200);
    },
  );

  return app;
}
