import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf, uploadFiles } from "../documents/test-helpers";
import { testConfig } from "../lib/config";
import { householdOfTwo, type TestAppOptions, type TestClient, useTestApp } from "../testing";
import { addAccount } from "../transactions/testing";
import { startFakeClaude } from "./ai/fakes/claude.testing";
import { startFakeGemini } from "./ai/fakes/gemini.testing";
import type { FakeServer } from "./ai/fakes/server.testing";
import { RECEIPT_SPECS, renderReceipt } from "./fixtures/receipts/index";
import { type StatementSpec, statementSpecs } from "./fixtures/statements/index";
import { renderStatement } from "./fixtures/statements/render";

/**
 * Issue 12 end to end with the real providers: the app's own provider factory, the real
 * @google/genai and @anthropic-ai/sdk clients, pointed (GEMINI_BASE_URL, CLAUDE_BASE_URL) at
 * fake servers on 127.0.0.1 that speak their wire formats. A photo or a protected statement goes
 * upload → document.uploaded → the chain → drafts, with no paste step.
 */
const GEMINI_KEY = "gk-test-4f2a9c71d0";
const CLAUDE_KEY = "ck-test-8b31e55a2f";
let gemini: FakeServer;
let claude: FakeServer;
const options: TestAppOptions = {
  only: ["auth", "accounts", "transactions", "documents", "extraction", "installments", "deadletters"],
};
// runs before the app starts (hooks run in the order they are registered): the fakes' addresses
// are the app's configuration
beforeAll(async () => {
  gemini = await startFakeGemini();
  claude = await startFakeClaude();
  options.config = testConfig({
    GEMINI_API_KEY: GEMINI_KEY,
    GEMINI_BASE_URL: gemini.url,
    CLAUDE_API_KEY: CLAUDE_KEY,
    CLAUDE_BASE_URL: claude.url,
  });
});
const app = useTestApp("per file", options);
afterAll(async () => {
  await gemini?.close();
  await claude?.close();
});

let owner: TestClient;
beforeAll(async () => {
  owner = (await householdOfTwo(app)).owner;
  await addAccount(owner, {
    name: "BPI Gold",
    kind: "credit_card",
    card: { last4: "9113", creditLimit: "100000", statementDay: 5, dueDay: 25 },
  });
});

const receiptAnswer = (merchant: string) => ({
  kind: "receipt",
  receipt: { merchant, date: "2026-11-02", total: "999.00", tin: null },
  lines: [
    {
      date: "2026-11-02",
      description: merchant,
      merchant,
      amount: "999.00",
      direction: "debit",
      kind: "purchase",
      category: "Health",
    },
  ],
});

async function upload(
  files: { name: string; bytes: Uint8Array; type?: string }[],
  kind: string,
  password?: string,
) {
  const res = await uploadFiles(owner, files, { kind, ...(password ? { password } : {}) });
  expect(res.status).toBe(201);
  await app.runtime.settle();
  return res.data.results[0].document.id as string;
}

const runsOf = async (id: string) =>
  (await owner.get(`/api/extraction/documents/${id}/runs`)).data.runs as {
    provider: string;
    status: string;
    reason: string | null;
  }[];

