import { createHash } from "node:crypto";
import { schema } from "@fintrack/db";
import { enqueue, sourceOf } from "@fintrack/events";
import { eq } from "drizzle-orm";
import { databaseStorage } from "../lib/document-storage";
import type { TestApp } from "../testing";

/**
 * A stored document as the documents function leaves it (row, files, document.uploaded in the
 * outbox), for tests of extraction on its own. The end-to-end tests upload through the API.
 */
export async function storedDocument(
  app: TestApp,
  d: {
    householdId: string;
    uploadedBy: string;
    kind: "receipt" | "statement";
    mediaType: string;
    original: Uint8Array;
    textLayer?: string;
    attempt?: number;
  },
) {
  const id = await app.db.transaction(async (tx) => {
    const [doc] = await tx
      .insert(schema.documents)
      .values({
        householdId: d.householdId,
        uploadedBy: d.uploadedBy,
        kind: d.kind,
        fileName: d.kind === "statement" ? "statement.pdf" : "receipt.jpg",
        mediaType: d.mediaType,
        sizeBytes: d.original.length,
        sha256: createHash("sha256").update(d.original).digest("hex"),
        attempt: d.attempt ?? 1,
      })
      .returning({ id: schema.documents.id });
    await databaseStorage.put(tx, doc!.id, "original", d.mediaType, d.original);
    if (d.textLayer !== undefined) {
      await databaseStorage.put(
        tx,
        doc!.id,
        "text_layer",
        "application/json",
        new TextEncoder().encode(d.textLayer),
      );
    }
    await enqueue(tx, {
      type: "ph.fintrack.document.uploaded.v1",
      source: sourceOf("documents"),
      subject: doc!.id,
      data: {
        householdId: d.householdId,
        documentId: doc!.id,
        uploadedBy: d.uploadedBy,
        kind: d.kind,
        mediaType: d.mediaType,
        attempt: d.attempt ?? 1,
      },
    });
    return doc!.id;
  });
  return id;
}

export async function documentRow(app: TestApp, id: string) {
  const [doc] = await app.db.select().from(schema.documents).where(eq(schema.documents.id, id));
  return doc!;
}
