/**
 * How many bytes a request body may have, per address, and reading a body
 * within that bound. server.js enforces the same table while the body
 * streams in, before Remix or Shopify's library reads a byte (it imports
 * bodyLimitFor through entry.server); the routes read their bodies through
 * readBodyText so that they hold under any other server too (the dev server,
 * tests calling actions).
 */
import { appEnv } from "../env.server";
import { problem, type Result, success } from "../problem";

/**
 * Shopify's documented ceiling for a webhook payload: deliveries larger than
 * 1,000,000 bytes are replaced by a stub holding only the resource id
 * (developer changelog, "Amazon EventBridge webhook payload size limit
 * increased to 1 MB", 2026-11-17). Meta's message batches fit as well.
 */
export const WEBHOOK_MAX_BYTES = 1_000_000;
/** Storefront and checkout capture: a phone, a consent text of at most 2,000 characters, a URL. */
export const CAPTURE_MAX_BYTES = 16 * 1024;
/** Admin forms (consent wording, settings, buttons). */
export const FORM_MAX_BYTES = 256 * 1024;
/** Multipart framing around the list-check CSV. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export function bodyLimitFor(pathname: string): number {
  // Single fetch posts to `<route>.data`.
  const path = pathname.replace(/\.data$/, "");
  if (path.startsWith("/webhooks/") || path.startsWith("/whatsapp/")) return WEBHOOK_MAX_BYTES;
  if (path.startsWith("/proxy/") || path.startsWith("/checkout/")) return CAPTURE_MAX_BYTES;
  if (path === "/app/list-check") {
    return Math.floor(appEnv().LIST_CHECK_MAX_MB * 1024 * 1024) + MULTIPART_OVERHEAD_BYTES;
  }
  return FORM_MAX_BYTES;
}

const inWords = (bytes: number) =>
  bytes >= 1_000_000 ? `${Math.floor(bytes / 1_000_000)} MB` : `${Math.floor(bytes / 1024)} KB`;

const tooLargeMessage = (limit: number) =>
  `The request body is too large: this address accepts at most ${inWords(limit)}.`;

/** The 413 answer's JSON body, for server.js (answers.ts sends the same words). */
export function tooLargeBody(limit: number): string {
  return JSON.stringify({ error: tooLargeMessage(limit) });
}

/**
 * The body as text, read chunk by chunk and given up (too large) as soon as
 * it passes the limit: a declared Content-Length is checked before reading,
 * a chunked body is counted while it arrives, never held whole.
 */
export async function readBody(
  request: Request,
  limit = bodyLimitFor(new URL(request.url).pathname),
): Promise<Result<string>> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return problem("too_large", tooLargeMessage(limit));
  if (!request.body) return success("");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return problem("too_large", tooLargeMessage(limit));
    }
    chunks.push(value);
  }
  return success(Buffer.concat(chunks).toString("utf8"));
}
