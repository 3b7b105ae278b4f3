/**
 * The bulk file import writes one batch while it parses the next: batches
 * still land whole and in file order, the summary counts every one, and a
 * download that breaks mid-file fails the import only after the batch being
 * written has finished (no half-written batch, a ledger that verifies).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyShopLedger } from "../../app/ledger/consent-events.server";
import { importBulkLines } from "../../app/sync/bulk-sync.server";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "../helpers/database";

const SHOP = "bulk-import.myshopify.com";
let testDb: TestDatabase;

beforeEach(async () => {
  testDb = await createTestDatabase();
  await testDb.db.shop.create({ data: { domain: SHOP, brandName: "Acme Coffee", defaultCountry: "ES" } });
});
afterEach(() => testDb.cleanup());

/** A bulk-operation JSONL line: customer `index`, WhatsApp-subscribed when index is even. */
function customerLine(index: number): string {
  const whatsapp =
    index % 2 === 0
      ? { state: "SUBSCRIBED", optInLevel: "SINGLE_OPT_IN", updatedAt: "2026-05-20T08:00:00Z" }
      : { state: "NEVER_SUBSCRIBED", optInLevel: null, updatedAt: null };
  return JSON.stringify({
    id: `gid://shopify/Customer/${1000 + index}`,
    firstName: "Lucía",
    lastName: "García",
    updatedAt: "2026-06-01T10:00:00Z",
    defaultEmailAddress: null,
    defaultPhoneNumber: {
      phoneNumber: `+346${String(10_000_000 + index)}`,
      smsMarketingConsent: null,
      whatsAppMarketingConsent: { ...whatsapp, collectedFrom: "OTHER" },
    },
    defaultAddress: { countryCodeV2: "ES" },
  });
}

async function* linesOf(count: number, options: { breakAfter?: number } = {}) {
  for (let index = 0; index < count; index++) {
    if (index === options.breakAfter) throw new Error("the download was cut off");
    // A macrotask between lines, as a network stream gives: writes really overlap parsing.
    if (index % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
    yield customerLine(index);
  }
}

describe("bulk file import", () => {
  it("imports a file of many batches whole: every customer, every consent event, a verifying ledger", async () => {
    const summary = await importBulkLines(testDb.db, SHOP, linesOf(230), { batchSize: 40 });
    expect(summary).toMatchObject({ customers: 230, created: 230, updated: 0, rejected: [] });
    expect(await testDb.db.contact.count({ where: { shop: SHOP } })).toBe(230);
    const events = await testDb.db.consentEvent.count({ where: { shop: SHOP } });
    expect(summary.events).toBe(events);
    expect(events).toBeGreaterThanOrEqual(115);
    expect(await verifyShopLedger(testDb.db, SHOP)).toMatchObject({ ok: true, eventCount: events });
  });

  it("the same file in one batch or in many gives the same contacts", async () => {
    await importBulkLines(testDb.db, SHOP, linesOf(120), { batchSize: 7 });
    const many = await testDb.db.contact.findMany({
      where: { shop: SHOP },
      select: { shopifyCustomerId: true, phoneE164: true, segment: true, reasons: true },
      orderBy: { shopifyCustomerId: "asc" },
    });
    const other = await createTestDatabase();
    try {
      await other.db.shop.create({ data: { domain: SHOP, brandName: "Acme Coffee", defaultCountry: "ES" } });
      await importBulkLines(other.db, SHOP, linesOf(120), { batchSize: 1000 });
      const one = await other.db.contact.findMany({
        where: { shop: SHOP },
        select: { shopifyCustomerId: true, phoneE164: true, segment: true, reasons: true },
        orderBy: { shopifyCustomerId: "asc" },
      });
      expect(many).toEqual(one);
    } finally {
      await other.cleanup();
    }
  });

  it("a download cut off mid-file fails the import; the batches written are whole and the ledger verifies", async () => {
    await expect(
      importBulkLines(testDb.db, SHOP, linesOf(500, { breakAfter: 120 }), { batchSize: 40 }),
    ).rejects.toThrow("the download was cut off");
    const contacts = await testDb.db.contact.count({ where: { shop: SHOP } });
    // The break comes just as the third batch of 40 starts being written: it is waited for, whole.
    // (On PostgreSQL this count would read 80 if the failure were reported first; on SQLite the
    // adapter makes any query wait for the open transaction, so only the ledger check bites there.)
    expect(contacts).toBe(120);
    expect((await verifyShopLedger(testDb.db, SHOP)).ok).toBe(true);
  });

  it("leaves the planner statistics current: PostgreSQL knows the rows just written, SQLite is left as it plans", async () => {
    await importBulkLines(testDb.db, SHOP, linesOf(150), { batchSize: 40 });
    if (testDatabaseKind() === "postgresql") {
      const rows = await testDb.db.$queryRawUnsafe<{ relname: string; reltuples: number }[]>(
        `SELECT relname, reltuples::int AS reltuples FROM pg_class WHERE relname IN ('Contact', 'ConsentEvent') ORDER BY relname`,
      );
      expect(rows).toEqual([
        { relname: "ConsentEvent", reltuples: await testDb.db.consentEvent.count() },
        { relname: "Contact", reltuples: 150 },
      ]);
    } else {
      const tables = await testDb.db.$queryRawUnsafe<{ name: string }[]>(
        `SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_stat%'`,
      );
      expect(tables).toEqual([]);
    }
  });
});
