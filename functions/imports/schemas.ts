import { z } from "@hono/zod-openapi";
import { ValueChoices } from "./value-mapping";

export const ImportSource = z.enum(["notion", "csv", "fintrack"]).openapi({
  description: "notion: a Notion database export; csv: any spreadsheet; fintrack: FinTrack's own export",
});
export type ImportSource = z.infer<typeof ImportSource>;

/** 10 MB: a decade of a household's transactions is a few MB. */
export { MAX_FILE_BYTES } from "./meta";

/** What each column of the file means; values are header names, null for "not in this file". */
export const mappingFields = [
  "date",
  "amount",
  "type",
  "category",
  "account",
  "toAccount",
  "merchant",
  "notes",
  "tags",
  "inflow",
  "outflow",
  "splits",
  "originalAmountMinor",
  "originalCurrency",
] as const;
export type MappingField = (typeof mappingFields)[number];

const Column = z.string().trim().min(1).max(200).nullish();

export const ColumnMapping = z
  .object({
    date: z.string().trim().min(1, "Choose the date column").max(200),
    amount: Column,
    type: Column,
    category: Column,
    account: Column,
    toAccount: Column.openapi({ description: "Destination account of transfers" }),
    merchant: Column,
    notes: Column,
    tags: Column.openapi({ description: 'Comma-separated tags, or a JSON array ["a","b"]' }),
    inflow: Column.openapi({ description: "Money in (income) when the file has two amount columns" }),
    outflow: Column.openapi({ description: "Money out (expense) when the file has two amount columns" }),
    splits: Column.openapi({
      description: 'JSON [{"category","amount","note"}] as written by the FinTrack export',
    }),
    originalAmountMinor: Column,
    originalCurrency: Column,
  })
  .refine((m) => m.amount || m.inflow || m.outflow, {
    message: "Choose the amount column (or the inflow and outflow columns)",
    path: ["amount"],
  })
  .openapi("ImportColumnMapping");
export type ColumnMapping = z.infer<typeof ColumnMapping>;

export const SuggestedMapping = z
  .object(
    Object.fromEntries(mappingFields.map((f) => [f, z.string().nullable()])) as {
      [K in MappingField]: z.ZodNullable<z.ZodString>;
    },
  )
  .openapi("ImportSuggestedMapping");
export type SuggestedMapping = z.infer<typeof SuggestedMapping>;

export const DateFormat = z.enum(["auto", "MDY", "DMY", "YMD"]).openapi({
  description: "Order of numeric dates (03/11/2024); auto decides from the whole column, MDY when it cannot",
});

export const CommitBody = z
  .object({
    mapping: ColumnMapping,
    defaults: z.object({
      accountId: z
        .uuid()
        .openapi({ description: "For rows without an account, or with one FinTrack does not know" }),
      type: z.enum(["expense", "income"]).default("expense").openapi({
        description: "Type of rows with a positive amount and no type column (negative amounts are expenses)",
      }),
    }),
    dateFormat: DateFormat.default("auto"),
    createMissingCategories: z.boolean().default(false),
    values: ValueChoices.default({
      accounts: [],
      categories: [],
      transfers: {},
      openingBalances: "move",
    }).openapi({
      description: "What the file's account and category names mean, transfers, start dates (see /values)",
    }),
  })
  .openapi("ImportCommitBody");
export type CommitBody = z.infer<typeof CommitBody>;

export const PreviewForm = z
  .object({
    file: z
      .instanceof(File, { message: "Attach the CSV file as `file`" })
      .openapi({ type: "string", format: "binary", description: "CSV, at most 10 MB" }),
    source: ImportSource.default("csv"),
  })
  .openapi("ImportPreviewForm");

export const RowError = z.object({ row: z.number().int(), message: z.string() }).openapi("ImportRowError");

const ImportValuesReport = z.object({
  createdAccounts: z
    .array(z.object({ id: z.uuid(), name: z.string(), kind: z.string(), value: z.string() }))
    .optional(),
  mappedAccounts: z.array(z.object({ value: z.string(), accountId: z.uuid(), name: z.string() })).optional(),
  mappedCategories: z
    .array(z.object({ value: z.string(), kind: z.string(), categoryId: z.uuid(), name: z.string() }))
    .optional(),
  transferPairs: z
    .number()
    .int()
    .optional()
    .openapi({ description: "Transfers written as two rows, joined" }),
  openingBalances: z
    .array(
      z.object({
        accountId: z.uuid(),
        name: z.string(),
        rowsBefore: z.number().int(),
        mode: z.enum(["move", "keep"]),
        previousOpeningDate: z.string(),
        openingDate: z.string(),
        previousOpeningCentavos: z.string(),
        openingCentavos: z.string(),
        todayChangeCentavos: z.string(),
      }),
    )
    .optional()
    .openapi({ description: "Accounts whose history went back before their start date, and what was done" }),
});

