/**
 * The typed client for the FinTrack API (same origin, JSON, HttpOnly cookies).
 *
 * A 401 from an endpoint that needs a session triggers one `POST /api/auth/refresh`
 * (shared by concurrent callers) and a retry; when the refresh fails too, the
 * session-expired handler (set by the app to navigate to /login) runs.
 */

export type Role = "owner" | "partner";

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  householdId: string;
}

export interface HouseholdMember {
  id: string;
  name: string;
  email: string;
  role: Role;
}

export interface Household {
  id: string;
  name: string;
  members: HouseholdMember[];
}

export interface Me {
  user: User;
  household: Household;
}

export interface InvitePreview {
  householdName: string;
  invitedBy: string;
  expiresAt: string;
}

export interface CreatedInvite {
  code: string;
  expiresAt: string;
  url: string;
}

export interface Session {
  id: string;
  userAgent: string | null;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

export interface Notification {
  id: string;
  type: string;
  title: string;
  body: string | null;
  link: string | null;
  /** Recorded during quiet hours: counted in the badge, no toast. */
  silent?: boolean;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationKindPreference {
  kind: string;
  label: string;
  inApp: boolean;
  discord: boolean;
}

export interface NotificationPreferences {
  kinds: NotificationKindPreference[];
  quietHours: { start: string; end: string } | null;
  timeZone: string;
}

export interface DiscordSettings {
  source: "settings" | "environment" | null;
  masked: string | null;
  lastDelivery: {
    id: string;
    kind: string;
    status: "pending" | "sent" | "failed";
    attempts: number;
    error: string | null;
    createdAt: string;
    sentAt: string | null;
  } | null;
  failedCount: number;
}

export interface NotificationList {
  items: Notification[];
  unread: number;
}

/** An event that exhausted its retries (the Broker's dead-letter sink kept it). */
export interface DeadLetter {
  id: string;
  eventId: string;
  type: string;
  source: string;
  destination: string | null;
  errorCode: string | null;
  error: string | null;
  receivedAt: string;
}

/** RFC 9457 problem details, as every API error is shaped. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds to wait, from Retry-After (rate limiting). */
  readonly retryAfter: number | undefined;

  constructor(problem: Problem, retryAfter?: number) {
    super(problem.detail || problem.title || `Request failed (${problem.status})`);
    this.name = "ApiError";
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** Field errors keyed by the last segment of their path (`body.email` → `email`). */
  get fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) {
      const field = error.path.split(/[./]/).filter(Boolean).pop() ?? error.path;
      errors[field] ??= error.message;
    }
    return errors;
  }
}

let onSessionExpired: (() => void) | undefined;

/** The app registers how to react when the session cannot be refreshed (go to /login). */
export function setSessionExpiredHandler(handler: (() => void) | undefined): void {
  onSessionExpired = handler;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface RequestOptions {
  body?: unknown;
  /** false for endpoints that work without a session (login, register, status, invite preview) */
  session?: boolean;
  /** false to skip the session-expired handler (the caller handles a 401 itself) */
  redirectOnExpiry?: boolean;
}

let refreshing: Promise<boolean> | undefined;

/** One refresh at a time: concurrent 401s wait for the same attempt. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= fetch("/api/auth/refresh", { method: "POST", credentials: "same-origin" })
    .then((response) => response.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = undefined;
    });
  return refreshing;
}

async function send(method: Method, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json" };
  // a FormData body (file upload) sets its own multipart content type and boundary
  const isForm = typeof FormData !== "undefined" && body instanceof FormData;
  if (body !== undefined && !isForm) headers["content-type"] = "application/json";
  return fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
  });
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const needsSession = options.session ?? true;
  let response = await send(method, path, options.body).catch(networkProblem);
  if (response.status === 401 && needsSession) {
    if (await refreshSession()) response = await send(method, path, options.body).catch(networkProblem);
    if (response.status === 401 && options.redirectOnExpiry !== false) onSessionExpired?.();
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204 || response.headers.get("content-length") === "0") return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

function networkProblem(): never {
  throw new ApiError({
    type: "about:blank",
    title: "Network error",
    status: 0,
    detail: "Could not reach FinTrack. Check your connection and try again.",
  });
}

async function toApiError(response: Response): Promise<ApiError> {
  const retryAfterHeader = response.headers.get("retry-after");
  const retryAfter =
    retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
  let problem: Problem = {
    type: "about:blank",
    title: response.statusText || "Request failed",
    status: response.status,
  };
  try {
    const body = (await response.json()) as Partial<Problem>;
    if (body && typeof body === "object") problem = { ...problem, ...body, status: response.status };
  } catch {
    // not JSON: keep the generic problem
  }
  if (!problem.detail && response.status === 429) {
    problem.detail = retryAfter
      ? `Too many attempts. Try again in ${retryAfter} seconds.`
      : "Too many attempts. Try again shortly.";
  }
  return new ApiError(problem, retryAfter);
}

const enc = encodeURIComponent;

export const authApi = {
  status: () => request<{ needsSetup: boolean }>("GET", "/api/auth/status", { session: false }),
  register: (body: { email: string; password: string; name: string; inviteCode?: string }) =>
    request<{ user: User }>("POST", "/api/auth/register", { body, session: false }),
  login: (body: { email: string; password: string }) =>
    request<{ user: User }>("POST", "/api/auth/login", { body, session: false }),
  logout: () => request<void>("POST", "/api/auth/logout", { session: false }),
  me: () => request<Me>("GET", "/api/auth/me", { redirectOnExpiry: false }),
  invite: (code: string) =>
    request<InvitePreview>("GET", `/api/auth/invites/${enc(code)}`, { session: false }),
  createInvite: () => request<CreatedInvite>("POST", "/api/auth/invites"),
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    request<void>("POST", "/api/auth/password", { body }),
  sessions: () => request<{ sessions: Session[] }>("GET", "/api/auth/sessions"),
  revokeSession: (id: string) => request<void>("DELETE", `/api/auth/sessions/${enc(id)}`),
  revokeOtherSessions: () => request<void>("POST", "/api/auth/sessions/revoke-others"),
};

export const deadLettersApi = {
  list: () => request<{ items: DeadLetter[] }>("GET", "/api/deadletters/list"),
};

export const notificationsApi = {
  list: () => request<NotificationList>("GET", "/api/notifications"),
  markRead: (id: string) => request<void>("POST", `/api/notifications/${enc(id)}/read`),
  markAllRead: () => request<void>("POST", "/api/notifications/read-all"),
  remove: (id: string) => request<void>("DELETE", `/api/notifications/${enc(id)}`),
  removeRead: () => request<{ deleted: number }>("DELETE", "/api/notifications/read"),
  preferences: () => request<NotificationPreferences>("GET", "/api/notifications/preferences"),
  savePreferences: (body: {
    kinds?: { kind: string; inApp: boolean; discord: boolean }[];
    quietHours?: { start: string; end: string } | null;
  }) => request<NotificationPreferences>("PUT", "/api/notifications/preferences", { body }),
  discord: () => request<DiscordSettings>("GET", "/api/notifications/discord"),
  saveDiscord: (url: string) =>
    request<DiscordSettings>("PUT", "/api/notifications/discord", { body: { url } }),
  removeDiscord: () => request<DiscordSettings>("DELETE", "/api/notifications/discord"),
  testDiscord: () => request<{ deliveryId: string }>("POST", "/api/notifications/discord/test"),
  streamUrl: "/api/notifications/stream",
};
