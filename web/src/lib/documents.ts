import { ApiError, type Problem, refreshSession, request } from "./api";

export type DocumentKind = "receipt" | "statement";
export type DocumentStatus =
  | "uploaded"
  | "processing"
  | "extracted"
  | "needs_password"
  | "failed"
  | "confirmed";

export interface DocumentSummary {
  id: string;
  kind: DocumentKind;
  status: DocumentStatus;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  pageCount: number | null;
  attempt: number;
  extractor: string | null;
  failureCode: string | null;
  failureReason: string | null;
  uploadedBy: { id: string; name: string };
  hasThumbnail: boolean;
  createdAt: string;
  updatedAt: string;
  extractedAt: string | null;
  confirmedAt: string | null;
  canDelete: boolean;
}

export interface DocumentDetail extends DocumentSummary {
  transactions: {
    id: string;
    date: string;
    type: "income" | "expense" | "transfer";
    amountCentavos: string;
    merchant: string | null;
    accountId: string;
  }[];
}

export interface UploadResult {
  fileName: string;
  outcome: "created" | "duplicate" | "error";
  document?: DocumentSummary;
  needsPassword: boolean;
  error?: { status: number; title: string; detail: string; type: string };
}

export interface DocumentFilters {
  kind?: DocumentKind;
  status?: DocumentStatus;
  uploadedBy?: string;
  from?: string;
  to?: string;
  cursor?: string;
}

const enc = encodeURIComponent;

export const statusLabel: Record<DocumentStatus, string> = {
  uploaded: "Waiting to be read",
  processing: "Reading…",
  extracted: "Ready to review",
  needs_password: "Needs password",
  failed: "Could not read",
  confirmed: "Confirmed",
};

/** Still changing on its own (extraction runs): the pages poll these. */
export const isInProgress = (status: DocumentStatus) => status === "uploaded" || status === "processing";

export const fileUrl = (id: string) => `/api/documents/${enc(id)}/file`;
export const thumbnailUrl = (id: string) => `/api/documents/${enc(id)}/thumbnail`;

export const documentsApi = {
  list: (filters: DocumentFilters = {}) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
    const query = params.toString();
    return request<{ items: DocumentSummary[]; nextCursor: string | null }>(
      "GET",
      `/api/documents${query ? `?${query}` : ""}`,
    );
  },
  get: (id: string) => request<DocumentDetail>("GET", `/api/documents/${enc(id)}`),
  unlock: (id: string, password: string) =>
    request<DocumentSummary>("POST", `/api/documents/${enc(id)}/unlock`, { body: { password } }),
  extractAgain: (id: string) => request<DocumentSummary>("POST", `/api/documents/${enc(id)}/extract`),
  remove: (id: string) => request<void>("DELETE", `/api/documents/${enc(id)}`),
};

function problemOf(xhr: XMLHttpRequest): ApiError {
  let problem: Problem = { type: "about:blank", title: "Upload failed", status: xhr.status };
  try {
    const body = JSON.parse(xhr.responseText) as Partial<Problem>;
    if (body && typeof body === "object") problem = { ...problem, ...body, status: xhr.status };
  } catch {
    // not JSON
  }
  if (xhr.status === 0) {
    problem.title = "Network error";
    problem.detail = "Could not reach FinTrack. Check your connection and try again.";
  }
  const retry = xhr.getResponseHeader("retry-after");
  return new ApiError(problem, retry && /^\d+$/.test(retry) ? Number(retry) : undefined);
}

function sendForm(form: FormData, onProgress: (fraction: number) => void) {
  return new Promise<{ status: number; xhr: XMLHttpRequest }>((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/documents");
    xhr.withCredentials = true;
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => resolve({ status: xhr.status, xhr });
    xhr.onerror = () => resolve({ status: 0, xhr });
    xhr.send(form);
  });
}

/**
 * Uploads files with XHR (fetch has no upload progress), `onProgress` from 0 to 1. One refresh
 * and retry on 401, like `request`. The password goes in this request's body only: it is never
 * kept by the page after the request.
 */
export async function uploadDocuments(
  files: File[],
  opts: { kind?: DocumentKind; password?: string; onProgress?: (fraction: number) => void } = {},
): Promise<UploadResult[]> {
  const build = () => {
    const form = new FormData();
    for (const file of files) form.append("files", file, file.name);
    if (opts.kind) form.set("kind", opts.kind);
    if (opts.password) form.set("password", opts.password);
    return form;
  };
  const progress = opts.onProgress ?? (() => {});
  let { status, xhr } = await sendForm(build(), progress);
  if (status === 401 && (await refreshSession())) ({ status, xhr } = await sendForm(build(), progress));
  if (status < 200 || status >= 300) throw problemOf(xhr);
  return (JSON.parse(xhr.responseText) as { results: UploadResult[] }).results;
}
