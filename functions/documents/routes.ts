import { createRoute, z } from "@hono/zod-openapi";
import { except } from "hono/combine";
import { requireUser } from "../lib/auth";
import { createFunctionApp, type FunctionDeps, standardPublicPaths } from "../lib/function-app";
import { json, jsonBody, problems } from "../lib/openapi";
import { HttpProblem } from "../lib/problem";
import { DOCUMENTS_BODY_LIMIT_BYTES, MAX_UPLOAD_BYTES } from "./meta";
import {
  DocumentDetail,
  DocumentDto,
  DocumentList,
  IdParam,
  ListQuery,
  UnlockBody,
  UploadForm,
  UploadResponse,
  type UploadResult,
} from "./schemas";
import * as documents from "./service";

const security = [{ cookieAuth: [] }];
const binary = (description: string) => ({
  description,
  content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
});

/** `filename` for Content-Disposition: ASCII fallback plus the UTF-8 name (RFC 6266). */
function disposition(kind: "inline" | "attachment", name: string) {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function documentsRoutes(deps: FunctionDeps) {
  const app = createFunctionApp("documents", deps, { bodyLimitBytes: DOCUMENTS_BODY_LIMIT_BYTES });
  const signedIn = requireUser(deps.config.jwtSecret, deps.sessions);
  const publicPaths = standardPublicPaths("documents");
  app.use("/api/documents", signedIn);
  app.use(
    "/api/documents/*",
    except((c) => publicPaths.some((re) => re.test(c.req.path)), signedIn),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/documents",
      operationId: "uploadDocuments",
      summary:
        "Upload receipt photos and statement PDFs (several at once; each file gets its own result). A protected PDF needs `password`, or is kept until it is unlocked",
      security,
      request: { body: { required: true, content: { "multipart/form-data": { schema: UploadForm } } } },
      responses: {
        201: json(UploadResponse, "At least one file stored now"),
        200: json(UploadResponse, "Every file was uploaded before: the first uploads"),
        ...problems(400, 401, 413, 415, 422, 429),
      },
    }),
    async (c) => {
      const form = c.req.valid("form");
      const user = c.get("user");
      const files = Array.isArray(form.files) ? form.files : [form.files];
      const total = files.reduce((n, f) => n + f.size, 0);
      if (total > MAX_UPLOAD_BYTES) {
        throw new HttpProblem(
          413,
          "Payload too large",
          `These files add up to more than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; upload them in smaller groups.`,
        );
      }
      const results: UploadResult[] = [];
      const failures: HttpProblem[] = [];
      let published = false;
      for (const file of files) {
        try {
          const bytes = new Uint8Array(await file.arrayBuffer());
          const done = await documents.uploadOne(
            deps.db,
            user,
            { name: file.name, bytes },
            { kind: form.kind, password: form.password },
          );
          published ||= done.published;
          results.push(done.result);
        } catch (err) {
          if (!(err instanceof HttpProblem)) throw err;
          failures.push(err);
          results.push({
            fileName: documents.cleanFileName(file.name),
            outcome: "error",
            needsPassword: false,
            error: {
              status: err.status,
              title: err.title,
              detail: err.detail ?? err.title,
              type: err.extra.type ?? "about:blank",
            },
          });
        }
      }
      if (published) deps.publish();
      const [first] = failures;
      if (first && failures.length === results.length) {
        // nothing stored: one file's problem as it is, several files' as one list
        if (files.length === 1) throw first;
        throw new HttpProblem(
          failures.every((f) => f.status === first.status) ? first.status : 422,
          "No file stored",
          "None of these files could be stored.",
          { errors: results.map((r, i) => ({ path: `files.${i}`, message: r.error?.detail ?? "" })) },
        );
      }
      return c.json({ results }, results.some((r) => r.outcome === "created") ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/documents",
      operationId: "listDocuments",
      summary: "The household's documents, newest first, with filters (cursor pages)",
      security,
      request: { query: ListQuery },
      responses: { 200: json(DocumentList, "Documents"), ...problems(400, 401) },
    }),
    async (c) =>
      c.json(
        await documents.listDocuments(deps.db, c.get("user"), deps.config.TZ, c.req.valid("query")),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/documents/{id}",
      operationId: "getDocument",
      summary: "A document: status, extractor, failure reason and the transactions recorded from it",
      security,
      request: { params: IdParam },
      responses: { 200: json(DocumentDetail, "Document"), ...problems(400, 401, 404) },
    }),
    async (c) =>
      c.json(await documents.getDocumentDetail(deps.db, c.get("user"), c.req.valid("param").id), 200),
  );

  for (const role of ["original", "thumbnail"] as const) {
    app.openapi(
      createRoute({
        method: "get",
        path: role === "original" ? "/api/documents/{id}/file" : "/api/documents/{id}/thumbnail",
        operationId: role === "original" ? "getDocumentFile" : "getDocumentThumbnail",
        summary: role === "original" ? "The file as uploaded" : "A small JPEG of a photo",
        security,
        request: { params: IdParam },
        responses: { 200: binary("The file"), ...problems(400, 401, 404) },
      }),
      async (c) => {
        const file = await documents.readFile(deps.db, c.get("user"), c.req.valid("param").id, role);
        // a PDF is downloaded, never shown inside the app's origin; photos are shown inline
        const how = file.mediaType === "application/pdf" ? "attachment" : "inline";
        const name = role === "thumbnail" ? `thumbnail-${file.fileName}.jpg` : file.fileName;
        return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
          "content-type": file.mediaType,
          "content-disposition": disposition(how, name),
          "cache-control": "private, max-age=3600",
          "content-security-policy": "default-src 'none'; sandbox",
        }) as never;
      },
    );
  }

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/documents/{id}/unlock",
      operationId: "unlockDocument",
      summary: "Open a protected PDF with its password (used in this request only, never stored)",
      security,
      request: { params: IdParam, body: jsonBody(UnlockBody) },
      responses: {
        200: json(DocumentDto, "Unlocked; extraction starts"),
        ...problems(400, 401, 404, 409, 422, 429),
      },
    }),
    async (c) => {
      const doc = await documents.unlock(
        deps.db,
        c.get("user"),
        c.req.valid("param").id,
        c.req.valid("json").password,
      );
      deps.publish();
      return c.json(doc, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/documents/{id}/extract",
      operationId: "extractDocumentAgain",
      summary: "Extract again (a new attempt; the drafts of earlier attempts are replaced by extraction)",
      security,
      request: { params: IdParam },
      responses: { 202: json(DocumentDto, "Queued for extraction"), ...problems(400, 401, 404, 409) },
    }),
    async (c) => {
      const doc = await documents.extractAgain(deps.db, c.get("user"), c.req.valid("param").id);
      deps.publish();
      return c.json(doc, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/documents/{id}",
      operationId: "deleteDocument",
      summary: "Delete a document, its files and drafts; transactions recorded from it stay (unlinked)",
      security,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      await documents.deleteDocument(deps.db, c.get("user"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  return app;
}
