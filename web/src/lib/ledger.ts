/**
 * The ledger API (docs/ledger-api.md): accounts, transactions, categories, imports.
 * Money arrives as integer centavos in decimal strings (`…Centavos`) and is sent as the
 * pesos the person typed (`amount: "1,234.50"`); the server parses it exactly.
 */
import { query, revalidate } from "@solidjs/router";
import { createSignal } from "solid-js";
import { request } from "./api";

export type AccountKind = "bank" | "ewallet" | "cash" | "credit_card";
export type Visibility = "shared" | "private";
export type TransactionType = "income" | "expense" | "transfer";
export type CategoryKind = "expense" | "income";

export interface CreditCard {
  last4: string;
  creditLimitCentavos: string;
  statementDay: number;
  dueDay: number;
  outstandingCentavos: string;
  availableCreditCentavos: string;
  /** 0..1 */
  utilization: number;
  lastStatementDate: string | null;
  nextStatementDate: string | null;
  nextDueDate: string | null;
}

export interface Account {
  id: string;
  name: string;
  kind: AccountKind;
  institution: string | null;
  currency: string;
  openingBalanceCentavos: string;
  openingDate: string;
  visibility: Visibility;
  owner: { id: string; name: string };
  sortOrder: number;
  color: string | null;
  archivedAt: string | null;
  balanceCentavos: string;
  card: CreditCard | null;
}

export interface AccountList {
  items: Account[];
  netWorthCentavos: string;
}

export interface AccountInput {
  name: string;
  kind: AccountKind;
  institution?: string | null;
  openingBalance?: string;
  openingDate?: string;
  visibility?: Visibility;
  color?: string | null;
  card?: { last4: string; creditLimit: string; statementDay: number; dueDay: number };
}

export interface AccountRef {
  id: string | null;
  name: string;
  kind: AccountKind | null;
}

export interface Split {
  categoryId: string;
  categoryName: string;
  amountCentavos: string;
  note: string | null;
}

