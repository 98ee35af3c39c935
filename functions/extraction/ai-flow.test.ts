import { schema } from "@fintrack/db";
import { enqueue, sourceOf } from "@fintrack/events";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { makeImage, uploadFiles } from "../documents/test-helpers";
import { testConfig } from "../lib/config";
import { databaseStorage } from "../lib/document-storage";
import { householdOfTwo, useTestApp } from "../testing";
import { addAccount, categoryId, patch } from "../transactions/testing";
import { type AiProvider, type AiRequest, ProviderError, type ProviderName } from "./ai/provider";
import { setProviderFactory } from "./ai/registry";
import { RECEIPT_SPECS, renderReceipt } from "./fixtures/receipts/index";
import type { ExtractionResult } from "./result";
import { documentRow } from "./test-helpers";

/**
 * Issue 12 through the broker: document.uploaded → the chain (before the receiver's
 * transaction) with scriptable providers → drafts that name the provider, with no paste step.
 */
const app = useTestApp("per test", {
  only: ["auth", "accounts", "transactions", "documents", "extraction", "deadletters"],
  config: testConfig({ GEMINI_API_KEY: "test-gemini-key-0001", CLAUDE_API_KEY: "test-claude-key-0002" }),
});

let undo: (() => void) | undefined;
afterEach(() => undo?.());

type Script = (req: AiRequest, call: number) => Promise<ExtractionResult>;
function install(scripts: Partial<Record<ProviderName, Script>>) {
  const calls: Record<ProviderName, AiRequest[]> = { gemini: [], claude: [], ollama: [] };
  undo = setProviderFactory((name) => {
    const script = scripts[name];
    if (!script) throw new Error("provider not built");
    const provider: AiProvider = {
      name,
      local: name === "ollama",
      async extract(req) {
        calls[name]!.push(req);
        const result = await script(req, calls[name]!.length);
        return { result, usage: { inputTokens: 1500, outputTokens: 300 }, model: `${name}-test` };
      },
    };
    return provider;
  });
  return calls;
}

const line = (
  merchant: string,
  amountCentavos: string,
  date: string,
  categoryHint: string | null = null,
) => ({
  date,
  postingDate: null,
  description: merchant,
  merchant,
  amountCentavos,
  direction: "debit" as const,
  kind: "purchase" as const,
  foreignCurrency: null,
  foreignAmount: null,
  installment: null,
  categoryHint,
  confidence: 0.95,
});
const receiptAnswer = (merchant: string, totalCentavos: string, date: string, hint: string | null = null) =>
  ({
    kind: "receipt",
    receipt: {
      merchant,
      merchantConfidence: 0.95,
      date,
      dateConfidence: 0.95,
      totalCentavos,
      totalConfidence: 0.95,
      tin: null,
    },
    lines: [line(merchant, totalCentavos, date, hint)],
    warnings: [],
  }) satisfies ExtractionResult;

async function household() {
  const h = await householdOfTwo(app);
  const me = (await h.owner.get("/api/auth/me")).data;
  return { ...h, householdId: me.user.householdId as string, userId: me.user.id as string };
}

async function upload(client: Parameters<typeof uploadFiles>[0], bytes: Uint8Array, type: string) {
  const res = await uploadFiles(client, [{ name: "receipt.jpg", bytes, type }], { kind: "receipt" });
  expect(res.status).toBe(201);
  await app.runtime.settle();
  return res.data.results[0].document.id as string;
}

