import { schema } from "@fintrack/db";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { and, asc, desc, eq } from "drizzle-orm";
import type { AppEnv, FunctionDeps } from "../../lib/function-app";
import { PositiveAmount } from "../../lib/money";
import { json, jsonBody, problems } from "../../lib/openapi";
import { HttpProblem } from "../../lib/problem";
import { IdParam } from "../schemas";
import { MICROS_PER_CENTAVO } from "./pricing";
import { aiSettingsView, updateAiSettings } from "./settings";

const security = [{ cookieAuth: [] }];
const ChainEntry = z.enum(["gemini", "claude", "ollama", "offline"]);
const Model = z
  .string()
  .trim()
  .max(100)
  .regex(/^[A-Za-z0-9._:/-]*$/, "A model name is letters, digits and . _ : / - only");
// a key's own value never appears in a message: a typo'd key must not come back in an error body
const ApiKey = z
  .string()
  .trim()
  .min(8, "An API key is at least 8 characters")
  .max(400, "An API key is at most 400 characters")
  .regex(/^[\x21-\x7e]+$/, "An API key is printable characters without spaces");
const Cap = PositiveAmount.nullable();
const OllamaUrl = z
  .string()
  .trim()
  .max(300)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "http:" || u.protocol === "https:") && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "Enter Ollama's address, e.g. http://ollama.homelab:11434");

const CloudPatch = z
  .object({
    model: Model.nullable().optional(),
    apiKey: ApiKey.nullable().optional(),
    monthlyCap: Cap.optional(),
  })
  .strict();
const OllamaPatch = z
  .object({
    model: Model.nullable().optional(),
    baseUrl: OllamaUrl.nullable().optional(),
    monthlyCap: Cap.optional(),
  })
  .strict();

export const AiSettingsBody = z
  .object({
    chain: z
      .array(ChainEntry)
      .min(1, "Keep at least one step")
      .max(4)
      .refine((c) => new Set(c).size === c.length, "Each provider at most once")
      .refine((c) => !c.includes("offline") || c.at(-1) === "offline", "Offline can only be the last step"),
    localOnly: z.boolean(),
    providers: z
      .object({
        gemini: CloudPatch.optional(),
        claude: CloudPatch.optional(),
        ollama: OllamaPatch.optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => !b.localOnly || b.chain.some((e) => e === "ollama" || e === "offline"), {
    message: "Local only leaves nothing to run: add Ollama or offline to the chain",
    path: ["chain"],
  })
  .openapi("AiSettingsUpdate");

const Privacy = z.object({
  host: z.string(),
  local: z.boolean(),
  sent: z.array(z.string()),
  never: z.array(z.string()),
});

export const AiSettings = z
  .object({
    chain: z.array(ChainEntry),
    localOnly: z.boolean(),
    saved: z.boolean(),
    canEdit: z.boolean(),
    providers: z.array(
      z.object({
        name: z.enum(["gemini", "claude", "ollama"]),
        model: z.string(),
        defaultModel: z.string(),
        key: z
          .object({ source: z.enum(["settings", "environment"]), endsWith: z.string().nullable() })
          .nullable(),
        baseUrl: z.string().nullable(),
        baseUrlSource: z.enum(["settings", "environment"]).nullable(),
        configured: z.boolean(),
        monthlyCapCentavos: z.string().nullable(),
        monthToDateCentavos: z.string(),
        privacy: Privacy,
      }),
    ),
  })
  .openapi("AiSettings");

export const ExtractionRuns = z
  .object({
    documentId: z.uuid(),
    attempt: z.number().int(),
    extractor: z.string().nullable(),
    runs: z.array(
      z.object({
        provider: ChainEntry,
        role: z.enum(["primary", "compare"]),
        status: z.enum(["pending", "running", "succeeded", "failed", "skipped"]),
        reason: z.string().nullable(),
        model: z.string().nullable(),
        inputTokens: z.number().int(),
        outputTokens: z.number().int(),
        costMicros: z.string(),
        costCentavos: z.string(),
        startedAt: z.string().nullable(),
        finishedAt: z.string().nullable(),
      }),
    ),
  })
  .openapi("ExtractionRuns");

export function aiSettingsRoutes(app: OpenAPIHono<AppEnv>, deps: FunctionDeps) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/extraction/ai/settings",
      operationId: "getAiSettings",
      summary:
        "The household's AI extraction chain, keys (never in full), caps, usage and what leaves the homelab",
      security,
      responses: { 200: json(AiSettings, "Settings"), ...problems(401) },
    }),
    async (c) => c.json(await aiSettingsView(deps.db, deps.config, c.get("user")), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/api/extraction/ai/settings",
      operationId: "putAiSettings",
      summary: "Change the chain, local-only mode, models, caps and keys (household owner only)",
      security,
      request: { body: jsonBody(AiSettingsBody) },
      responses: { 200: json(AiSettings, "Saved"), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      return c.json(await updateAiSettings(deps.db, deps.config, c.get("user"), body), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/extraction/documents/{id}/runs",
      operationId: "getExtractionRuns",
      summary: "Which providers read a document's latest attempt: tried, skipped, cost and tokens",
      security,
      request: { params: IdParam },
      responses: { 200: json(ExtractionRuns, "Runs"), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const user = c.get("user");
      const d = schema.documents;
      const [doc] = await deps.db
        .select({ id: d.id, attempt: d.attempt, extractor: d.extractor })
        .from(d)
        .where(and(eq(d.id, c.req.valid("param").id), eq(d.householdId, user.householdId)));
      if (!doc) throw new HttpProblem(404, "Not found", "No such document in your household.");
      const r = schema.extractionRuns;
      const list = await deps.db
        .select()
        .from(r)
        .where(and(eq(r.documentId, doc.id), eq(r.attempt, doc.attempt)))
        .orderBy(asc(r.position), desc(r.role));
      return c.json(
        {
          documentId: doc.id,
          attempt: doc.attempt,
          extractor: doc.extractor,
          runs: list.map((x) => ({
            provider: x.provider,
            role: x.role,
            status: x.status,
            reason: x.reason,
            model: x.model,
            inputTokens: x.inputTokens,
            outputTokens: x.outputTokens,
            costMicros: x.costMicros.toString(),
            costCentavos: ((x.costMicros + MICROS_PER_CENTAVO - 1n) / MICROS_PER_CENTAVO).toString(),
            startedAt: x.startedAt?.toISOString() ?? null,
            finishedAt: x.finishedAt?.toISOString() ?? null,
          })),
        },
        200,
      );
    },
  );
}
