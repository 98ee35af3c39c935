import { request } from "./api";

/** One line to review (functions/extraction/schemas.ts, ExtractionDraft). */
export interface Draft {
  id: string;
  position: number;
  date: string;
  postingDate: string | null;
  description: string;
  merchant: string | null;
  amountCentavos: string;
  direction: "debit" | "credit";
  kind: string;
  foreignCurrency: string | null;
  foreignAmount: string | null;
  installment: { number: number; of: number; planTotalCentavos: string | null } | null;
  categoryHint: string | null;
  confidence: number;
  categoryId: string | null;
  accountId: string | null;
  fromAccountId: string | null;
  splits: Array<{ categoryId: string; amountCentavos: string }>;
  include: boolean;
  duplicate: { transactionId: string; reason: string } | null;
  confirmedTransactionId: string | null;
  /** An installment line: the plan it attaches to on confirm (planId null: it starts one). */
  attachesToPlan?: {
    planId: string | null;
    label: string;
    /** A new plan from the line's stated total (interest: the monthly add-on interest, "0" at 0%). */
    newPlan?: { principalCentavos: string; months: number; interestCentavos: string };
  } | null;
}

export interface Review {
  batch: {
    id: string;
    documentId: string | null;
    kind: "receipt" | "statement";
    extractor: string;
    status: "review" | "confirmed";
    summary: Record<string, unknown> | null;
    warnings: string[];
    accountId: string | null;
    createdAt: string;
    confirmedAt: string | null;
    statementCycleId: string | null;
  };
  drafts: Draft[];
  /** Where an AI provider's reading and the offline extractor's disagree (both ran). */
  compare?: Comparison | null;
}

export interface FieldDiff {
  field: string;
  ai: string | null;
  offline: string | null;
}

/** A line only one reader found. */
export interface LineBrief {
  position: number;
  date: string;
  description: string;
  amountCentavos: string;
  direction: "debit" | "credit";
}

export interface Comparison {
  against: string;
  totals: FieldDiff[];
  /** Lines both read (paired by content, not position): `position` is the draft's. */
  lines: Array<{ position: number; offlinePosition: number; diffs: FieldDiff[] }>;
  /** Drafts the offline reader did not find. */
  aiOnly: LineBrief[];
  /** Lines the offline reader found and the AI did not: no draft holds them. */
  offlineOnly: LineBrief[];
  lineCounts: { ai: number; offline: number };
}

export interface DraftPatch {
  date?: string;
  merchant?: string | null;
  amount?: string;
  categoryId?: string | null;
  accountId?: string | null;
  fromAccountId?: string | null;
  splits?: Array<{ categoryId: string; amount: string }>;
  include?: boolean;
}

export interface ConfirmResult {
  batchId: string;
  documentId: string | null;
  transactionIds: string[];
  transactionCount: number;
  statementCycleId: string | null;
  accountId: string | null;
}

const enc = encodeURIComponent;

export const extractionApi = {
  documentDrafts: (documentId: string) =>
    request<Review>("GET", `/api/extraction/documents/${enc(documentId)}/drafts`),
  batch: (batchId: string) => request<Review>("GET", `/api/extraction/batches/${enc(batchId)}`),
  updateDraft: (id: string, body: DraftPatch) =>
    request<Draft>("PATCH", `/api/extraction/drafts/${enc(id)}`, { body }),
  setAccount: (batchId: string, accountId: string) =>
    request<Review>("PATCH", `/api/extraction/batches/${enc(batchId)}`, { body: { accountId } }),
  confirm: (batchId: string) =>
    request<ConfirmResult>("POST", `/api/extraction/batches/${enc(batchId)}/confirm`),
  prompt: (kind: "receipt" | "statement") =>
    request<{ kind: string; prompt: string }>("GET", `/api/extraction/prompt?kind=${enc(kind)}`),
  paste: (text: string) => request<Review>("POST", "/api/extraction/paste", { body: { text } }),
};
