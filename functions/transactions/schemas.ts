import { z } from "@hono/zod-openapi";
import { Centavos, PositiveAmount } from "../lib/money";

export const TransactionType = z.enum(["income", "expense", "transfer"]);
export const CategoryKind = z.enum(["expense", "income"]);
/** A calendar date; years outside 1900–2999 are typos (and year 0 is no date PostgreSQL knows). */
export const IsoDate = z.iso
  .date("Use a YYYY-MM-DD date")
  .refine((d) => d >= "1900-01-01" && d <= "2999-12-31", "Use a date between 1900 and 2999")
  .openapi({ example: "2026-11-25" });
const Month = z
  .string()
  .regex(/^(19|2\d)\d{2}-(0[1-9]|1[0-2])$/, "Use a YYYY-MM month")
  .openapi({ example: "2026-11" });

/** Text a member typed; PostgreSQL text cannot hold a NUL character, so it is refused here. */
const UserText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes("\u0000"), "Remove the invalid character");

// built on first use: nothing at import time slows a cold start
let currencies: Set<string> | undefined;
const isCurrency = (code: string) => {
  currencies ??= new Set(Intl.supportedValuesOf("currency"));
  return currencies.has(code);
};

/** What a foreign-currency receipt said; the PHP `amount` is what the card was charged. */
export const OriginalInput = z.object({
  amount: z.union([z.string().max(40), z.number()]).openapi({ type: "string", example: "25.99" }),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isCurrency, "Use an ISO 4217 currency code like USD")
    .refine((c) => c !== "PHP", "The original currency is a foreign one; PHP goes in amount"),
});

export const SplitInput = z.object({
  categoryId: z.uuid(),
  amount: PositiveAmount,
  note: UserText(200).nullable().optional(),
});

const Text = (max: number) => UserText(max).nullable().optional();

const TransactionFields = {
  type: TransactionType,
  date: IsoDate,
  amount: PositiveAmount,
  accountId: z.uuid(),
  toAccountId: z.uuid().nullable().optional(),
  categoryId: z.uuid().nullable().optional(),
  splits: z.array(SplitInput).max(50).optional(),
  merchant: Text(200),
  notes: Text(2000),
  tags: z.array(UserText(40).min(1)).max(20).optional(),
  original: OriginalInput.nullable().optional(),
  fee: PositiveAmount.nullable().optional(),
  /** The receipt or statement it was recorded from (a document of the household). */
  documentId: z.uuid().nullable().optional(),
};

export const CreateTransactionBody = z.object(TransactionFields).openapi("CreateTransactionBody");

export const UpdateTransactionBody = z
  .object({
    ...TransactionFields,
    type: TransactionType.optional(),
    date: IsoDate.optional(),
    amount: PositiveAmount.optional(),
    accountId: z.uuid().optional(),
  })
  .openapi("UpdateTransactionBody");

const AccountRef = z.object({
  id: z.uuid().nullable(),
  name: z.string(),
  kind: z.enum(["bank", "ewallet", "cash", "credit_card"]).nullable(),
});

export const Transaction = z
  .object({
    id: z.uuid(),
    type: TransactionType,
    date: IsoDate,
    amountCentavos: Centavos,
    account: AccountRef,
    toAccount: AccountRef.nullable(),
    category: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    splits: z.array(
      z.object({
        categoryId: z.uuid(),
        categoryName: z.string(),
        amountCentavos: Centavos,
        note: z.string().nullable(),
      }),
    ),
    merchant: z.string().nullable(),
    notes: z.string().nullable(),
    tags: z.array(z.string()),
    original: z.object({ amountMinor: z.string(), currency: z.string() }).nullable(),
    fee: z.object({ id: z.uuid(), amountCentavos: Centavos }).nullable(),
    feeForId: z.uuid().nullable(),
    createdBy: z.object({ id: z.uuid(), name: z.string() }),
    importBatchId: z.uuid().nullable(),
    /** The receipt or statement it was recorded from. */
    documentId: z.uuid().nullable(),
    /** Matched by a reconciliation of `account` against the bank's or wallet's own balance. */
    cleared: z.boolean(),
    clearedAt: z.string().nullable(),
    /** A transfer's other side: matched by a reconciliation of `toAccount` (false when no transfer). */
    toCleared: z.boolean(),
    toClearedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Transaction");

export const Sort = z.enum(["date_desc", "date_asc", "amount_desc", "amount_asc"]);

export const ListQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  accountId: z.uuid().optional(),
  categoryId: z.uuid().optional(),
  type: TransactionType.optional(),
  memberId: z.uuid().optional(),
  q: UserText(100).optional(),
  minAmount: PositiveAmount.optional(),
  maxAmount: PositiveAmount.optional(),
  tag: UserText(40).min(1).optional(),
  cleared: z.enum(["true", "false"]).optional(),
  sort: Sort.default("date_desc"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});

export const TransactionPage = z
  .object({ items: z.array(Transaction), nextCursor: z.string().nullable() })
  .openapi("TransactionPage");

export const SummaryQuery = z.object({ month: Month });

export const Summary = z
  .object({
    month: Month,
    incomeCentavos: Centavos,
    expenseCentavos: Centavos,
    netCentavos: Centavos,
    byCategory: z.array(
      z.object({
        categoryId: z.uuid().nullable(),
        name: z.string(),
        kind: CategoryKind,
        totalCentavos: Centavos,
        count: z.number().int(),
      }),
    ),
  })
  .openapi("MonthSummary");

export const YearSummaryQuery = z.object({
  year: z.coerce.number().int().min(1900).max(2999).openapi({ example: 2026 }),
});

export const YearSummary = z
  .object({
    year: z.number().int(),
    incomeCentavos: Centavos,
    expenseCentavos: Centavos,
    netCentavos: Centavos,
    months: z.array(
      z.object({ month: Month, incomeCentavos: Centavos, expenseCentavos: Centavos, netCentavos: Centavos }),
    ),
  })
  .openapi("YearSummary");

export const Category = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: CategoryKind,
    icon: z.string().nullable(),
    color: z.string().nullable(),
    isDefault: z.boolean(),
    archivedAt: z.string().nullable(),
  })
  .openapi("Category");

export const CategoryList = z.object({ items: z.array(Category) }).openapi("CategoryList");

export const CreateCategoryBody = z
  .object({
    name: UserText(60).min(1, "Enter a name"),
    kind: CategoryKind,
    icon: Text(40),
    color: Text(30),
  })
  .openapi("CreateCategoryBody");

export const UpdateCategoryBody = z
  .object({
    name: UserText(60).min(1, "Enter a name").optional(),
    icon: Text(40),
    color: Text(30),
    archived: z.boolean().optional(),
  })
  .openapi("UpdateCategoryBody");

export const MergeCategoryBody = z.object({ intoId: z.uuid() }).openapi("MergeCategoryBody");

export const IdParam = z.object({ id: z.uuid() });

export type CreateTransactionInput = z.infer<typeof CreateTransactionBody>;
export type UpdateTransactionInput = z.infer<typeof UpdateTransactionBody>;
export type TransactionDto = z.infer<typeof Transaction>;
export type ListFilters = z.infer<typeof ListQuery>;