export interface Transaction {
  id: string;
  type: TransactionType;
  date: string;
  amountCentavos: string;
  account: AccountRef;
  toAccount: AccountRef | null;
  category: { id: string; name: string } | null;
  splits: Split[];
  merchant: string | null;
  notes: string | null;
  tags: string[];
  original: { amountMinor: string; currency: string } | null;
  fee: { id: string; amountCentavos: string } | null;
  feeForId: string | null;
  createdBy: { id: string; name: string };
  importBatchId: string | null;
  /** The receipt or statement it was recorded from. */
  documentId: string | null;
  /**
   * Matched by a reconciliation of `account`; `toCleared` is a transfer's other side, matched by
   * one of `toAccount`. Changing the amount or date un-clears both, an account its own side.
   */
  cleared: boolean;
  clearedAt: string | null;
  toCleared: boolean;
  toClearedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Reconciliation {
  id: string;
  accountId: string;
  asOf: string;
  statementBalanceCentavos: string;
  balanceBeforeCentavos: string;
  /** Signed asset value added to the balance (a card owing more: negative). */
  adjustmentCentavos: string;
  clearedCount: number;
  createdBy: string;
  createdAt: string;
}

export interface ReconcilePreview {
  accountId: string;
  kind: AccountKind;
  asOf: string;
  /** As the member enters it: a card's is the amount owed, positive. */
  balanceCentavos: string;
  statementBalanceCentavos: string | null;
  differenceCentavos: string | null;
  uncleared: Array<{
    id: string;
    type: TransactionType;
    date: string;
    merchant: string | null;
    notes: string | null;
    /** How it moved the account, signed as an asset value (a card's purchase too is negative). */
    amountCentavos: string;
  }>;
  lastReconciliation: Reconciliation | null;
}

export interface TransactionPage {
  items: Transaction[];
  nextCursor: string | null;
}

export interface TransactionInput {
  type: TransactionType;
  date: string;
  amount: string;
  accountId: string;
  toAccountId?: string;
  categoryId?: string;
  splits?: Array<{ categoryId: string; amount: string; note?: string }>;
  merchant?: string;
  notes?: string;
  tags?: string[];
  original?: { amount: string; currency: string };
  fee?: string;
  /** The receipt it was recorded from (uploaded from the sheet's "Attach receipt"). */
  documentId?: string;
}

/** An edit: any field, and `null` clears one (no category, no fee, no original currency). */
export type TransactionPatch = { [K in keyof TransactionInput]?: TransactionInput[K] | null };

export interface Category {
  id: string;
  name: string;
  kind: CategoryKind;
  icon: string | null;
  color: string | null;
  isDefault: boolean;
  archivedAt: string | null;
}

export interface MonthSummary {
  month: string;
  incomeCentavos: string;
  expenseCentavos: string;
  netCentavos: string;
  byCategory: Array<{
    categoryId: string | null;
    name: string;
    kind: CategoryKind;
    totalCentavos: string;
    count: number;
  }>;
}

export interface YearSummary {
  year: number;
  incomeCentavos: string;
  expenseCentavos: string;
  netCentavos: string;
  months: Array<{ month: string; incomeCentavos: string; expenseCentavos: string; netCentavos: string }>;
}

/** Filters of the transaction list; every value is a string as it is in the URL. */
export interface TransactionFilters {
  from?: string;
  to?: string;
  accountId?: string;
  categoryId?: string;
  type?: string;
  memberId?: string;
  q?: string;
  minAmount?: string;
  maxAmount?: string;
  tag?: string;
  sort?: string;
}

export type ImportSource = "notion" | "csv" | "fintrack";
export type ImportStatus = "previewed" | "importing" | "completed" | "failed" | "undone";
export type MappingField =
  | "date"
  | "amount"
  | "type"
  | "category"
  | "account"
  | "toAccount"
  | "merchant"
  | "notes"
  | "tags"
  | "inflow"
  | "outflow";
export type ImportMapping = Partial<Record<MappingField, string>>;

export interface ImportPreview {
  batchId: string;
  headers: string[];
  sampleRows: string[][];
  rowCount: number;
  suggestedMapping: ImportMapping;
  remembered: boolean;
}

export interface ImportDuplicateRow {
  row: number;
  date: string;
  type: "expense" | "income" | "transfer";
  amountCentavos: string;
  description: string | null;
  /** A row an earlier import created (another member's is named by who, not by file), or an export's ID. */
  matched:
    | {
        by: "import";
        transactionId: string;
        batchId: string | null;
        filename: string | null;
        importedAt: string;
        importedBy: string | null;
      }
    | { by: "id"; transactionId: string };
}

export interface ImportBatch {
  id: string;
  source: ImportSource;
  filename: string;
  status: ImportStatus;
  totalRows: number;
  processedRows: number;
  importedRows: number;
  skippedRows: number;
  errors: Array<{
    row: number;
    message: string;
  }>;
  /** The first 500 rows skipped as already there, with what each matched (single-batch reads only). */
  duplicates?: ImportDuplicateRow[];
  /** Counts behind the result: each skipped row is counted once, under its reason. */
  report?: { duplicateRows: number; errorRows: number } | null;
  /** Why a failed import stopped (an interrupted one says so). */
  error: string | null;
  /** Set when the import was interrupted (a restart) and another process carried on with it. */
  resumedAt: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface ImportUndoResult extends ImportBatch {
  undo: {
    removedRows: number;
    /** Rows a later import skipped as duplicates of these: kept, and now that import's. */
    keptRows: number;
    keptFor: Array<{ batchId: string; filename: string | null; rows: number }>;
  };
}

export interface ImportCommit {
  mapping: ImportMapping;
  defaults: { accountId: string; type?: "expense" | "income" };
  dateFormat?: "auto" | "MDY" | "DMY" | "YMD";
  createMissingCategories?: boolean;
}

const enc = encodeURIComponent;

function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

export const accountsApi = {
  list: (includeArchived = false) =>
    request<AccountList>("GET", `/api/accounts${queryString({ includeArchived })}`),
  get: (id: string) => request<Account>("GET", `/api/accounts/${enc(id)}`),
  create: (body: AccountInput) => request<Account>("POST", "/api/accounts", { body }),
  update: (id: string, body: Partial<AccountInput>) =>
    request<Account>("PATCH", `/api/accounts/${enc(id)}`, { body }),
  archive: (id: string) => request<Account>("POST", `/api/accounts/${enc(id)}/archive`),
  unarchive: (id: string) => request<Account>("POST", `/api/accounts/${enc(id)}/unarchive`),
  reorder: (ids: string[]) => request<void>("POST", "/api/accounts/reorder", { body: { ids } }),
  previewReconcile: (id: string, q: { asOf?: string; statementBalance?: string }) =>
    request<ReconcilePreview>("GET", `/api/accounts/${enc(id)}/reconcile${queryString(q)}`),
  /** `clear`: the uncleared entries the statement shows; the rest stay uncleared (all when omitted). */
  reconcile: (id: string, body: { asOf?: string; statementBalance: string; clear?: string[] }) =>
    request<Reconciliation>("POST", `/api/accounts/${enc(id)}/reconciliations`, { body }),
  reconciliations: (id: string) =>
    request<{ items: Reconciliation[] }>("GET", `/api/accounts/${enc(id)}/reconciliations`),
  undoReconciliation: (id: string, reconciliationId: string) =>
    request<Reconciliation & { unclearedCount: number }>(
      "POST",
      `/api/accounts/${enc(id)}/reconciliations/${enc(reconciliationId)}/undo`,
    ),
};

export const transactionsApi = {
  list: (filters: TransactionFilters & { limit?: number; cursor?: string | null }) =>
    request<TransactionPage>("GET", `/api/transactions${queryString({ ...filters })}`),
  get: (id: string) => request<Transaction>("GET", `/api/transactions/${enc(id)}`),
  create: (body: TransactionInput) => request<Transaction>("POST", "/api/transactions", { body }),
  update: (id: string, body: TransactionPatch) =>
    request<Transaction>("PATCH", `/api/transactions/${enc(id)}`, { body }),
  remove: (id: string) => request<void>("DELETE", `/api/transactions/${enc(id)}`),
  restore: (id: string) => request<Transaction>("POST", `/api/transactions/${enc(id)}/restore`),
  summary: (month: string) =>
    request<MonthSummary>("GET", `/api/transactions/summary${queryString({ month })}`),
  year: (year: number) =>
    request<YearSummary>("GET", `/api/transactions/summary/year${queryString({ year: String(year) })}`),
  categories: () => request<{ items: Category[] }>("GET", "/api/transactions/categories"),
};

export const importsApi = {
  preview: (file: File, source: ImportSource) => {
    const form = new FormData();
    form.set("file", file);
    form.set("source", source);
    return uploadForm<ImportPreview>("/api/imports/preview", form);
  },
  commit: (batchId: string, body: ImportCommit) =>
    request<ImportBatch>("POST", `/api/imports/${enc(batchId)}/commit`, { body }),
  get: (batchId: string) => request<ImportBatch>("GET", `/api/imports/${enc(batchId)}`),
  list: () => request<{ items: ImportBatch[] }>("GET", "/api/imports"),
  undo: (batchId: string) => request<ImportUndoResult>("POST", `/api/imports/${enc(batchId)}/undo`),
  exportUrl: "/api/imports/export.csv",
};

/** Multipart upload with the same error shape and refresh-on-401 as `request`. */
async function uploadForm<T>(path: string, form: FormData): Promise<T> {
  return request<T>("POST", path, { body: form });
}

export const getAccounts = query((includeArchived = false) => accountsApi.list(includeArchived), "accounts");
export const getCategories = query(() => transactionsApi.categories(), "categories");
export const getMonthSummary = query((month: string) => transactionsApi.summary(month), "month-summary");
export const getYearSummary = query((year: number) => transactionsApi.year(year), "year-summary");
export const getRecentTransactions = query(
  (limit: number, range?: { from: string; to: string }) => transactionsApi.list({ limit, ...range }),
  "recent-transactions",
);
export const getImports = query(() => importsApi.list(), "imports");

/**
 * Bumped after every ledger write, so lists that page by hand (the transaction list)
 * reload beside the router queries that `revalidate` refreshes.
 */
const [ledgerVersion, setLedgerVersion] = createSignal(0);

export { ledgerVersion };

export async function ledgerChanged(): Promise<void> {
  setLedgerVersion((version) => version + 1);
  await revalidate([
    "accounts",
    "categories",
    "month-summary",
    "recent-transactions",
    "imports",
    "budget-progress",
  ]);
}

export const accountKindLabels: Record<AccountKind, string> = {
  bank: "Bank accounts",
  ewallet: "E-wallets",
  cash: "Cash",
  credit_card: "Credit cards",
};

export const accountKindNames: Record<AccountKind, string> = {
  bank: "Bank",
  ewallet: "E-wallet",
  cash: "Cash",
  credit_card: "Credit card",
};

export const accountKinds: AccountKind[] = ["bank", "ewallet", "cash", "credit_card"];

/** Institutions people here pick most, per kind of account. */
export const institutionPresets: Record<AccountKind, string[]> = {
  bank: ["BPI", "BDO", "Metrobank", "UnionBank", "Security Bank", "Landbank", "RCBC", "PNB", "China Bank"],
  ewallet: ["GCash", "Maya", "GoTyme", "ShopeePay", "Coins.ph"],
  cash: ["Cash", "Wallet", "Coin jar"],
  credit_card: ["BPI", "BDO", "Metrobank", "UnionBank", "Security Bank", "RCBC", "EastWest", "HSBC"],
};
