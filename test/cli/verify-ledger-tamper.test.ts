/**
 * Changing any one field of any stored ledger event makes verify-ledger
 * fail and name that event. A property over every column of ConsentEvent:
 * a column the canonical entry leaves out (as `captureMethod` once was)
 * could be changed without the chain noticing, and this fails.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleCustomerRedact } from "../../app/compliance/compliance.server";
import type { ConsentEvent } from "../../app/generated/prisma/client";
import { loadTestApp } from "../helpers/app";
import { cli } from "../helpers/cli";
import { SHOP, seedExportShops } from "../helpers/export-fixtures";

let app: Awaited<ReturnType<typeof loadTestApp>>;
/** A shop with no events: an event moved there cannot collide with one of its seqs. */
const EMPTY_SHOP = "empty-shop.myshopify.com";
let events: ConsentEvent[];
let contactIds: string[];
let wordingIds: string[];

beforeAll(async () => {
  app = await loadTestApp();
  await seedExportShops(app.db);
  await app.db.shop.create({ data: { domain: EMPTY_SHOP } });
  // A redacted customer, so that erased details and redaction dates are tampered with too.
  expect(await handleCustomerRedact(app.db, SHOP, { shop_domain: SHOP, customer: { id: 1 } })).toEqual({
    contacts: 1,
  });
  events = await app.db.consentEvent.findMany({ where: { shop: SHOP }, orderBy: { seq: "asc" } });
  contactIds = (await app.db.contact.findMany({ where: { shop: SHOP }, select: { id: true } })).map(
    (contact) => contact.id,
  );
  wordingIds = (
    await app.db.consentTextVersion.findMany({ where: { shop: SHOP }, select: { id: true } })
  ).map((wording) => wording.id);
});
afterAll(() => app?.cleanup());

const text = fc.string({ maxLength: 30 });
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const date = fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true });

/**
 * A value for each column of the event. Keyed by every column, so a column
 * added to ConsentEvent fails the type check until it is tampered with here.
 */
const tamper: { [Field in keyof ConsentEvent]: fc.Arbitrary<ConsentEvent[Field]> } = {
  id: fc.uuid(),
  shop: fc.constant(EMPTY_SHOP),
  // A seq no event of the shop holds: before the first or after the head.
  seq: fc.oneof(fc.integer({ min: -3, max: 0 }), fc.integer({ min: 1000, max: 2000 })),
  contactId: fc
    .constantFrom(...Array.from({ length: 20 }, (_, index) => index))
    .map((index) => contactIds[index % contactIds.length] as string),
  channel: fc.oneof(fc.constantFrom("whatsapp", "sms", "email"), text),
  action: fc.oneof(fc.constantFrom("opt_in", "opt_out", "confirm"), text),
  occurredAt: fc.option(date),
  recordedAt: date,
  sourceKind: fc.oneof(fc.constantFrom("storefront_block", "checkout", "thank_you", "shopify_sync"), text),
  sourceDetail: text,
  captureMethod: fc.oneof(fc.constantFrom("checkbox", "double_opt_in", "import"), text),
  optInLevel: fc.option(fc.constantFrom("SINGLE_OPT_IN", "CONFIRMED_OPT_IN", "UNKNOWN")),
  consentTextId: fc.option(fc.nat().map((index) => wordingIds[index % wordingIds.length] as string)),
  consentTextSha256: fc.option(hex64),
  clientEventId: fc.option(fc.uuid()),
  details: fc.option(fc.oneof(fc.json(), text)),
  detailsHash: hex64,
  prevHash: hex64,
  hash: hex64,
  redactedAt: fc.option(date),
};

const fields = Object.keys(tamper) as (keyof ConsentEvent)[];

const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/** One event, one field, and a value for it other than the stored one. */
const change = fc
  .record({ index: fc.nat(), field: fc.constantFrom(...fields) })
  .chain(({ index, field }) =>
    (tamper[field] as fc.Arbitrary<unknown>).map((value) => ({ index, field, value })),
  )
  .map(({ index, field, value }) => ({ event: events[index % events.length] as ConsentEvent, field, value }))
  .filter(({ event, field, value }) => !same(event[field], value));

describe("verify-ledger notices a change to any field of any event", () => {
  it("the seeded chain verifies, and every column of ConsentEvent is tampered with", async () => {
    expect((await cli("verify-ledger", "--shop", SHOP)).code).toBe(0);
    expect(events.some((event) => event.redactedAt !== null)).toBe(true);
    expect(events.some((event) => event.consentTextId !== null)).toBe(true);
    const columns = Object.keys(events[0] as ConsentEvent).sort();
    expect([...fields].sort()).toEqual(columns);
  });

  it("exit 1, naming the changed event (or, for shop and seq, the place in the chain it left)", async () => {
    await fc.assert(
      fc.asyncProperty(change, async ({ event, field, value }) => {
        const tampered = field === "id" ? (value as string) : event.id;
        await app.db.consentEvent.update({ where: { id: event.id }, data: { [field]: value } });
        try {
          const result = await cli("verify-ledger", "--shop", SHOP, "--json");
          expect(result.code).toBe(1);
          const [report] = JSON.parse(result.stdout);
          const at = report.firstBreak as { seq: number; id: string; problem: string };
          const named = at.id === event.id || at.id === tampered || (at.id === "" && at.seq === event.seq);
          // Moved out of the chain: the link after the gap it left is the first that no longer fits.
          const gap = (field === "seq" || field === "shop") && at.seq === event.seq + 1;
          expect(named || gap, `${field} of event #${event.seq}: ${JSON.stringify(at)}`).toBe(true);
          expect(result.stdout).not.toContain("ledger verifies");
        } finally {
          const { id: _id, ...original } = event;
          await app.db.consentEvent.update({ where: { id: tampered }, data: { ...original, id: event.id } });
        }
      }),
      { numRuns: 200 },
    );
    expect((await cli("verify-ledger", "--shop", SHOP)).code).toBe(0);
  });
});
