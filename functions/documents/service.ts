import { createHash } from "node:crypto";
import { type Database, type Queryable, schema } from "@fintrack/db";
import { enqueue, sourceOf } from "@fintrack/events";
import { and, desc, eq, gt, gte, isNull, lt, or, sql } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import { z } from "zod";
import {
  PdfPasswordRequired,
  PdfUnreadable,
  PdfWrongPassword,
  readTextLayer,
} from "../extraction/pdf/text-layer";
import type { SignedInUser } from "../lib/auth";
import { cursorCodec } from "../lib/cursor";
import { type DocumentStorage, databaseStorage } from "../lib/document-storage";
import { ImageUnreadable, thumbnail, toRasterImage } from "../lib/images";
import { HttpProblem } from "../lib/problem";
import { visibleAccounts } from "../transactions/visibility";
import { MAX_FILE_BYTES } from "./meta";
import type { DocumentDto, UploadResult } from "./schemas";

const { documents, documentFiles, users, transactions, pdfPasswordFailures } = schema;
type DocumentRow = typeof documents.$inferSelect;
type Kind = DocumentRow["kind"];

/** What a document's bytes are, decided from the bytes (never the name or the browser's claim). */
const ACCEPTED: Record<string, "image" | "pdf"> = {
  "image/jpeg": "image",
  "image/png": "image",
  "image/webp": "image",
  "image/heic": "image",
  "image/heif": "image",
  "application/pdf": "pdf",
};

/** Wrong passwords for one file before the next try is refused, and the window they count in. */
export const PASSWORD_TRIES = 3;
export const PASSWORD_WINDOW_SECONDS = 10 * 60;

const storage: DocumentStorage = databaseStorage;
const PROBLEMS = "https://fintrack.ph/problems/";

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
const quoted = (name: string) => `“${name}”`;

export const wrongPassword = (fileName: string) =>
  new HttpProblem(
    422,
    "Wrong password",
    `That password does not open ${quoted(fileName)}. Check it and try again.`,
    {
      type: `${PROBLEMS}wrong_password`,
      errors: [{ path: "password", message: "That password does not open this PDF" }],
    },
  );

const unreadable = (fileName: string, what: string) =>
  new HttpProblem(422, "Unreadable file", `${quoted(fileName)} ${what}`, { type: `${PROBLEMS}unreadable` });

const notFound = () => new HttpProblem(404, "Document not found", "There is no such document.");

/** The name as shown in the history: control characters dropped, at most 255 characters. */
export function cleanFileName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
  const printable = name.replace(/[\u0000-\u001f\u007f]/g, "");
  return printable.trim().slice(0, 255) || "document";
}

export async function detectMediaType(bytes: Uint8Array): Promise<string | null> {
  const found = await fileTypeFromBuffer(bytes);
  return found && found.mime in ACCEPTED ? found.mime : null;
}

// --- the password tries limit (in the database: every pod counts the same tries) ----------------

async function refuseWhenTooManyTries(db: Queryable, householdId: string, sha256: string) {
  const [row] = await db
    .select({
      n: sql<number>`count(*)::int`,
      oldest: sql<string | null>`min(${pdfPasswordFailures.failedAt})::text`,
    })
    .from(pdfPasswordFailures)
    .where(
      and(
        eq(pdfPasswordFailures.householdId, householdId),
        eq(pdfPasswordFailures.sha256, sha256),
        gt(pdfPasswordFailures.failedAt, sql`now() - make_interval(secs => ${PASSWORD_WINDOW_SECONDS})`),
      ),
    );
  if ((row?.n ?? 0) < PASSWORD_TRIES) return;
  const waited = row?.oldest ? (Date.now() - new Date(row.oldest).getTime()) / 1000 : 0;
  const retryAfter = Math.max(1, Math.ceil(PASSWORD_WINDOW_SECONDS - waited));
  throw new HttpProblem(
    429,
    "Too many wrong passwords",
    `${PASSWORD_TRIES} wrong passwords in a row for this PDF. Wait ${Math.ceil(retryAfter / 60)} minutes, then try again (check the password your bank sent you).`,
    { type: `${PROBLEMS}too_many_passwords`, headers: { "retry-after": String(retryAfter) } },
  );
}

async function recordWrongPassword(db: Queryable, householdId: string, sha256: string) {
  await db.insert(pdfPasswordFailures).values({ householdId, sha256 });
}

/**
 * The PDF's text with positions, opened with the password if one is given. The password is a
 * parameter of this call only: it is not logged, stored or put in any error.
 */
