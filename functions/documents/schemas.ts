import { z } from "@hono/zod-openapi";

export const DocumentKind = z.enum(["receipt", "statement"]);
export const DocumentStatus = z.enum([
  "uploaded",
  "processing",
  "extracted",
  "needs_password",
  "failed",
  "confirmed",
]);

const UploadFile = z
  .instanceof(File, { message: "Attach each file as `files`" })
  .openapi({ type: "string", format: "binary" });

/** A PDF password is a secret: bounded, never echoed, never stored. */
const Password = z
  .string()
  .min(1, "Enter the PDF's password")
  .max(256, "A PDF password is at most 256 characters");

export const UploadForm = z
  .object({
    files: z.union([UploadFile, z.array(UploadFile).min(1).max(10, "At most 10 files at once")]).openapi({
      description: "JPEG, PNG, WebP, HEIC/HEIF photos or PDF statements; several at once",
    }),
    kind: DocumentKind.optional().openapi({
      description: "Default from the content: a PDF is a statement, an image a receipt",
    }),
    password: Password.optional().openapi({
      description: "For password-protected PDFs; used in this request only, never stored",
    }),
  })
  .openapi("DocumentUploadForm");

export const UnlockBody = z.object({ password: Password }).openapi("DocumentUnlock");

export const DocumentTransaction = z
  .object({
    id: z.uuid(),
    date: z.string(),
    type: z.enum(["income", "expense", "transfer"]),
    amountCentavos: z.string(),
    merchant: z.string().nullable(),
    accountId: z.uuid(),
  })
  .openapi("DocumentTransaction");

export const DocumentDto = z
  .object({
    id: z.uuid(),
    kind: DocumentKind,
    status: DocumentStatus,
    fileName: z.string(),
    mediaType: z.string(),
    sizeBytes: z.number().int(),
    pageCount: z.number().int().nullable(),
    attempt: z.number().int(),
    extractor: z.string().nullable(),
    failureCode: z.string().nullable(),
    failureReason: z.string().nullable(),
    uploadedBy: z.object({ id: z.uuid(), name: z.string() }),
    hasThumbnail: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    extractedAt: z.string().nullable(),
    confirmedAt: z.string().nullable(),
    /** Whether the signed-in member may delete it (the uploader or the household owner). */
    canDelete: z.boolean(),
  })
  .openapi("Document");
export type DocumentDto = z.infer<typeof DocumentDto>;

export const DocumentDetail = DocumentDto.extend({
  transactions: z.array(DocumentTransaction),
}).openapi("DocumentDetail");

const FileProblem = z.object({
  status: z.number().int(),
  title: z.string(),
  detail: z.string(),
  type: z.string(),
});

export const UploadResult = z
  .object({
    fileName: z.string(),
    /** created: stored now; duplicate: the same file was uploaded before (that document); error: not stored. */
    outcome: z.enum(["created", "duplicate", "error"]),
    document: DocumentDto.optional(),
    /** A protected PDF stored without its password: POST /api/documents/{id}/unlock. */
    needsPassword: z.boolean(),
    error: FileProblem.optional(),
  })
  .openapi("DocumentUploadResult");
export type UploadResult = z.infer<typeof UploadResult>;

export const UploadResponse = z.object({ results: z.array(UploadResult) }).openapi("DocumentUploadResponse");

export const IdParam = z.object({ id: z.uuid() });

export const ListQuery = z.object({
  kind: DocumentKind.optional(),
  status: DocumentStatus.optional(),
  uploadedBy: z.uuid().optional(),
  from: z.iso.date().optional().openapi({ description: "Uploaded on or after (YYYY-MM-DD, Manila)" }),
  to: z.iso.date().optional().openapi({ description: "Uploaded on or before (YYYY-MM-DD, Manila)" }),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const DocumentList = z
  .object({ items: z.array(DocumentDto), nextCursor: z.string().nullable() })
  .openapi("DocumentList");