/** What a skipped duplicate matched: a row an earlier import created, or the id of a FinTrack export row. */
export const DuplicateMatch = z
  .discriminatedUnion("by", [
    z.object({
      by: z.literal("import"),
      transactionId: z.uuid(),
      batchId: z
        .uuid()
        .nullable()
        .openapi({ description: "The earlier import; null when it was the other member's" }),
      filename: z
        .string()
        .nullable()
        .openapi({ description: "Its file; null when it was the other member's" }),
      importedAt: z.string().openapi({ description: "When that import was started" }),
      importedBy: z
        .string()
        .nullable()
        .openapi({ description: "The other member's name when it was their import, else null" }),
    }),
    z.object({
      by: z.literal("id"),
      transactionId: z.uuid().openapi({ description: "The export row's ID, live in this household" }),
    }),
  ])
  .openapi("ImportDuplicateMatch");
export type DuplicateMatch = z.infer<typeof DuplicateMatch>;

export const DuplicateRow = z
  .object({
    row: z.number().int().openapi({ description: "Row in the file (the header is row 1)" }),
    date: z.string(),
    type: z.enum(["expense", "income", "transfer"]),
    amountCentavos: z.string(),
    description: z.string().nullable().openapi({ description: "The merchant, else the notes (clipped)" }),
    matched: DuplicateMatch,
  })
  .openapi("ImportDuplicateRow");
export type DuplicateRow = z.infer<typeof DuplicateRow>;

export const ImportReport = z
  .object({
    duplicateRows: z.number().int().openapi({ description: "Rows already imported before (skipped)" }),
    errorRows: z.number().int().openapi({ description: "Rows that could not be read (skipped; see errors)" }),
    createdCategories: z.array(z.string()),
    unknownCategories: z.array(z.string()).openapi({ description: "Left uncategorised" }),
    unknownAccounts: z.array(z.string()).openapi({ description: "Recorded in the default account" }),
    ...ImportValuesReport.shape,
  })
  .openapi("ImportReport");
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportBatch = z
  .object({
    id: z.uuid(),
    source: ImportSource,
    filename: z.string().nullable(),
    status: z.enum(["previewed", "importing", "completed", "failed", "undone"]),
    totalRows: z.number().int(),
    processedRows: z.number().int(),
    importedRows: z.number().int(),
    skippedRows: z.number().int(),
    errors: z.array(RowError).openapi({ description: "At most the first 1,000 rows that could not be read" }),
    duplicates: z.array(DuplicateRow).optional().openapi({
      description:
        "At most the first 500 rows skipped as already there, each with what it matched (report.duplicateRows counts them all); only on GET /api/imports/{batchId}",
    }),
    error: z.string().nullable().openapi({ description: "Why a failed import stopped" }),
    report: ImportReport.nullable(),
    resumedAt: z.string().nullable().openapi({
      description:
        "When a process took this import over after the one running it was interrupted (a crash, a pod scaled away) and carried on; null if it never was",
    }),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
  })
  .openapi("ImportBatch");
export type ImportBatch = z.infer<typeof ImportBatch>;

export const UndoResult = ImportBatch.extend({
  undo: z.object({
    removedRows: z
      .number()
      .int()
      .openapi({ description: "Transactions deleted (and taken out of balances)" }),
    keptRows: z.number().int().openapi({
      description:
        "Transactions kept because a later import that is still live skipped its own rows as duplicates of them; they now belong to that import",
    }),
    keptFor: z.array(
      z.object({ batchId: z.uuid(), filename: z.string().nullable(), rows: z.number().int() }),
    ),
  }),
}).openapi("ImportUndoResult");
export type UndoResult = z.infer<typeof UndoResult>;

export const ImportPreview = z
  .object({
    batchId: z.uuid(),
    source: ImportSource,
    filename: z.string().nullable(),
    headers: z.array(z.string()),
    sampleRows: z.array(z.array(z.string())).openapi({ description: "The first 20 rows" }),
    rowCount: z.number().int(),
    suggestedMapping: SuggestedMapping,
    remembered: z.boolean().openapi({ description: "The mapping is the one last used for these headers" }),
    suggestedOptions: z.object({
      dateFormat: DateFormat,
      createMissingCategories: z.boolean(),
      defaults: z.object({ accountId: z.uuid().nullable(), type: z.enum(["expense", "income"]) }),
    }),
  })
  .openapi("ImportPreview");

export const BatchParam = z.object({ batchId: z.uuid() });