async function openPdf(
  db: Queryable,
  householdId: string,
  sha256: string,
  fileName: string,
  bytes: Uint8Array,
  password: string | undefined,
) {
  if (password !== undefined) await refuseWhenTooManyTries(db, householdId, sha256);
  try {
    const layer = await readTextLayer(bytes, { password });
    if (password !== undefined) {
      await db
        .delete(pdfPasswordFailures)
        .where(and(eq(pdfPasswordFailures.householdId, householdId), eq(pdfPasswordFailures.sha256, sha256)));
    }
    return layer;
  } catch (err) {
    if (err instanceof PdfPasswordRequired) return null;
    if (err instanceof PdfWrongPassword) {
      await recordWrongPassword(db, householdId, sha256);
      throw wrongPassword(fileName);
    }
    if (err instanceof PdfUnreadable) {
      throw unreadable(
        fileName,
        "is not a PDF that can be opened (damaged or cut short). Save it again and upload it.",
      );
    }
    throw err;
  }
}

const uploadedEvent = (row: DocumentRow) => ({
  type: "ph.fintrack.document.uploaded.v1" as const,
  source: sourceOf("documents"),
  subject: row.id,
  data: {
    householdId: row.householdId,
    documentId: row.id,
    uploadedBy: row.uploadedBy,
    kind: row.kind,
    mediaType: row.mediaType,
    attempt: row.attempt,
  },
});

const textLayerBytes = (layer: unknown) => new TextEncoder().encode(JSON.stringify(layer));

// --- upload ----------------------------------------------------------------------------------

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * Stores one uploaded file as a document: checked by content, deduplicated by sha256, a PDF's
 * text layer read (unlocked with `password` when protected), an image's thumbnail made, and
 * `document.uploaded` put in the outbox in the same transaction. A protected PDF without its
 * password is stored as needs_password and announced to nobody until it is unlocked.
 * Throws an HttpProblem naming the file when it is refused (nothing is stored then).
 */
export async function uploadOne(
  db: Database,
  user: SignedInUser,
  file: UploadedFile,
  opts: { kind?: Kind; password?: string },
): Promise<{ result: UploadResult; published: boolean }> {
  const fileName = cleanFileName(file.name);
  const { bytes } = file;
  if (bytes.byteLength === 0) {
    throw new HttpProblem(
      422,
      "Empty file",
      `${quoted(fileName)} is empty (0 bytes). Choose the photo or PDF again.`,
      {
        type: `${PROBLEMS}empty_file`,
      },
    );
  }
  if (bytes.byteLength > MAX_FILE_BYTES) {
    throw new HttpProblem(
      413,
      "Payload too large",
      `${quoted(fileName)} is ${mb(bytes.byteLength)}; each file may be at most ${mb(MAX_FILE_BYTES)}.`,
    );
  }
  const mediaType = await detectMediaType(bytes);
  if (!mediaType) {
    throw new HttpProblem(
      415,
      "Unsupported file type",
      `${quoted(fileName)} is not a photo (JPEG, PNG, WebP, HEIC) or a PDF, whatever its name says.`,
      { type: `${PROBLEMS}unsupported_file_type` },
    );
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const existing = await findBySha(db, user.householdId, sha256);
  if (existing) {
    if (existing.status === "needs_password" && opts.password !== undefined) {
      // the same protected PDF again, this time with its password: unlock the first upload
      const unlocked = await unlock(db, user, existing.id, opts.password);
      return {
        result: { fileName, outcome: "duplicate", document: unlocked, needsPassword: false },
        published: true,
      };
    }
    const document = await getDocument(db, user, existing.id);
    return {
      result: {
        fileName,
        outcome: "duplicate",
        document,
        needsPassword: existing.status === "needs_password",
      },
      published: false,
    };
  }

  const isPdf = ACCEPTED[mediaType] === "pdf";
  const kind: Kind = opts.kind ?? (isPdf ? "statement" : "receipt");
  let textLayer: Awaited<ReturnType<typeof openPdf>> = null;
  let thumb: { bytes: Uint8Array; mediaType: string } | null = null;
  if (isPdf) {
    textLayer = await openPdf(db, user.householdId, sha256, fileName, bytes, opts.password);
  } else {
    try {
      thumb = await thumbnail(await toRasterImage(bytes, mediaType));
    } catch (err) {
      if (err instanceof ImageUnreadable) {
        throw unreadable(
          fileName,
          "looks like a photo but cannot be read (damaged or cut short). Take or export it again.",
        );
      }
      throw err;
    }
  }
  const needsPassword = isPdf && textLayer === null;

  const created = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(documents)
      .values({
        householdId: user.householdId,
        uploadedBy: user.userId,
        kind,
        status: needsPassword ? "needs_password" : "uploaded",
        fileName,
        mediaType,
        sizeBytes: bytes.byteLength,
        sha256,
        pageCount: textLayer ? textLayer.pages.length : null,
      })
      .onConflictDoNothing({ target: [documents.householdId, documents.sha256] })
      .returning();
    if (!row) return null; // the same file arrived in a concurrent request: that one wins
    await storage.put(tx, row.id, "original", mediaType, bytes);
    if (textLayer) await storage.put(tx, row.id, "text_layer", "application/json", textLayerBytes(textLayer));
    if (thumb) await storage.put(tx, row.id, "thumbnail", thumb.mediaType, thumb.bytes);
    if (!needsPassword) await enqueue(tx, uploadedEvent(row));
    return row;
  });
  if (!created) {
    const first = await findBySha(db, user.householdId, sha256);
    if (!first)
      throw new HttpProblem(
        409,
        "Conflict",
        "The file was uploaded and removed at the same time; try again.",
      );
    const document = await getDocument(db, user, first.id);
    return {
      result: { fileName, outcome: "duplicate", document, needsPassword: first.status === "needs_password" },
      published: false,
    };
  }
  const document = await getDocument(db, user, created.id);
  return { result: { fileName, outcome: "created", document, needsPassword }, published: !needsPassword };
}

