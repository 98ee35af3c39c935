import { type Queryable, schema, type Tx } from "@fintrack/db";
import { type EventData, type EventHandlers, type EventPreparers, enqueue, sourceOf } from "@fintrack/events";
import { and, eq, sql } from "drizzle-orm";
import { databaseStorage } from "../lib/document-storage";
import type { FunctionDeps } from "../lib/function-app";
import type { Breaker } from "./ai/breaker";
import { runChain } from "./ai/chain";
import { hasAiStep, loadSettings, resolvePolicy } from "./ai/policy";
import { type ProviderFactory, providerFactory } from "./ai/registry";
import { buildAiRequest } from "./ai/request";
import { databaseRunStore, runsOf } from "./ai/runs";
import { SharedBreaker } from "./ai/shared-breaker";
import { extractorFor } from "./extractors";
import type { TextLayer } from "./pdf/text-layer";
import { ExtractionFailure, ExtractionResult } from "./result";
import { saveBatch } from "./service";

const { documents, extractionBatches, extractionRuns } = schema;

type Uploaded = EventData<"ph.fintrack.document.uploaded.v1">;
type DocRow = typeof documents.$inferSelect;

/** Whether this delivery still has work to do for the document (shared by both phases). */
async function pending(db: Queryable, doc: DocRow | undefined, data: Uploaded, log: FunctionDeps["log"]) {
  if (!doc) return false; // deleted before it was read
  if (data.attempt < doc.attempt) {
    log.info({ documentId: doc.id, attempt: data.attempt, current: doc.attempt }, "stale extraction ignored");
    return false;
  }
  if (doc.status === "confirmed" || doc.status === "needs_password") return false;
  const [done] = await db
    .select({ id: extractionBatches.id })
    .from(extractionBatches)
    .where(and(eq(extractionBatches.documentId, doc.id), eq(extractionBatches.attempt, data.attempt)));
  if (done) return false;
  if (doc.status === "failed" && doc.attempt === data.attempt && doc.failureCode) return false;
  return true;
}

/** How the chain runs in this process: the provider factory seam and the breaker (shared by every pod). */
export interface AiDeps {
  factory: () => ProviderFactory;
  breaker: Breaker;
}

/**
 * The AI phase, before the receiver's transaction: calls the household's providers with no
 * transaction open and within AI_CHAIN_DEADLINE_SECONDS, writing each turn to extraction_runs.
 * A crash or a Knative timeout here leaves those rows for the redelivery to resume from. With
 * no AI step in the chain (the default) it does nothing and extraction is as it always was.
 */
export async function prepareDocument(deps: FunctionDeps, ai: AiDeps, data: Uploaded) {
  const [doc] = await deps.db
    .select()
    .from(documents)
    .where(and(eq(documents.id, data.documentId), eq(documents.householdId, data.householdId)));
  if (!(await pending(deps.db, doc, data, deps.log)) || !doc) return;
  const policy = resolvePolicy(await loadSettings(deps.db, doc.householdId), deps.config);
  if (!hasAiStep(policy)) return;
  // the Scan page shows it being read while the providers think
  await deps.db
    .update(documents)
    .set({ status: "processing", updatedAt: sql`now()` })
    .where(and(eq(documents.id, doc.id), eq(documents.attempt, data.attempt)));
  await runChain(
    {
      factory: ai.factory(),
      breaker: ai.breaker,
      callTimeoutMs: deps.config.AI_CALL_TIMEOUT_SECONDS * 1000,
      deadlineMs: deps.config.AI_CHAIN_DEADLINE_SECONDS * 1000,
      log: (fields, msg) => deps.log.info({ documentId: doc.id, ...fields }, msg),
    },
    policy,
    databaseRunStore(
      deps.db,
      { householdId: doc.householdId, documentId: doc.id, attempt: data.attempt },
      deps.config.TZ,
    ),
    () => buildAiRequest(deps.db, doc),
  );
}

/**
 * Reads an uploaded document into drafts. Runs inside the receiver's transaction, so the
 * drafts, the document's new status and the outcome event commit together with the
 * processed-event row: a crash mid-extraction leaves nothing behind and the broker's
 * redelivery starts over; a redelivery after success finds the batch for this attempt and
 * does nothing. An ExtractionFailure is an outcome (document failed, with its reason); any
 * other error is rolled back and retried by the broker until it dead-letters. When an AI
 * provider answered in the prepare phase its result is used, and the offline extractor runs
 * beside it to compare.
 */
