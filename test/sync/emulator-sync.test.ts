import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyShopLedger } from "../../app/ledger/consent-events.server";
import { adminClient } from "../../app/shopify/admin-client.server";
import { startBulkCustomerSync, waitForBulkSync } from "../../app/sync/bulk-sync.server";
import { generateCustomers } from "../../tools/admin-emulator/generator";
import { type AdminEmulator, startAdminEmulator } from "../../tools/admin-emulator/server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const SHOP = "emulated.myshopify.com";
const TOKEN = "shpat_test";
let emulator: AdminEmulator;
const databases: TestDatabase[] = [];

beforeAll(async () => {
  emulator = await startAdminEmulator({
    apiSecret: "secret",
    shops: [
      {
        domain: SHOP,
        accessToken: TOKEN,
        country: "US",
        customers: generateCustomers({ count: 600, seed: 7 }),
        // A fast bucket: this test is about equality; pacing has its own test.
        throttle: { maximumAvailable: 2000, restoreRate: 2000 },
      },
    ],
  });
});
afterAll(async () => {
  await emulator.close();
  for (const database of databases) await database.cleanup();
});

async function freshDatabase() {
  const database = await createTestDatabase();
  databases.push(database);
  await database.db.shop.create({ data: { domain: SHOP, brandName: "Acme Coffee", defaultCountry: "US" } });
  return database.db;
}

const client = () => adminClient({ shop: SHOP, accessToken: TOKEN, origin: emulator.url });

async function snapshotOf(db: TestDatabase["db"]) {
  const contacts = await db.contact.findMany({
    where: { shop: SHOP },
    orderBy: { shopifyCustomerId: "asc" },
  });
  return contacts.map((c) =>
    [c.shopifyCustomerId, c.phoneE164, c.segment, c.reasons, c.duplicateOfId ? "dup" : ""].join("|"),
  );
}

async function bulkSync(db: TestDatabase["db"]) {
  const job = await startBulkCustomerSync(db, client(), SHOP);
  return waitForBulkSync(db, client(), SHOP, job.operationId, { intervalMs: 100, timeoutMs: 60_000 });
}

describe("customer sync against the Admin API emulator", () => {
  it("imports every customer, marks shared phones once, and a second sync of an unchanged store is quiet", async () => {
    const db = await freshDatabase();
    const bulk = await bulkSync(db);
    expect(bulk?.customers).toBe(600);
    expect(bulk?.rejected).toEqual([]);

    const rows = await snapshotOf(db);
    expect(rows).toHaveLength(600);
    expect(rows.filter((row) => row.endsWith("|dup")).length).toBeGreaterThan(0);
    const segments = new Set(rows.map((row) => row.split("|")[2]));
    expect(segments.has("whatsapp_substantiated")).toBe(false);
    expect(segments.has("whatsapp_unsubstantiated")).toBe(true);
    expect((await verifyShopLedger(db, SHOP)).ok).toBe(true);

    // A second sync of an unchanged store writes no event and changes no contact.
    const before = await db.consentEvent.count();
    const again = await bulkSync(db);
    expect(again).toMatchObject({ customers: 600, events: 0, created: 0, updated: 0 });
    expect(await db.consentEvent.count()).toBe(before);
    expect(await snapshotOf(db)).toEqual(rows);
  });
});