async function findBySha(db: Queryable, householdId: string, sha256: string) {
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.householdId, householdId), eq(documents.sha256, sha256)));
  return row ?? null;
}

// --- password ----------------------------------------------------------------------------------

/**
 * Opens a needs_password PDF with the member's password: its text layer is stored, it becomes
 * uploaded and `document.uploaded` is published. The original stays encrypted as uploaded.
 */
export async function unlock(
  db: Database,
  user: SignedInUser,
  id: string,
  password: string,
): Promise<DocumentDto> {
  const row = await loadOwnHousehold(db, user, id);
  if (row.status !== "needs_password") {
    throw new HttpProblem(409, "Already unlocked", "This document does not need a password.");
  }
  const original = await storage.get(db, id, "original");
  if (!original) throw notFound();
  const layer = await openPdf(db, user.householdId, row.sha256, row.fileName, original.bytes, password);
  if (!layer) throw wrongPassword(row.fileName);
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(documents)
      .set({ status: "uploaded", pageCount: layer.pages.length, updatedAt: sql`now()` })
      .where(and(eq(documents.id, id), eq(documents.status, "needs_password")))
      .returning();
    if (!updated) throw new HttpProblem(409, "Already unlocked", "This document does not need a password.");
    await storage.put(tx, id, "text_layer", "application/json", textLayerBytes(layer));
    await enqueue(tx, uploadedEvent(updated));
  });
  return getDocument(db, user, id);
}

// --- reading ----------------------------------------------------------------------------------