export async function extractDocument(deps: Pick<FunctionDeps, "log" | "config">, tx: Tx, data: Uploaded) {
  const [doc] = await tx
    .select()
    .from(documents)
    .where(and(eq(documents.id, data.documentId), eq(documents.householdId, data.householdId)))
    .for("update");
  if (!(await pending(tx, doc, data, deps.log)) || !doc) return;

  await tx
    .update(documents)
    .set({ status: "processing", updatedAt: sql`now()` })
    .where(eq(documents.id, doc.id));
  const policy = resolvePolicy(await loadSettings(tx, doc.householdId), deps.config);
  const runs = hasAiStep(policy) ? await runsOf(tx, doc.id, data.attempt) : [];
  const answered = runs.find(
    (r) => r.role === "primary" && r.status === "succeeded" && r.provider !== "offline",
  );
  const base = {
    householdId: doc.householdId,
    documentId: doc.id,
    uploadedBy: doc.uploadedBy,
    kind: doc.kind,
    attempt: data.attempt,
  };
  const offline = () =>
    extractorFor(doc.kind).extract({
      kind: doc.kind,
      mediaType: doc.mediaType,
      textLayer: async () => {
        const file = await databaseStorage.get(tx, doc.id, "text_layer");
        return file ? (JSON.parse(new TextDecoder().decode(file.bytes)) as TextLayer) : null;
      },
      original: async () => (await databaseStorage.get(tx, doc.id, "original"))?.bytes ?? null,
    });
  const record = (row: Omit<typeof extractionRuns.$inferInsert, "householdId" | "documentId" | "attempt">) =>
    tx
      .insert(extractionRuns)
      .values({ householdId: doc.householdId, documentId: doc.id, attempt: data.attempt, ...row })
      .onConflictDoNothing();
  try {
    let result: ExtractionResult;
    let name: string;
    if (answered) {
      result = ExtractionResult.parse(answered.result);
      name = `ai:${answered.provider}`;
      // the offline extractor beside it, so review can show where the two disagree
      try {
        const other = await offline();
        await record({
          provider: "offline",
          role: "compare",
          position: policy.chain.length,
          status: "succeeded",
          extractor: other.extractor,
          result: other.result,
          startedAt: sql`now()` as never,
          finishedAt: sql`now()` as never,
        });
      } catch (err) {
        await record({
          provider: "offline",
          role: "compare",
          position: policy.chain.length,
          status: "failed",
          reason: err instanceof ExtractionFailure ? err.reason : "the offline extractor failed",
        });
      }
    } else if (hasAiStep(policy) && !policy.chain.includes("offline")) {
      const why = runs
        .filter((r) => r.role === "primary")
        .map((r) => `${r.provider}: ${r.reason ?? r.status}`)
        .join("; ");
      throw new ExtractionFailure(
        "unreadable",
        `No AI provider could read this document${why ? ` (${why})` : ""}. Press \u201cExtract again\u201d later, or paste it through an AI chat.`,
      );
    } else {
      const out = await offline();
      result = out.result;
      name = out.extractor;
      await record({
        provider: "offline",
        role: "primary",
        position: policy.chain.indexOf("offline"),
        status: "succeeded",
        extractor: name,
        result,
        startedAt: sql`now()` as never,
        finishedAt: sql`now()` as never,
      });
    }
    if (result.lines.length === 0) {
      throw new ExtractionFailure(
        result.kind === "receipt" ? "no_total" : "empty",
        result.kind === "receipt"
          ? "No total could be read on this receipt. Retake the photo closer and flat, or paste it through an AI chat."
          : "No transactions were found on this statement. Check it is a credit card statement, or paste it through an AI chat.",
      );
    }
    const { draftCount } = await saveBatch(tx, {
      householdId: doc.householdId,
      createdBy: doc.uploadedBy,
      documentId: doc.id,
      attempt: data.attempt,
      extractor: name,
      result,
    });
    await tx
      .update(documents)
      .set({
        status: "extracted",
        extractor: name,
        extractedAt: sql`now()`,
        failureCode: null,
        failureReason: null,
        updatedAt: sql`now()`,
      })
      .where(eq(documents.id, doc.id));
    await enqueue(tx, {
      type: "ph.fintrack.document.extracted.v1",
      source: sourceOf("extraction"),
      subject: doc.id,
      data: { ...base, draftCount, extractor: name },
    });
  } catch (err) {
    if (!(err instanceof ExtractionFailure)) throw err;
    await failDocument(tx, doc.id, base, err.code, err.reason);
  }
}

/** Marks a document failed with a reason the member can act on, and says so with document.failed. */
export async function failDocument(
  tx: Tx,
  documentId: string,
  base: Omit<EventData<"ph.fintrack.document.failed.v1">, "code" | "reason">,
  code: string,
  reason: string,
) {
  await tx
    .update(documents)
    .set({ status: "failed", failureCode: code, failureReason: reason, updatedAt: sql`now()` })
    .where(eq(documents.id, documentId));
  await enqueue(tx, {
    type: "ph.fintrack.document.failed.v1",
    source: sourceOf("extraction"),
    subject: documentId,
    data: { ...base, code, reason },
  });
}

export function extractionHandlers(deps: FunctionDeps): EventHandlers {
  return {
    "ph.fintrack.document.uploaded.v1": (event, tx) => extractDocument(deps, tx, event.data),
  };
}

export function extractionPreparers(
  deps: FunctionDeps,
  ai: AiDeps = {
    factory: providerFactory,
    breaker: new SharedBreaker(deps.db, { probeLeaseMs: deps.config.AI_CHAIN_DEADLINE_SECONDS * 1000 }),
  },
): EventPreparers {
  return {
    "ph.fintrack.document.uploaded.v1": (event) => prepareDocument(deps, ai, event.data),
  };
}
