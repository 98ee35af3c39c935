import { createRoute, z } from "@hono/zod-openapi";
import { except } from "hono/combine";
import { requireUser } from "../lib/auth";
import { createFunctionApp, type FunctionDeps, standardPublicPaths } from "../lib/function-app";
import { json, jsonBody, problems } from "../lib/openapi";
import { HttpProblem } from "../lib/problem";
import { cleanFilename } from "./csv-file";
import { exportCsv } from "./export";
import { runImport } from "./importer";
import type { BackgroundJobs } from "./jobs";
import { IMPORT_BODY_LIMIT_BYTES, MAX_FILE_BYTES } from "./meta";
import { BatchParam, CommitBody, ImportBatch, ImportPreview, PreviewForm, UndoResult } from "./schemas";
import * as imports from "./service";
import { ImportValues, ValuesBody } from "./value-plan";

const security = [{ cookieAuth: [] }];

export function importsRoutes(deps: FunctionDeps, jobs: BackgroundJobs, leaseOwner: string) {
  const app = createFunctionApp("imports", deps, { bodyLimitBytes: IMPORT_BODY_LIMIT_BYTES });
  const signedIn = requireUser(deps.config.jwtSecret, deps.sessions);
  const publicPaths = standardPublicPaths("imports");
  app.use(
    "/api/imports/*",
    except((c) => publicPaths.some((re) => re.test(c.req.path)), signedIn),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/imports/preview",
      operationId: "previewImport",
      summary: "Upload a CSV (Notion export, any spreadsheet, or a FinTrack export) and preview its columns",
      security,
      request: {
        body: { required: true, content: { "multipart/form-data": { schema: PreviewForm } } },
      },
      responses: { 201: json(ImportPreview, "Preview"), ...problems(400, 401, 413, 422) },
    }),
    async (c) => {
      const { file, source } = c.req.valid("form");
      if (file.size > MAX_FILE_BYTES) {
        throw new HttpProblem(413, "Payload too large", "The file is larger than 10 MB.");
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      const result = await imports.preview(deps.db, c.get("user"), {
        source,
        filename: cleanFilename(file.name),
        bytes,
      });
      return c.json(result, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/imports",
      operationId: "listImports",
      summary: "My imports, newest first",
      security,
      responses: { 200: json(z.object({ items: z.array(ImportBatch) }), "Imports"), ...problems(401) },
    }),
    async (c) => c.json(await imports.listBatches(deps.db, c.get("user")), 200),
  );

  // before /{batchId}: "export.csv" is not a batch id
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/imports/export.csv",
      operationId: "exportCsv",
      summary: "Every transaction I can see, as CSV (importable again with source fintrack)",
      security,
      responses: {
        200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
        ...problems(401),
      },
    }),
    async (c) => {
      const csv = await exportCsv(deps.db, c.get("user"));
      const today = new Date().toLocaleDateString("en-CA", { timeZone: deps.config.TZ });
      return c.body(csv, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="fintrack-transactions-${today}.csv"`,
        "cache-control": "no-store",
      });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/imports/{batchId}",
      operationId: "getImport",
      summary: "An import and its progress",
      security,
      request: { params: BatchParam },
      responses: { 200: json(ImportBatch, "Import"), ...problems(400, 401, 404) },
    }),
    async (c) => c.json(await imports.getBatch(deps.db, c.get("user"), c.req.valid("param").batchId), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/imports/{batchId}/commit",
      operationId: "commitImport",
      summary: "Import the previewed file with this mapping (continues in the background)",
      security,
      request: { params: BatchParam, body: jsonBody(CommitBody) },
      responses: { 202: json(ImportBatch, "Importing"), ...problems(400, 401, 404, 409, 422) },
    }),
    async (c) => {
      const user = c.get("user");
      const batchId = c.req.valid("param").batchId;
      const plan = await imports.planImport(deps.db, user, batchId, c.req.valid("json"), leaseOwner);
      jobs.start(`import ${plan.batch.id}`, () => runImport(deps, leaseOwner, user, plan));
      return c.json(plan.batch, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/imports/{batchId}/values",
      operationId: "previewImportNames",
      summary:
        "The file's account and category names, transfer pairs and history before start dates, under this mapping",
      security,
      request: { params: BatchParam, body: jsonBody(ValuesBody) },
      responses: { 200: json(ImportValues, "What the names mean"), ...problems(400, 401, 404, 409) },
    }),
    async (c) =>
      c.json(
        await imports.previewValues(
          deps.db,
          c.get("user"),
          c.req.valid("param").batchId,
          c.req.valid("json"),
        ),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/imports/{batchId}/undo",
      operationId: "undoImport",
      summary:
        "Undo an import: its transactions are deleted and balances restored, except those a later live import matched as duplicates (kept, handed to it)",
      security,
      request: { params: BatchParam },
      responses: { 200: json(UndoResult, "Undone"), ...problems(400, 401, 404, 409) },
    }),
    async (c) => {
      const undone = await imports.undoBatch(deps.db, c.get("user"), c.req.valid("param").batchId);
      deps.publish();
      return c.json(undone, 200);
    },
  );

  return app;
}
