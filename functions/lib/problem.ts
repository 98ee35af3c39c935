import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ZodError } from "zod";

export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem: thrown by domain code, rendered by `renderError`. */
export class HttpProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    readonly detail?: string,
    readonly extra: { errors?: FieldError[]; type?: string; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? title);
  }
}

const TYPE_BASE = "https://fintrack.ph/problems/";

export function problemResponse(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  detail?: string,
  extra: HttpProblem["extra"] = {},
): Response {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  const body = {
    type: extra.type ?? `${TYPE_BASE}${slug}`,
    title,
    status,
    detail: detail ?? title,
    ...(extra.errors ? { errors: extra.errors } : {}),
    instance: c.req.path,
    requestId: c.get("requestId" as never) as string | undefined,
  };
  const headers: Record<string, string> = {
    "content-type": "application/problem+json",
    ...(extra.headers ?? {}),
  };
  if (body.requestId) headers["x-request-id"] = body.requestId;
  return new Response(JSON.stringify(body), { status, headers });
}

export const fieldErrors = (err: ZodError): FieldError[] =>
  err.issues.map((i) => ({ path: i.path.join(".") || "(body)", message: i.message }));

/** The single error renderer: user errors become 4xx problems; anything else a 500 without internals. */
export function renderError(err: unknown, c: Context, log?: (err: unknown) => void): Response {
  if (err instanceof HttpProblem) return problemResponse(c, err.status, err.title, err.detail, err.extra);
  if (err instanceof ZodError) {
    return problemResponse(c, 400, "Invalid request", "Some fields are invalid", {
      errors: fieldErrors(err),
    });
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const title =
      status === 413
        ? "Payload too large"
        : status === 400
          ? "Malformed request"
          : err.message || "Request failed";
    return problemResponse(c, status, title, err.message || title);
  }
  log?.(err);
  return problemResponse(c, 500, "Internal error", "Something went wrong on our side; it has been logged.");
}

/** The 413 detail: says the limit, so the member knows what would fit. */
export function tooLargeDetail(limitBytes: number): string {
  const size =
    limitBytes >= 1024 * 1024
      ? `${Math.floor(limitBytes / 1024 / 1024)} MB`
      : `${Math.max(1, Math.floor(limitBytes / 1024))} KB`;
  return `The request body is larger than allowed (at most ${size}).`;
}
