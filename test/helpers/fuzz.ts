/**
 * Shared pieces of the fuzz tests (test/fuzz): garbage inputs, a snapshot of
 * every table a request could write to, and what a rejection must look like.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { expect } from "vitest";
import type { Database } from "../../app/db.server";
import { Prisma } from "../../app/generated/prisma/client";

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

/** Every table, each row reduced to the sha256 of its content (a multiset: hash -> how many rows). */
export type DatabaseState = Record<string, Map<string, number>>;

const rowHash = (row: unknown) =>
  createHash("sha256")
    .update(JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? value.toString() : value)))
    .digest("hex");

/**
 * What the database holds, table by table (every model of the schema, so a
 * table added later is covered): equal before and after = nothing written,
 * not even an update that leaves the counts alone.
 */
export async function databaseState(db: Database): Promise<DatabaseState> {
  const state: DatabaseState = {};
  for (const model of Object.values(Prisma.ModelName)) {
    const delegate = (db as unknown as Record<string, { findMany: () => Promise<unknown[]> }>)[
      `${model[0]?.toLowerCase()}${model.slice(1)}`
    ];
    const rows = new Map<string, number>();
    for (const row of (await delegate?.findMany()) ?? []) {
      const hash = rowHash(row);
      rows.set(hash, (rows.get(hash) ?? 0) + 1);
    }
    state[model] = rows;
  }
  return state;
}

/** Tables whose rows differ between two states (added, removed or changed). */
export function changedTables(before: DatabaseState, after: DatabaseState): string[] {
  return Object.keys(before).filter((table) => {
    const a = before[table] as Map<string, number>;
    const b = after[table] as Map<string, number>;
    return a.size !== b.size || [...a].some(([hash, count]) => b.get(hash) !== count);
  });
}

/**
 * The one table a refusal writes: the capture page's count of refusals per
 * shop, reason and hour (no request data; test/capture/refusal-counts.test.ts).
 */
const REFUSAL_COUNTS = "CaptureRefusal";

/** A refused request left the database exactly as it was (but for the refusal counter). */
export function expectUnchanged(before: DatabaseState, after: DatabaseState) {
  const changed = changedTables(before, after).filter((table) => table !== REFUSAL_COUNTS);
  expect(changed, "tables a refused request changed").toEqual([]);
}

/** Consent events are append-only: every event before is still there, unchanged, and `added` new ones. */
export function expectEventsAppended(before: DatabaseState, after: DatabaseState, added: number) {
  const old = before.ConsentEvent as Map<string, number>;
  const now = after.ConsentEvent as Map<string, number>;
  for (const [hash, count] of old)
    expect(now.get(hash), "an existing event was changed or removed").toBe(count);
  expect(now.size - old.size, "events added").toBe(added);
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
