import { rows, schema } from "@fintrack/db";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makePdf, uploadFiles } from "../documents/test-helpers";
import { householdOfTwo, useTestApp } from "../testing";
import { addAccount, patch } from "../transactions/testing";
import { RECEIPT_SPECS, renderReceipt } from "./fixtures/receipts/index";
import { statementSpecs } from "./fixtures/statements/index";
import { renderStatement } from "./fixtures/statements/render";

/**
 * Issue 9 end to end, through the gateway and the local broker: documents stores the upload and
 * publishes document.uploaded; extraction (its Trigger in knative/) reads it into drafts; the
 * member reviews and confirms; the ledger, the statement cycle and the document link back.
 */
const app = useTestApp("per test", {
  only: ["auth", "accounts", "transactions", "documents", "extraction", "deadletters"],
});

const bpi = () => statementSpecs().find((s) => s.name === "bpi-dec-jan-encrypted")!;

async function household() {
  const h = await householdOfTwo(app);
  const card = await addAccount(h.owner, {
    name: "BPI Gold",
    kind: "credit_card",
    card: { last4: "1234", creditLimit: "310000", statementDay: 15, dueDay: 4 },
  });
  const bank = await addAccount(h.owner, { name: "BPI Savings", kind: "bank", openingBalance: "500000" });
  return { ...h, card, bank };
}

async function uploadStatement(client: Parameters<typeof uploadFiles>[0], pdf: Uint8Array, password: string) {
  const res = await uploadFiles(client, [{ name: "BPI statement.pdf", bytes: pdf }], {
    kind: "statement",
    password,
  });
  expect(res.status).toBe(201);
  await app.runtime.settle();
  return res.data.results[0].document.id as string;
}

