import { sql } from "drizzle-orm";
import {
  bigint,
  customType,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { households, users } from "./auth";

export const documentKind = pgEnum("document_kind", ["receipt", "statement"]);
/**
 * uploaded → processing → extracted | needs_password | failed → confirmed. needs_password is
 * a statement whose password has not been given yet; nothing is extracted until it is.
 */
export const documentStatus = pgEnum("document_status", [
  "uploaded",
  "processing",
  "extracted",
  "needs_password",
  "failed",
  "confirmed",
]);
/**
 * What the storage keeps for a document: the file as uploaded, the PDF's text with positions
 * (the only form in which an encrypted statement's content leaves the upload request), and
 * a small thumbnail for the history.
 */
export const documentFileRole = pgEnum("document_file_role", ["original", "text_layer", "thumbnail"]);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

/** A receipt photo or a card statement PDF (DESIGN: uploads are stored in the database). */
export const documents = pgTable(
  "documents",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id),
    kind: documentKind("kind").notNull(),
    status: documentStatus("status").notNull().default("uploaded"),
    /** As the member's device named it; shown in the history, never trusted for the type. */
    fileName: text("file_name").notNull(),
    /** Decided from the content's magic bytes, never from the name or the browser's claim. */
    mediaType: text("media_type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    /** Hex sha256 of the original bytes: the same file uploaded twice points to the first. */
    sha256: text("sha256").notNull(),
    pageCount: integer("page_count"),
    /** Grows with every "extract again"; events carry it so a stale run's result is ignored. */
    attempt: integer("attempt").notNull().default(1),
    /** e.g. "statement:bpi", "receipt:tesseract", "paste" — shown on the document page. */
    extractor: text("extractor"),
    failureCode: text("failure_code"),
    /** What the member can do about it ("the photo is too blurry to read the total"). */
    failureReason: text("failure_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    extractedAt: timestamp("extracted_at", { withTimezone: true }),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("documents_household_sha256_key").on(t.householdId, t.sha256),
    index("documents_household_created_idx").on(t.householdId, t.createdAt.desc(), t.id.desc()),
  ],
);

/** The storage behind functions/lib/document-storage.ts; an object store could replace it. */
export const documentFiles = pgTable(
  "document_files",
  {
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    role: documentFileRole("role").notNull(),
    mediaType: text("media_type").notNull(),
    bytes: bytea("bytes").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.role] })],
);

export type DocumentFileRole = (typeof documentFileRole.enumValues)[number];

/**
 * One wrong password given for a protected PDF (keyed by the file's sha256, never the password):
 * after three in a short window the next try is refused with 429. Kept in the database so every
 * documents pod counts the same tries.
 */
export const pdfPasswordFailures = pgTable(
  "pdf_password_failures",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id, { onDelete: "cascade" }),
    sha256: text("sha256").notNull(),
    failedAt: timestamp("failed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("pdf_password_failures_file_idx").on(t.householdId, t.sha256, t.failedAt)],
);
