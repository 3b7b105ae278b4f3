/**
 * Shared pieces of the fuzz tests (test/fuzz): garbage inputs, a snapshot of
 * every table a request could write to, and what a rejection must look like.
 */
import fc from "fast-check";
import { expect } from "vitest";
import type { Database } from "../../app/db.server";

/** Runs per property: enough to find the cheap bugs, small enough for the suite (and this 2-core machine). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 100);

/** Row counts of everything a request could record. Equal before and after = nothing recorded. */
export async function rowCounts(db: Database) {
  const [events, contacts, writeBacks, codes, webhooks, signatures, orderLinks, shops, texts] =
    await Promise.all([
      db.consentEvent.count(),
      db.contact.count(),
      db.writeBackTask.count(),
      db.doubleOptInCode.count(),
      db.processedWebhook.count(),
      db.proxySignature.count(),
      db.orderConsentLink.count(),
      db.shop.count(),
      db.consentTextVersion.count(),
    ]);
  return { events, contacts, writeBacks, codes, webhooks, signatures, orderLinks, shops, texts };
}

/** Any text, including lone surrogates, control characters and very long runs. */
export const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.constantFrom("", " ", "null", "{", "[]", "\u0000", "\uD800", "%00", "../../etc/passwd", "<script>"),
  fc.nat({ max: 5000 }).map((n) => "9".repeat(n)),
);

/** Any JSON value, plus things that are not JSON at all. */
export const anyBody: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.anything().map((value) => {
    try {
      return JSON.stringify(value) ?? "undefined";
    } catch {
      return "not json";
    }
  }),
  anyText,
);

/**
 * A rejection a person (or Shopify's retry logic) can act on: 4xx, never
 * 5xx, with a message in the body.
 */
export async function expectClearRejection(response: Response, allowed: number[]) {
  expect(allowed, `status ${response.status}`).toContain(response.status);
  const text = await response.clone().text();
  let message = text;
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (parsed && typeof parsed === "object" && "error" in parsed) message = String(parsed.error);
  } catch {
    // plain text message
  }
  expect(message.trim().length, `status ${response.status} needs a message`).toBeGreaterThan(8);
  expect(message).not.toMatch(/\n\s+at /); // no stack trace
}

/** A Remix action that throws a Response is answering; anything else thrown is a 500. */
export async function answer(
  action: (args: {
    request: Request;
    params: Record<string, string>;
    context: Record<string, unknown>;
  }) => Promise<Response> | Response,
  request: Request,
): Promise<Response> {
  try {
    return await action({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw new Error(`the route crashed (a 500): ${(thrown as Error)?.stack ?? String(thrown)}`);
  }
}