describe("smart input end to end", () => {
  it("an encrypted statement → drafts → confirm → transactions and a statement cycle that link back; the same statement again is flagged", async () => {
    const { owner, card, bank } = await household();
    const spec = bpi();
    const documentId = await uploadStatement(owner, await renderStatement(spec), spec.password!);

    const doc = await owner.get(`/api/documents/${documentId}`);
    expect(doc.data).toMatchObject({ status: "extracted", extractor: "statement:bpi" });
    const review = await owner.get(`/api/extraction/documents/${documentId}/drafts`);
    expect(review.status).toBe(200);
    expect(review.data.batch).toMatchObject({ kind: "statement", accountId: card });
    expect(review.data.batch.summary).toMatchObject({
      cardLast4: "1234",
      statementDate: spec.summary.statementDate,
      totalDueCentavos: spec.summary.totalDueCentavos,
    });
    const drafts = review.data.drafts as Array<{
      id: string;
      kind: string;
      direction: string;
      include: boolean;
    }>;
    expect(drafts).toHaveLength(spec.lines.length);
    // card payments wait for their source account; everything else is in
    const payments = drafts.filter((d) => d.kind === "payment");
    expect(payments.length).toBeGreaterThan(0);
    for (const p of payments) {
      expect(p.include).toBe(false);
      expect(
        (await patch(owner, `/api/extraction/drafts/${p.id}`, { fromAccountId: bank, include: true })).status,
      ).toBe(200);
    }

    const [confirmed, twice] = await Promise.all([
      owner.post(`/api/extraction/documents/${documentId}/confirm`),
      owner.post(`/api/extraction/documents/${documentId}/confirm`),
    ]);
    expect(confirmed.status).toBe(200);
    expect(twice.data).toEqual(confirmed.data);
    expect(confirmed.data.transactionCount).toBe(spec.lines.length);
    await app.runtime.settle();

    const txs = await app.db
      .select()
      .from(schema.transactions)
      .where(inArray(schema.transactions.id, confirmed.data.transactionIds));
    expect(txs).toHaveLength(spec.lines.length);
    expect(txs.every((t) => t.documentId === documentId)).toBe(true);
    const transfers = txs.filter((t) => t.type === "transfer");
    expect(transfers).toHaveLength(payments.length);
    expect(transfers.every((t) => t.accountId === bank && t.toAccountId === card)).toBe(true);

    const [cycle] = await app.db
      .select()
      .from(schema.statementCycles)
      .where(eq(schema.statementCycles.id, confirmed.data.statementCycleId));
    expect(cycle).toMatchObject({
      accountId: card,
      documentId,
      statementDate: spec.summary.statementDate,
      dueDate: spec.summary.dueDate,
      totalDueCentavos: BigInt(spec.summary.totalDueCentavos!),
      minimumDueCentavos: BigInt(spec.summary.minimumDueCentavos!),
    });
    const lines = await app.db
      .select()
      .from(schema.statementCycleLines)
      .where(eq(schema.statementCycleLines.cycleId, cycle!.id));
    expect(lines).toHaveLength(spec.lines.length);

    const after = await owner.get(`/api/documents/${documentId}`);
    expect(after.data.status).toBe("confirmed");
    expect(after.data.transactions).toHaveLength(spec.lines.length);
    const events = (await app.db.select().from(schema.outbox)).map((e) => e.type);
    expect(events).toContain("ph.fintrack.document.extracted.v1");
    expect(events.filter((t) => t === "ph.fintrack.document.confirmed.v1")).toHaveLength(1);

    // the same statement downloaded again (other bytes, so documents stores it): every line is a duplicate
    const again = await uploadStatement(owner, await renderStatement(spec), spec.password!);
    expect(again).not.toBe(documentId);
    const second = await owner.get(`/api/extraction/documents/${again}/drafts`);
    expect(second.data.drafts).toHaveLength(spec.lines.length);
    for (const d of second.data.drafts) {
      expect(d.include).toBe(false);
      expect(d.duplicate.reason).toMatch(/earlier upload/);
    }
    const none = await owner.post(`/api/extraction/documents/${again}/confirm`);
    expect(none.data.transactionCount).toBe(0);
    // one cycle per card and statement date
    expect(await app.db.select().from(schema.statementCycles)).toHaveLength(1);

    // after the whole flow the statement's password is in no table (drafts, cycles, outbox, dead letters…)
    const tables = await rows<{ name: string }>(
      app.db,
      sql`SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(["extraction_drafts", "statement_cycles"]),
    );
    for (const { name } of tables) {
      const all = await rows<{ row: string }>(
        app.db,
        sql`SELECT t::text AS row FROM ${sql.identifier(name)} t`,
      );
      const hex = Buffer.from(spec.password!, "utf8").toString("hex");
      expect(all.filter((r) => r.row.includes(spec.password!) || r.row.includes(hex))).toEqual([]);
    }
  });

  it("extract again: the new attempt's drafts replace the old ones, which can no longer be confirmed", async () => {
    const { owner, card } = await household();
    const spec = statementSpecs().find((s) => s.name === "rcbc-period")!;
    const res = await uploadFiles(owner, [{ name: "rcbc.pdf", bytes: await renderStatement(spec) }], {
      kind: "statement",
    });
    const documentId = res.data.results[0].document.id;
    await app.runtime.settle();
    const first = await owner.get(`/api/extraction/documents/${documentId}/drafts`);
    expect(first.data.drafts).toHaveLength(spec.lines.length);
    expect((await owner.post(`/api/documents/${documentId}/extract`)).status).toBeLessThan(300);
    await app.runtime.settle();
    const second = await owner.get(`/api/extraction/documents/${documentId}/drafts`);
    expect(second.data.batch.id).not.toBe(first.data.batch.id);
    expect(second.data.drafts).toHaveLength(spec.lines.length);
    expect((await owner.get(`/api/documents/${documentId}`)).data).toMatchObject({
      status: "extracted",
      attempt: 2,
    });
    const stale = await owner.post(`/api/extraction/batches/${first.data.batch.id}/confirm`);
    expect(stale.status).toBe(409);
    // the card ending 9942 is not in this household: the member chooses the card once for every line
    const noCard = await owner.post(`/api/extraction/documents/${documentId}/confirm`);
    expect(noCard.status).toBe(400);
    expect(noCard.data.errors[0].path).toMatch(/accountId$/);
    await patch(owner, `/api/extraction/batches/${second.data.batch.id}`, { accountId: card });
    const ok = await owner.post(`/api/extraction/documents/${documentId}/confirm`);
    expect(ok.status).toBe(200);
    expect(ok.data.accountId).toBe(card);
  });

  it("a PDF that is no statement reaches the document as failed, with its reason and document.failed", async () => {
    const { owner } = await household();
    const pdf = await makePdf({ lines: ["Dear neighbour,", "The barangay fiesta is on Saturday."] });
    const res = await uploadFiles(owner, [{ name: "letter.pdf", bytes: pdf }], { kind: "statement" });
    expect(res.status).toBe(201);
    await app.runtime.settle();
    const doc = await owner.get(`/api/documents/${res.data.results[0].document.id}`);
    expect(doc.data.status).toBe("failed");
    expect(doc.data.failureReason).toEqual(expect.any(String));
    expect(doc.data.failureReason.length).toBeGreaterThan(20);
    const failed = (await app.db.select().from(schema.outbox)).filter(
      (e) => e.type === "ph.fintrack.document.failed.v1",
    );
    expect(failed).toHaveLength(1);
    expect(JSON.stringify(failed[0]!.data)).toContain(doc.data.failureReason);
  });

  it("a receipt photo → OCR → one draft with merchant, date and total → confirm", async () => {
    const { owner, bank } = await household();
    const fixture = await renderReceipt(RECEIPT_SPECS[0]!, "clean");
    const res = await uploadFiles(
      owner,
      [{ name: "receipt.png", bytes: fixture.image, type: fixture.mediaType }],
      {
        kind: "receipt",
      },
    );
    expect(res.status).toBe(201);
    const documentId = res.data.results[0].document.id;
    await app.runtime.settle();
    const doc = await owner.get(`/api/documents/${documentId}`);
    expect(doc.data).toMatchObject({ status: "extracted", extractor: "receipt:tesseract" });
    const review = await owner.get(`/api/extraction/documents/${documentId}/drafts`);
    expect(review.data.drafts).toHaveLength(1);
    const [draft] = review.data.drafts;
    expect(draft).toMatchObject({
      amountCentavos: fixture.truth.totalCentavos,
      date: fixture.truth.date,
      include: true,
    });
    await patch(owner, `/api/extraction/drafts/${draft.id}`, { accountId: bank });
    const confirmed = await owner.post(`/api/extraction/documents/${documentId}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.data).toMatchObject({ transactionCount: 1, statementCycleId: null });
    const after = await owner.get(`/api/documents/${documentId}`);
    expect(after.data.transactions).toHaveLength(1);
  }, 120_000);
});
