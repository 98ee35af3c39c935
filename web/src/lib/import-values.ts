/** The import's names step (docs/ledger-api.md, POST /api/imports/{id}/values). */
import { request } from "./api";
import type { ImportMapping } from "./ledger";

type Ref = { id: string; name: string } | null;

export interface ImportValues {
  rows: number;
  errorRows: number;
  accounts: Array<{
    value: string;
    rows: number;
    match: Ref;
    suggestion: Ref;
    /** The suggestion is the household's answer for this name last time */
    remembered: boolean;
    answered: boolean;
  }>;
  unanswered: string[];
  categories: Array<{
    value: string;
    kind: "expense" | "income";
    rows: number;
    match: Ref;
    /** Last time's answer for this name (categoryId null: left uncategorised) */
    remembered: { categoryId: string | null; name: string | null } | null;
  }>;
  transfers: {
    pairs: number;
    unpaired: Array<{
      row: number;
      date: string;
      amountCentavos: string;
      account: string;
      direction: "out" | "in";
    }>;
    rememberedDefaultToAccountId: string | null;
  };
  openingBalances: Array<{
    accountId: string;
    name: string;
    openingDate: string;
    rowsBefore: number;
    earliestDate: string | null;
    netCentavos: string;
  }>;
}

export type AccountAnswer =
  | { value: string; accountId: string }
  | { value: string; create: { kind: "bank" | "ewallet" | "cash"; balance?: string } };
export type CategoryAnswer = { value: string; kind: "expense" | "income" } & (
  | { categoryId: string }
  | { create: true }
  | { none: true }
);

export interface ValueChoices {
  accounts: AccountAnswer[];
  categories: CategoryAnswer[];
  transfers: { defaultToAccountId?: string | null };
  openingBalances: "move" | "keep";
}

/** What the result screen shows of the answers (ImportBatch.report). */
export interface ImportNamesReport {
  createdAccounts?: Array<{ id: string; name: string; kind: string; value: string }>;
  mappedAccounts?: Array<{ value: string; accountId: string; name: string }>;
  createdCategories?: string[];
  mappedCategories?: Array<{ value: string; kind: string; categoryId: string; name: string }>;
  transferPairs?: number;
  openingBalances?: Array<{
    name: string;
    mode: "move" | "keep";
    rowsBefore: number;
    previousOpeningDate: string;
    openingDate: string;
    todayChangeCentavos: string;
  }>;
}

export const importValuesApi = {
  values: (
    batchId: string,
    body: {
      mapping: ImportMapping;
      dateFormat?: string;
      defaults?: { accountId?: string; type?: string };
      values?: Partial<ValueChoices>;
    },
  ) => request<ImportValues>("POST", `/api/imports/${encodeURIComponent(batchId)}/values`, { body }),
};
