import { schema } from "@fintrack/db";
import { createRoute } from "@hono/zod-openapi";
import { and, eq, isNull, or } from "drizzle-orm";
import { requireUser } from "../lib/auth";
import { createFunctionApp, type FunctionDeps } from "../lib/function-app";
import { json, jsonBody, problems } from "../lib/openapi";
import { HttpProblem } from "../lib/problem";
import { aiSettingsRoutes } from "./ai/settings-routes";
import { parsePastedStatementText } from "./extractors";
import { meta } from "./meta";
import { type PasteOutcome, parseAnswer } from "./paste/parse";
import { buildPrompt } from "./paste/prompt";
import { ExtractionFailure } from "./result";
import {
  BatchPatchBody,
  ConfirmResult,
  DraftPatchBody,
  IdParam,
  PasteBody,
  Prompt,
  PromptQuery,
  Review,
} from "./schemas";
import { batchOfDocument, confirmBatch, getReview, saveBatch, setBatchAccount, updateDraft } from "./service";
import { liveCategories } from "./suggest";

const security = [{ cookieAuth: [] }];

export function extractionRoutes(deps: FunctionDeps) {
  const app = createFunctionApp("extraction", deps, { bodyLimitBytes: meta.bodyLimitBytes });
  const signedIn = requireUser(deps.config.jwtSecret, deps.sessions);
  for (const path of [
    "/api/extraction/documents/*",
    "/api/extraction/batches/*",
    "/api/extraction/drafts/*",
    "/api/extraction/prompt",
    "/api/extraction/paste",
    "/api/extraction/ai/*",
  ]) {
    app.use(path, signedIn);
  }
  aiSettingsRoutes(app, deps);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/extraction/documents/{id}/drafts",
      operationId: "getDocumentDrafts",
      summary: "The drafts of a document's latest extraction, to review",
      security,
      request: { params: IdParam },
      responses: { 200: json(Review, "Drafts"), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const user = c.get("user");
      const batchId = await batchOfDocument(deps.db, user, c.req.valid("param").id);
      return c.json(await getReview(deps.db, user, batchId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/extraction/documents/{id}/confirm",
      operationId: "confirmDocumentDrafts",
      summary: "Record a document's included drafts as transactions (atomic, idempotent)",
      security,
      request: { params: IdParam },
      responses: { 200: json(ConfirmResult, "Recorded"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const user = c.get("user");
      const batchId = await batchOfDocument(deps.db, user, c.req.valid("param").id);
      const result = await confirmBatch(deps.db, user, batchId);
      deps.publish();
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/extraction/batches/{id}",
      operationId: "getDraftBatch",
      summary: "A batch of drafts (a document's extraction or a pasted answer)",
      security,
      request: { params: IdParam },
      responses: { 200: json(Review, "Drafts"), ...problems(400, 401, 404) },
    }),
    async (c) => c.json(await getReview(deps.db, c.get("user"), c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/extraction/batches/{id}",
      operationId: "updateDraftBatch",
      summary: "Choose the card (statement) or account (receipt) for every line of a batch",
      security,
      request: { params: IdParam, body: jsonBody(BatchPatchBody) },
      responses: { 200: json(Review, "Drafts"), ...problems(400, 401, 404, 409) },
    }),
    async (c) => {
      const user = c.get("user");
      const { id } = c.req.valid("param");
      await setBatchAccount(deps.db, user, id, c.req.valid("json").accountId);
      return c.json(await getReview(deps.db, user, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/extraction/batches/{id}/confirm",
      operationId: "confirmDraftBatch",
      summary: "Record a batch's included drafts as transactions (atomic, idempotent)",
      security,
      request: { params: IdParam },
      responses: { 200: json(ConfirmResult, "Recorded"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const result = await confirmBatch(deps.db, c.get("user"), c.req.valid("param").id);
      deps.publish();
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/extraction/drafts/{id}",
      operationId: "updateDraft",
      summary: "Edit a draft before confirming",
      security,
      request: { params: IdParam, body: jsonBody(DraftPatchBody) },
      responses: {
        200: json(Review.shape.drafts.element, "The draft"),
        ...problems(400, 401, 404, 409),
      },
    }),
    async (c) =>
      c.json(await updateDraft(deps.db, c.get("user"), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/extraction/prompt",
      operationId: "getPastePrompt",
      summary: "A prompt for the member's own AI chat: answer schema, categories, accounts, rules",
      security,
      request: { query: PromptQuery },
      responses: { 200: json(Prompt, "The prompt"), ...problems(400, 401) },
    }),
    async (c) => {
      const user = c.get("user");
      const { kind } = c.req.valid("query");
      const a = schema.accounts;
      const [categories, accounts] = await Promise.all([
        liveCategories(deps.db, user.householdId),
        deps.db
          .select({ name: a.name, kind: a.kind, cardLast4: a.cardLast4 })
          .from(a)
          .where(
            and(
              eq(a.householdId, user.householdId),
              isNull(a.archivedAt),
              or(eq(a.visibility, "shared"), eq(a.ownerId, user.userId)),
            ),
          )
          .orderBy(a.sortOrder, a.name),
      ]);
      return c.json({ kind, prompt: buildPrompt({ kind, categories, accounts }) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/extraction/paste",
      operationId: "pasteAnswer",
      summary: "Drafts from a pasted AI answer (JSON) or a statement's text copied from a PDF viewer",
      security,
      request: { body: jsonBody(PasteBody) },
      responses: { 201: json(Review, "Drafts to review"), ...problems(400, 401, 413, 422) },
    }),
    async (c) => {
      const user = c.get("user");
      const { text } = c.req.valid("json");
      let outcome: PasteOutcome;
      let extractor = "paste";
      if (text.includes("{")) outcome = parseAnswer(text);
      else {
        // no JSON at all: a statement's text copied from a PDF viewer
        extractor = "paste:statement-text";
        outcome = await parsePastedStatementText(text).then(
          (result): PasteOutcome => ({ ok: true, result }),
          (err): PasteOutcome => {
            if (!(err instanceof ExtractionFailure))
              c.get("log").warn({ err }, "pasted statement text failed");
            const reason =
              err instanceof ExtractionFailure
                ? err.reason
                : "This text could not be read as a card statement or an AI answer.";
            return { ok: false, detail: reason, errors: [{ path: "text", message: reason }] };
          },
        );
      }
      if (!outcome.ok) {
        throw new HttpProblem(422, "Unreadable answer", outcome.detail, { errors: outcome.errors });
      }
      const result = outcome.result;
      const { batchId } = await deps.db.transaction((tx) =>
        saveBatch(tx, {
          householdId: user.householdId,
          createdBy: user.userId,
          documentId: null,
          attempt: 1,
          extractor,
          result,
        }),
      );
      return c.json(await getReview(deps.db, user, batchId), 201);
    },
  );

  return app;
}
