/**
 * How domain code says no: a kind the caller can branch on and a sentence
 * the person on the other end can act on. Domain code never speaks HTTP;
 * app/http/answers.ts alone turns a kind into a status and headers.
 */
export type ProblemKind =
  /** The request is malformed: fix it and send it again. */
  | "invalid"
  /** Who is asking could not be established. */
  | "unauthenticated"
  /** Who is asking is known and may not do this. */
  | "forbidden"
  | "not_found"
  | "wrong_method"
  | "too_large"
  /** A kind of content this entry point does not read (a workbook, a binary file). */
  | "unsupported_content"
  /** Well formed, but refused on its merits (an unknown wording, an unreadable number). */
  | "unprocessable"
  | "rate_limited"
  /** Something this answer depends on is away for now: a retry later may succeed. */
  | "unavailable";

export interface Problem {
  ok: false;
  kind: ProblemKind;
  message: string;
  /** The request field the message is about, when there is one. */
  field?: string;
}

export type Result<T> = { ok: true; value: T } | Problem;

export function problem(kind: ProblemKind, message: string, field?: string): Problem {
  return field ? { ok: false, kind, message, field } : { ok: false, kind, message };
}

export const success = <T>(value: T): Result<T> => ({ ok: true, value });
