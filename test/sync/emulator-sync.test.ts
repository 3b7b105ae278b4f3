import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyShopLedger } from "../../app/ledger/consent-events.server";
import { adminClient } from "../../app/shopify/admin-client.server";
import { startBulkCustomerSync, waitForBulkSync } from "../../app/sync/bulk-sync.server";
import { syncCustomersPaginated } from "../../app/sync/paginated-sync.server";
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

describe("customer sync against the Admin API emulator", () => {
  it("bulk and paginated paths end with the same contacts and segments", async () => {
    const viaPages = await freshDatabase();
    const pages = await syncCustomersPaginated(viaPages, client(), SHOP);
    expect(pages.customers).toBe(600);
    expect(pages.rejected).toEqual([]);

    const viaBulk = await freshDatabase();
    const job = await startBulkCustomerSync(viaBulk, client(), SHOP);
    const bulk = await waitForBulkSync(viaBulk, client(), SHOP, job.operationId, {
      intervalMs: 100,
      timeoutMs: 60_000,
    });
    expect(bulk?.customers).toBe(600);

    const [a, b] = [await snapshotOf(viaPages), await snapshotOf(viaBulk)];
    expect(a).toHaveLength(600);
    expect(b).toEqual(a);
    expect(a.filter((row) => row.endsWith("|dup")).length).toBeGreaterThan(0);
    const segments = new Set(a.map((row) => row.split("|")[2]));
    expect(segments.has("whatsapp_substantiated")).toBe(false);
    expect(segments.has("whatsapp_unsubstantiated")).toBe(true);
    expect((await verifyShopLedger(viaBulk, SHOP)).ok).toBe(true);

    // A second sync of an unchanged store writes no event.
    const before = await viaPages.consentEvent.count();
    const again = await syncCustomersPaginated(viaPages, client(), SHOP);
    expect(again.events).toBe(0);
    expect(await viaPages.consentEvent.count()).toBe(before);
  });
});
