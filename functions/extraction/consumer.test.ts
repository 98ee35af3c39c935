import { schema } from "@fintrack/db";
import { enqueue, sourceOf } from "@fintrack/events";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { householdOfTwo, useTestApp } from "../testing";
import { recoverStuck } from "./recovery";
import { documentRow, storedDocument } from "./test-helpers";

const app = useTestApp("per test", {
  only: ["auth", "accounts", "transactions", "extraction", "deadletters"],
});

const emptyLayer = JSON.stringify({ pages: [{ width: 612, height: 792, items: [] }] });
const pdf = (tag: string) => new TextEncoder().encode(`%PDF-1.7 ${tag}`);

async function household() {
  const h = await householdOfTwo(app);
  const me = (await h.owner.get("/api/auth/me")).data;
  return { ...h, householdId: me.user.householdId as string, userId: me.user.id as string };
}

const eventsOf = async (type: string) =>
  (await app.db.select().from(schema.outbox)).filter((e) => e.type === type);

describe("extraction of an uploaded document (through the broker)", () => {
  it("a statement that cannot be read reaches the document as failed, with a reason, and document.failed", async () => {
    const { householdId, userId, owner } = await household();
    const noText = await storedDocument(app, {
      householdId,
      uploadedBy: userId,
      kind: "statement",
      mediaType: "application/pdf",
      original: pdf("scan"),
      textLayer: emptyLayer,
    });
    const noLayer = await storedDocument(app, {
      householdId,
      uploadedBy: userId,
      kind: "statement",
      mediaType: "application/pdf",
      original: pdf("no layer"),
    });
    await app.runtime.settle();
    for (const id of [noText, noLayer]) {
      const doc = await documentRow(app, id);
      expect(doc.status).toBe("failed");
      expect(doc.failureReason).toMatch(/Upload the (statement )?PDF/);
    }
    expect((await documentRow(app, noText)).failureCode).toBe("empty");
    expect((await documentRow(app, noLayer)).failureCode).toBe("unreadable");
    const failed = await eventsOf("ph.fintrack.document.failed.v1");
    expect(failed.map((e) => (e.data as { documentId: string }).documentId).sort()).toEqual(
      [noLayer, noText].sort(),
    );
    // the member sees no drafts for it
    expect((await owner.get(`/api/extraction/documents/${noText}/drafts`)).status).toBe(404);
  });

  it("a poison document ends in dead letters without blocking the next document", async () => {
    const { householdId, userId } = await household();
    // a text layer that is not JSON makes the handler throw every time (not an ExtractionFailure)
    const poison = await storedDocument(app, {
      householdId,
      uploadedBy: userId,
      kind: "statement",
      mediaType: "application/pdf",
      original: pdf("poison"),
      textLayer: "{not json",
    });
    const next = await storedDocument(app, {
      householdId,
      uploadedBy: userId,
      kind: "statement",
      mediaType: "application/pdf",
      original: pdf("next"),
      textLayer: emptyLayer,
    });
    await app.runtime.settle();
    expect((await documentRow(app, next)).status).toBe("failed");
    // (events for functions this test does not run are dead-lettered too: keep ours)
    const dead = (await app.db.select().from(schema.deadLetters)).filter(
      (d) => d.type === "ph.fintrack.document.uploaded.v1",
    );
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ type: "ph.fintrack.document.uploaded.v1", errorCode: "500" });
    expect((dead[0]!.data as { documentId: string }).documentId).toBe(poison);
    // nothing of the failed attempts stayed behind; the document is still waiting
    expect((await documentRow(app, poison)).status).toBe("uploaded");
    expect(await app.db.select().from(schema.extractionBatches)).toHaveLength(0);

    // the stuck-document sweep fails it cleanly once it has waited long enough
    expect(await recoverStuck(deps(), 10)).toBe(0);
    await app.db.execute(
      sql`UPDATE documents SET updated_at = now() - interval '11 minutes' WHERE id = ${poison}`,
    );
    expect(await recoverStuck(deps(), 10)).toBe(1);
    const doc = await documentRow(app, poison);
    expect(doc).toMatchObject({ status: "failed", failureCode: "interrupted" });
    expect(doc.failureReason).toMatch(/Extract again/);
  });

  it("ignores a stale attempt and a redelivered event", async () => {
    const { householdId, userId } = await household();
    const id = await storedDocument(app, {
      householdId,
      uploadedBy: userId,
      kind: "statement",
      mediaType: "application/pdf",
      original: pdf("stale"),
      textLayer: emptyLayer,
      attempt: 2,
    });
    await app.runtime.settle();
    expect((await documentRow(app, id)).status).toBe("failed");
    const before = (await eventsOf("ph.fintrack.document.failed.v1")).length;
    // attempt 1 arrives late: nothing changes
    await app.db.execute(sql`UPDATE documents SET status = 'extracted' WHERE id = ${id}`);
    await enqueue(app.db, {
      type: "ph.fintrack.document.uploaded.v1",
      source: sourceOf("documents"),
      subject: id,
      data: {
        householdId,
        documentId: id,
        uploadedBy: userId,
        kind: "statement",
        mediaType: "application/pdf",
        attempt: 1,
      },
    });
    await app.runtime.settle();
    expect((await documentRow(app, id)).status).toBe("extracted");
    expect((await eventsOf("ph.fintrack.document.failed.v1")).length).toBe(before);
    const processed = await app.db
      .select()
      .from(schema.processedEvents)
      .where(eq(schema.processedEvents.consumer, "extraction"));
    expect(processed).toHaveLength(2);
  });
});

function deps() {
  return {
    db: app.db,
    config: app.config,
    log: { warn() {}, info() {}, error() {}, child() {} } as never,
    sessions: undefined as never,
    publish: () => {},
  };
}
