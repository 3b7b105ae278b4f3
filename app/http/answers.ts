/**
 * The one place a domain answer becomes an HTTP response: a problem kind
 * becomes a status, a rate limit gets its Retry-After, a download gets its
 * file headers. Public routes add no-store and nosniff on top through
 * withPublicHeaders (security-headers.ts); everything else in app/routes and
 * app/http builds its refusals here, so the same kind always gets the same
 * status.
 */
import type { Download } from "../download";
import { type Problem, type ProblemKind, problem } from "../problem";

const STATUS: Record<ProblemKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  wrong_method: 405,
  too_large: 413,
  unsupported_content: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

/** The rate limiter's window (app/capture/rate-limit.server): after it, a caller's count starts again. */
const RETRY_AFTER_SECONDS = 60;

export const statusOf = (kind: ProblemKind): number => STATUS[kind];

interface AnswerOptions {
  /** The message as plain text instead of JSON `{error}`: webhook senders show the text in their logs. */
  text?: boolean;
  /** Fields sent beside `error` in the JSON body. */
  details?: object;
  /** For a cross-origin caller that must be able to read the refusal (the checkout extension). */
  cors?: boolean;
  headers?: Record<string, string>;
}

export function problemResponse(
  refusal: Pick<Problem, "kind" | "message" | "field">,
  options: AnswerOptions = {},
): Response {
  const headers = new Headers(options.headers);
  if (refusal.kind === "rate_limited") headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
  if (options.cors) headers.set("Access-Control-Allow-Origin", "*");
  const status = STATUS[refusal.kind];
  if (options.text) return new Response(refusal.message, { status, headers });
  return Response.json(
    { error: refusal.message, field: refusal.field, ...options.details },
    { status, headers },
  );
}

/** Shorthand for a refusal made at the edge itself (a wrong method, an unknown topic). */
export const refuse = (kind: ProblemKind, message: string, options?: AnswerOptions): Response =>
  problemResponse(problem(kind, message), options);

export const tooManyRequests = (): Response =>
  refuse("rate_limited", "Too many requests. Please wait a minute and try again.");

export const wrongMethod = (): Response => refuse("wrong_method", "Use POST.");

/** A delivery taken (or already taken): nothing to say beyond 200. */
export const acknowledged = (): Response => new Response(null, { status: 200 });

/** The one way to say 404; `data` is what the page's error boundary or the caller reads. */
export const notFound = (data: unknown = {}): Response => Response.json(data, { status: STATUS.not_found });

/** For loaders: stops with the 404 answer unless `condition` holds. */
export function invariantResponse(condition: unknown, data: unknown = {}): asserts condition {
  if (!condition) throw notFound(data);
}

export function downloadResponse(download: Download): Response {
  const headers: Record<string, string> = {
    "Content-Type": download.contentType,
    "Content-Disposition": `attachment; filename="${download.fileName}"`,
    "Cache-Control": download.privateCopy ? "private, no-store" : "no-store",
  };
  if (download.size !== undefined) headers["Content-Length"] = String(download.size);
  return new Response(download.body, { headers });
}