describe("AI extraction through document.uploaded", () => {
  it("with a key configured, a receipt photo becomes a draft from Gemini, no paste step; the offline OCR ran beside it and review shows where they disagree", async () => {
    const { owner, partner } = await household();
    await addAccount(owner, { name: "Ana's secret card", kind: "bank", visibility: "private" });
    await addAccount(owner, { name: "Household cash", kind: "cash" });
    const fixture = await renderReceipt(RECEIPT_SPECS[0]!, "clean");
    const calls = install({
      gemini: async () => receiptAnswer("Mercury Drug", "99900", "2026-01-02", "Health"),
    });
    // the partner photographs it: what is sent names only accounts the partner sees
    const id = await upload(partner, fixture.image, fixture.mediaType);

    expect(calls.gemini).toHaveLength(1);
    const sent = calls.gemini[0]!;
    expect(sent.kind).toBe("receipt");
    expect(sent.image?.bytes.length).toBe(fixture.image.length);
    expect(sent.context.accounts.map((a) => a.name)).toContain("Household cash");
    expect(sent.context.accounts.map((a) => a.name)).not.toContain("Ana's secret card");
    expect(sent.context.categories.length).toBeGreaterThan(0);

    const doc = await owner.get(`/api/documents/${id}`);
    expect(doc.data).toMatchObject({ status: "extracted", extractor: "ai:gemini" });
    const review = await owner.get(`/api/extraction/documents/${id}/drafts`);
    expect(review.data.batch.extractor).toBe("ai:gemini");
    expect(review.data.drafts).toHaveLength(1);
    expect(review.data.drafts[0]).toMatchObject({ merchant: "Mercury Drug", amountCentavos: "99900" });
    // the OCR read the real receipt: the review shows the other reading where they differ
    expect(review.data.compare.against).toBe("receipt:tesseract");
    const total = review.data.compare.totals.find((d: { field: string }) => d.field === "totalCentavos");
    expect(total).toEqual({ field: "totalCentavos", ai: "99900", offline: fixture.truth.totalCentavos });
    expect(review.data.compare.lines[0].diffs.map((d: { field: string }) => d.field)).toContain(
      "amountCentavos",
    );

    const runs = await owner.get(`/api/extraction/documents/${id}/runs`);
    expect(runs.status).toBe(200);
    expect(runs.data.runs).toMatchObject([
      { provider: "gemini", role: "primary", status: "succeeded", model: "gemini-test", inputTokens: 1500 },
      { provider: "offline", role: "compare", status: "succeeded" },
    ]);
    expect(BigInt(runs.data.runs[0].costMicros)).toBeGreaterThan(0n);
    // nothing went through the paste endpoints
    expect(await app.db.select().from(schema.extractionBatches)).toHaveLength(1);
  }, 120_000);

  it("Gemini refusing its key (401) falls back to Claude; a redelivery after success calls nobody again", async () => {
    const { owner } = await household();
    let lockedFree = false;
    const calls = install({
      gemini: async () => {
        // no transaction is open while a provider thinks: every document row can be locked now
        // (NOWAIT fails on PostgreSQL if one is held; PGlite's single connection would hang)
        await app.db.execute(sql`SELECT id FROM documents FOR UPDATE NOWAIT`);
        lockedFree = true;
        throw new ProviderError("gemini", "auth", "401 API key not valid");
      },
      claude: async () => receiptAnswer("Jollibee", "45600", "2026-01-03"),
    });
    const id = await upload(owner, await makeImage("jpeg", 1), "image/jpeg");
    expect((await documentRow(app, id)).extractor).toBe("ai:claude");
    expect(lockedFree).toBe(true);
    const runs = (await owner.get(`/api/extraction/documents/${id}/runs`)).data.runs;
    expect(runs.filter((r: { role: string }) => r.role === "primary")).toMatchObject([
      { provider: "gemini", status: "failed", reason: "auth: 401 API key not valid" },
      { provider: "claude", status: "succeeded" },
    ]);
    const doc = await documentRow(app, id);
    await enqueue(app.db, {
      type: "ph.fintrack.document.uploaded.v1",
      source: sourceOf("documents"),
      subject: id,
      data: {
        householdId: doc.householdId,
        documentId: id,
        uploadedBy: doc.uploadedBy,
        kind: "receipt",
        mediaType: "image/jpeg",
        attempt: doc.attempt,
      },
    });
    await app.runtime.settle();
    expect(calls.gemini).toHaveLength(1);
    expect(calls.claude).toHaveLength(1);
  }, 60_000);

  it("a redelivery after a crash mid-chain resumes with the next provider; the statement text went out masked", async () => {
    const { householdId, userId } = await household();
    const calls = install({
      gemini: async () => receiptAnswer("never", "1", "2026-01-01"),
      claude: async () => ({
        kind: "statement",
        statement: {
          issuer: "bpi",
          cardLast4: "1234",
          periodStart: null,
          periodEnd: null,
          statementDate: "2026-01-20",
          dueDate: "2026-02-09",
          totalDueCentavos: "52050",
          minimumDueCentavos: null,
          previousBalanceCentavos: null,
          paymentsCreditsCentavos: null,
          creditLimitCentavos: null,
        },
        lines: [line("Jollibee", "52050", "2026-01-04")],
        warnings: [],
      }),
    });
    const item = (str: string, y: number, x = 40) => ({ str, x, y, width: 100, height: 10 });
    const layer = JSON.stringify({
      pages: [
        {
          width: 612,
          height: 792,
          items: [
            item("BPI Credit Card", 40),
            item("Card number 4111 1111 1111 1234", 60),
            item("Total", 80),
          ],
        },
      ],
    });
    // as the documents function leaves it, plus what the first delivery left when its pod died
    // during Gemini's call: a "running" row (one transaction, so no delivery sees half of it)
    const id = await app.db.transaction(async (tx) => {
      const [doc] = await tx
        .insert(schema.documents)
        .values({
          householdId,
          uploadedBy: userId,
          kind: "statement",
          fileName: "statement.pdf",
          mediaType: "application/pdf",
          sizeBytes: 14,
          sha256: "c4a54",
        })
        .returning({ id: schema.documents.id });
      const docId = doc!.id;
      await databaseStorage.put(
        tx,
        docId,
        "original",
        "application/pdf",
        new TextEncoder().encode("%PDF-1.7 crash"),
      );
      await databaseStorage.put(tx, docId, "text_layer", "application/json", new TextEncoder().encode(layer));
      await tx.insert(schema.extractionRuns).values({
        householdId,
        documentId: docId,
        attempt: 1,
        position: 0,
        provider: "gemini",
        status: "running",
        startedAt: new Date(Date.now() - 10 * 60_000),
      });
      await enqueue(tx, {
        type: "ph.fintrack.document.uploaded.v1",
        source: sourceOf("documents"),
        subject: docId,
        data: {
          householdId,
          documentId: docId,
          uploadedBy: userId,
          kind: "statement",
          mediaType: "application/pdf",
          attempt: 1,
        },
      });
      return docId;
    });
    await app.runtime.settle();
    expect(calls.gemini).toHaveLength(0);
    expect(calls.claude).toHaveLength(1);
    expect(calls.claude[0]!.text).toContain("**** **** **** 1234");
    expect(calls.claude[0]!.text).not.toContain("4111");
    const row = await documentRow(app, id);
    expect(row).toMatchObject({ status: "extracted", extractor: "ai:claude" });
    const runs = await app.db
      .select()
      .from(schema.extractionRuns)
      .where(and(eq(schema.extractionRuns.documentId, id), eq(schema.extractionRuns.role, "primary")));
    expect(runs.find((r) => r.provider === "gemini")).toMatchObject({ status: "failed" });
    expect(runs.find((r) => r.provider === "gemini")!.reason).toMatch(/^interrupted/);
  }, 60_000);

  it("a category corrected in review becomes the next suggestion for that merchant", async () => {
    const { owner } = await household();
    const bank = await addAccount(owner, { name: "BDO Savings", kind: "bank", openingBalance: "10000" });
    install({
      gemini: async (_req, call) =>
        receiptAnswer("Jollibee", "45600", call === 1 ? "2026-01-03" : "2026-01-10", "Shopping"),
    });
    const shopping = await categoryId(owner, "Shopping");
    const food = await categoryId(owner, "Food & Dining");
    const first = await upload(owner, await makeImage("jpeg", 2), "image/jpeg");
    const [draft] = (await owner.get(`/api/extraction/documents/${first}/drafts`)).data.drafts;
    expect(draft.categoryId).toBe(shopping); // the AI's hint, with no history yet
    expect(
      (await patch(owner, `/api/extraction/drafts/${draft.id}`, { categoryId: food, accountId: bank }))
        .status,
    ).toBe(200);
    expect((await owner.post(`/api/extraction/documents/${first}/confirm`)).status).toBe(200);

    const second = await upload(owner, await makeImage("jpeg", 3), "image/jpeg");
    const [next] = (await owner.get(`/api/extraction/documents/${second}/drafts`)).data.drafts;
    expect(next.categoryId).toBe(food);
  }, 60_000);
});