async function loadOwnHousehold(db: Queryable, user: SignedInUser, id: string) {
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.id, id), eq(documents.householdId, user.householdId)));
  if (!row) throw notFound();
  return row;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const listColumns = {
  doc: documents,
  uploaderName: users.name,
  hasThumbnail: sql<boolean>`exists (select 1 from ${documentFiles} f where f.document_id = ${documents.id} and f.role = 'thumbnail')`,
  createdAtText: sql<string>`to_char(${documents.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
};

function toDto(
  user: SignedInUser,
  r: { doc: DocumentRow; uploaderName: string; hasThumbnail: boolean },
): DocumentDto {
  const d = r.doc;
  return {
    id: d.id,
    kind: d.kind,
    status: d.status,
    fileName: d.fileName,
    mediaType: d.mediaType,
    sizeBytes: d.sizeBytes,
    pageCount: d.pageCount,
    attempt: d.attempt,
    extractor: d.extractor,
    failureCode: d.failureCode,
    failureReason: d.failureReason,
    uploadedBy: { id: d.uploadedBy, name: r.uploaderName },
    hasThumbnail: Boolean(r.hasThumbnail),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    extractedAt: iso(d.extractedAt),
    confirmedAt: iso(d.confirmedAt),
    canDelete: user.role === "owner" || d.uploadedBy === user.userId,
  };
}

export async function getDocument(db: Queryable, user: SignedInUser, id: string): Promise<DocumentDto> {
  const [row] = await db
    .select(listColumns)
    .from(documents)
    .innerJoin(users, eq(users.id, documents.uploadedBy))
    .where(and(eq(documents.id, id), eq(documents.householdId, user.householdId)));
  if (!row) throw notFound();
  return toDto(user, row);
}

/** The document with the transactions recorded from it that this member can see. */
export async function getDocumentDetail(db: Queryable, user: SignedInUser, id: string) {
  const document = await getDocument(db, user, id);
  const seen = await visibleAccounts(db, user);
  const linked = await db
    .select({
      id: transactions.id,
      date: transactions.date,
      type: transactions.type,
      amountCentavos: transactions.amountCentavos,
      merchant: transactions.merchant,
      accountId: transactions.accountId,
      toAccountId: transactions.toAccountId,
    })
    .from(transactions)
    .where(
      and(
        eq(transactions.documentId, id),
        eq(transactions.householdId, user.householdId),
        isNull(transactions.deletedAt),
      ),
    )
    .orderBy(transactions.date, transactions.id);
  return {
    ...document,
    transactions: linked
      .filter((t) => seen.has(t.accountId) && (t.toAccountId === null || seen.has(t.toAccountId)))
      .map(({ toAccountId: _, ...t }) => ({ ...t, amountCentavos: String(t.amountCentavos) })),
  };
}

const Cursor = z.object({ t: z.iso.datetime(), i: z.uuid() });
const cursors = cursorCodec(Cursor);

export interface ListFilters {
  kind?: Kind;
  status?: DocumentRow["status"];
  uploadedBy?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

/** The household's documents, newest first, with filters; keyset pages. */
export async function listDocuments(db: Queryable, user: SignedInUser, tz: string, f: ListFilters) {
  const after = f.cursor ? cursors.decode(f.cursor) : null;
  const localDate = sql`(${documents.createdAt} at time zone ${tz})::date`;
  const rows = await db
    .select(listColumns)
    .from(documents)
    .innerJoin(users, eq(users.id, documents.uploadedBy))
    .where(
      and(
        eq(documents.householdId, user.householdId),
        f.kind ? eq(documents.kind, f.kind) : undefined,
        f.status ? eq(documents.status, f.status) : undefined,
        f.uploadedBy ? eq(documents.uploadedBy, f.uploadedBy) : undefined,
        f.from ? gte(localDate, sql`${f.from}::date`) : undefined,
        f.to ? sql`${localDate} <= ${f.to}::date` : undefined,
        after
          ? or(
              lt(documents.createdAt, sql`${after.t}::timestamptz`),
              and(eq(documents.createdAt, sql`${after.t}::timestamptz`), lt(documents.id, after.i)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toDto(user, r)),
    nextCursor:
      rows.length > f.limit && last ? cursors.encode({ t: last.createdAtText, i: last.doc.id }) : null,
  };
}

/** The original file, or its thumbnail. */
export async function readFile(
  db: Queryable,
  user: SignedInUser,
  id: string,
  role: "original" | "thumbnail",
) {
  const row = await loadOwnHousehold(db, user, id);
  const file = await storage.get(db, id, role);
  if (!file) throw new HttpProblem(404, "No thumbnail", "This document has no thumbnail.");
  return { fileName: row.fileName, ...file };
}

// --- re-run and delete ---------------------------------------------------------------------------

/** "Extract again": a new attempt (stale results of the old one are ignored by its number). */
export async function extractAgain(db: Database, user: SignedInUser, id: string): Promise<DocumentDto> {
  await db.transaction(async (tx) => {
    const row = await loadOwnHousehold(tx, user, id);
    if (row.status === "needs_password") {
      throw new HttpProblem(409, "Password needed", "Enter the PDF's password first; then it is read.");
    }
    const [updated] = await tx
      .update(documents)
      .set({
        status: "uploaded",
        attempt: sql`${documents.attempt} + 1`,
        extractor: null,
        failureCode: null,
        failureReason: null,
        updatedAt: sql`now()`,
      })
      .where(and(eq(documents.id, id), eq(documents.attempt, row.attempt)))
      .returning();
    if (!updated)
      throw new HttpProblem(409, "Conflict", "It is being extracted again already; wait a moment.");
    await enqueue(tx, uploadedEvent(updated));
  });
  return getDocument(db, user, id);
}

/**
 * Deletes the document, its files and its drafts (ON DELETE CASCADE); transactions recorded
 * from it stay, unlinked (ON DELETE SET NULL). Only its uploader or the household owner may.
 */
export async function deleteDocument(db: Database, user: SignedInUser, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await loadOwnHousehold(tx, user, id);
    if (user.role !== "owner" && row.uploadedBy !== user.userId) {
      throw new HttpProblem(
        403,
        "Forbidden",
        "Only the member who uploaded it or the household owner can delete it.",
      );
    }
    await tx.delete(documents).where(eq(documents.id, id));
  });
}