describe("AI extraction with the real provider clients", () => {
  it("a receipt photo becomes a Gemini draft with no paste step: the photo went as an image part, with the key in its header", async () => {
    const fixture = await renderReceipt(RECEIPT_SPECS[0]!, "clean");
    gemini.enqueue({ json: receiptAnswer("Mercury Drug") });
    const before = gemini.requests.length;
    const id = await upload(
      [{ name: "receipt.jpg", bytes: fixture.image, type: fixture.mediaType }],
      "receipt",
    );

    expect((await owner.get(`/api/documents/${id}`)).data).toMatchObject({
      status: "extracted",
      extractor: "ai:gemini",
    });
    const review = await owner.get(`/api/extraction/documents/${id}/drafts`);
    expect(review.data.drafts).toHaveLength(1);
    expect(review.data.drafts[0]).toMatchObject({ merchant: "Mercury Drug", amountCentavos: "99900" });

    const sent = gemini.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toMatch(/\/models\/gemini-2\.5-flash:generateContent$/);
    expect(sent[0]!.headers["x-goog-api-key"]).toBe(GEMINI_KEY);
    const parts = (sent[0]!.body as { contents: { parts: { inlineData?: { data: string } }[] }[] }).contents
      .flatMap((c) => c.parts)
      .filter((p) => p.inlineData);
    expect(Buffer.from(parts[0]!.inlineData!.data, "base64").equals(Buffer.from(fixture.image))).toBe(true);
    expect(claude.requests).toHaveLength(0);
  }, 120_000);

  it("Gemini down (503 on every try) falls back to Claude's tool answer; both runs are on the document", async () => {
    const fixture = await renderReceipt(RECEIPT_SPECS[1]!, "clean");
    gemini.enqueue({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    claude.enqueue({ json: receiptAnswer("SM Supermarket") });
    const id = await upload(
      [{ name: "receipt2.jpg", bytes: fixture.image, type: fixture.mediaType }],
      "receipt",
    );

    expect((await owner.get(`/api/documents/${id}`)).data).toMatchObject({
      status: "extracted",
      extractor: "ai:claude",
    });
    const review = await owner.get(`/api/extraction/documents/${id}/drafts`);
    expect(review.data.drafts[0]).toMatchObject({ merchant: "SM Supermarket", amountCentavos: "99900" });
    const runs = await runsOf(id);
    expect(runs.find((r) => r.provider === "gemini")).toMatchObject({ status: "failed" });
    expect(runs.find((r) => r.provider === "claude")).toMatchObject({ status: "succeeded" });
    const call = claude.requests.at(-1)!;
    expect(call.path).toBe("/v1/messages");
    expect((call.body as { tool_choice: { type: string } }).tool_choice.type).toBe("tool");
  }, 120_000);

  it("a protected statement: its text goes to the provider with the card number masked, never the password", async () => {
    const password = "4417-19880915";
    const cardNumber = "4532 7788 1029 9113";
    const pdf = await makePdf({
      userPassword: password,
      lines: [
        "BPI CREDIT CARD STATEMENT OF ACCOUNT",
        `Card Number ${cardNumber}`,
        "Statement Date November 5, 2026   Payment Due Date November 25, 2026",
        "Total Amount Due 2,500.00   Minimum Amount Due 850.00",
        "10/12 10/13 JOLLIBEE SM MEGAMALL 2,500.00",
      ],
    });
    gemini.enqueue({
      json: {
        kind: "statement",
        statement: {
          issuer: "BPI",
          cardLast4: "9113",
          statementDate: "2026-11-05",
          dueDate: "2026-11-25",
          totalDue: "2500.00",
          minimumDue: "850.00",
        },
        lines: [
          {
            date: "2026-10-12",
            description: "JOLLIBEE SM MEGAMALL",
            merchant: "Jollibee",
            amount: "2500.00",
            direction: "debit",
            kind: "purchase",
          },
        ],
      },
    });
    const before = gemini.requests.length;
    const id = await upload([{ name: "bpi-nov.pdf", bytes: pdf }], "statement", password);

    expect((await owner.get(`/api/documents/${id}`)).data).toMatchObject({
      status: "extracted",
      extractor: "ai:gemini",
    });
    const review = await owner.get(`/api/extraction/documents/${id}/drafts`);
    expect(review.data.drafts[0]).toMatchObject({ amountCentavos: "250000" });

    const sent = gemini.requests
      .slice(before)
      .map((r) => `${r.path}\n${JSON.stringify(r.headers)}\n${r.raw}`)
      .join("\n");
    expect(sent).toContain("JOLLIBEE SM MEGAMALL");
    expect(sent).toContain("9113");
    expect(sent).not.toContain(password);
    expect(sent).not.toContain(cardNumber);
    expect(sent).not.toContain(cardNumber.replace(/ /g, ""));
    expect(`${gemini.everythingSent()}${claude.everythingSent()}`).not.toContain(password);
  }, 120_000);

  it("a statement Gemini read with one line more than the offline parser: compared by content, and its plan total starts the plan, with its add-on interest, on confirm", async () => {
    // a generated RCBC statement whose installment line is an add-on plan: ₱15,000 over 6 at
    // 0.8% a month bills ₱2,620.00 (₱2,500 + ₱120), so months × amount would say ₱15,720
    const base = statementSpecs().find((x) => x.name === "rcbc-period")!;
    const spec: StatementSpec = {
      ...base,
      name: "rcbc-add-on",
      lines: base.lines.map((l) => (l.installment ? { ...l, amountCentavos: "262000" } : l)),
    };
    const at = spec.lines.findIndex((l) => l.installment);
    expect(spec.lines[at]!.installment).toEqual({ number: 5, of: 6, planTotalCentavos: "1500000" });
    await addAccount(owner, {
      name: "RCBC Flex",
      kind: "credit_card",
      openingDate: "2025-01-01",
      card: { last4: "9942", creditLimit: "180000", statementDay: 20, dueDay: 9 },
    });
    const pesos = (c: string) => `${BigInt(c) / 100n}.${(BigInt(c) % 100n).toString().padStart(2, "0")}`;
    const lines: Record<string, unknown>[] = spec.lines.map((l) => ({
      date: l.date,
      postingDate: l.postingDate,
      description: l.description,
      amount: pesos(l.amountCentavos),
      direction: l.direction,
      kind: l.kind,
      foreignCurrency: l.foreignCurrency,
      foreignAmount: l.foreignAmount,
      installment: l.installment && {
        number: l.installment.number,
        of: l.installment.of,
        planTotal: l.installment.planTotalCentavos && pesos(l.installment.planTotalCentavos),
      },
    }));
    // one line the offline parser does not have, early on: by position every later line
    // would have been set against the wrong one
    const extra = {
      date: "2025-12-28",
      description: "GRAB *TRIP MANILA",
      amount: "321.00",
      direction: "debit",
      kind: "purchase",
    };
    lines.splice(2, 0, extra);
    const s = spec.summary;
    gemini.enqueue({
      json: {
        kind: "statement",
        statement: {
          issuer: "RCBC",
          cardLast4: s.cardLast4,
          statementDate: s.statementDate,
          dueDate: s.dueDate,
          periodStart: s.periodStart,
          periodEnd: s.periodEnd,
          totalDue: pesos(s.totalDueCentavos!),
          minimumDue: pesos(s.minimumDueCentavos!),
        },
        lines,
      },
    });
    const id = await upload([{ name: "rcbc-add-on.pdf", bytes: await renderStatement(spec) }], "statement");

    const review = await owner.get(`/api/extraction/documents/${id}/drafts`);
    expect(review.data.batch.extractor).toBe("ai:gemini");
    const compare = review.data.compare;
    expect(compare.against).toBe("statement:rcbc");
    expect(compare.lineCounts).toEqual({ ai: spec.lines.length + 1, offline: spec.lines.length });
    expect(compare.aiOnly).toEqual([
      {
        position: 2,
        date: "2025-12-28",
        description: "GRAB *TRIP MANILA",
        amountCentavos: "32100",
        direction: "debit",
      },
    ]);
    expect(compare.offlineOnly).toEqual([]);
    expect(compare.lines).toEqual([]);

    const plan = review.data.drafts[at + 1];
    expect(plan.installment).toEqual({ number: 5, of: 6, planTotalCentavos: "1500000" });
    expect(plan.attachesToPlan).toEqual({
      planId: null,
      label: "New plan from this statement",
      newPlan: { principalCentavos: "1500000", months: 6, interestCentavos: "12000" },
    });
    const confirmed = await owner.post(`/api/extraction/batches/${review.data.batch.id}/confirm`);
    expect(confirmed.status).toBe(200);
    const plans = (await owner.get("/api/installments")).data.items;
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({
      source: "statement",
      months: 6,
      principalCentavos: "1500000",
      monthlyCentavos: "250000",
      addOnRateBps: 80,
      firstStatementDate: "2025-09-20",
    });
  }, 120_000);
});
