/**
 * Two Shopify customers share a phone and both opted in on the storefront:
 * Group A has that number once. A bulk re-sync writes its batches before
 * refreshing DUPLICATE once at the end; in between, an export must still
 * have the number once (reclassifying a contact keeps its DUPLICATE mark
 * until the refresh decides again).
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordCapturedConsent } from "../../app/capture/record-consent.server";
import { refreshDuplicates } from "../../app/contacts/duplicates.server";
import { groupARows } from "../../app/export/group-a.server";
import { withLedgerTransaction } from "../../app/ledger/consent-events.server";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import { applySnapshots } from "../../app/sync/apply-snapshots.server";
import type { CustomerSnapshot } from "../../app/sync/customer-snapshot";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const SHOP = "shared-phone.myshopify.com";
const TEXT = "Send me Acme Coffee offers on WhatsApp. Reply STOP to unsubscribe at any time.";
const PHONE = "+34611000777";
let testDb: TestDatabase;

const customer = (id: string, firstName: string, updatedAt: Date): CustomerSnapshot => ({
  customerId: id,
  firstName,
  lastName: null,
  email: null,
  phone: PHONE,
  country: "ES",
  updatedAt,
  consent: { email: null, sms: null, whatsapp: null },
});

async function groupAPhones() {
  const phones: string[] = [];
  for await (const row of groupARows(testDb.db, SHOP)) phones.push(row.phone_e164);
  return phones;
}

beforeEach(async () => {
  testDb = await createTestDatabase();
  const db = testDb.db;
  await db.shop.create({ data: { domain: SHOP, brandName: "Acme Coffee", defaultCountry: "ES" } });
  await setConsentTextInUse(db, SHOP, "storefront", TEXT);
  const first = new Date("2026-06-01T10:00:00Z");
  await applySnapshots(db, SHOP, [customer("10", "Ana", first), customer("11", "Eva", first)]);
  for (const contact of await db.contact.findMany({ where: { shop: SHOP } })) {
    await recordCapturedConsent(db, {
      shop: SHOP,
      clientEventId: randomUUID(),
      action: "opt_in",
      phone: PHONE,
      consentText: TEXT,
      sourceKind: "storefront_block",
      sourceDetail: "https://acme.example/pages/whatsapp#block-1",
      captureMethod: "checkbox",
      contactId: contact.id,
    });
  }
});
afterEach(() => testDb.cleanup());

describe("a phone shared by two opted-in customers", () => {
  it("is exported once, also between a re-sync's batches and its final duplicate refresh", async () => {
    expect(await groupAPhones()).toEqual([PHONE]);
    const later = new Date("2026-07-01T10:00:00Z");
    // A bulk import's batch: both customers changed (new first names), DUPLICATE left for the end.
    const result = await applySnapshots(
      testDb.db,
      SHOP,
      [customer("10", "Ana María", later), customer("11", "Eva Luna", later)],
      { duplicates: "deferred" },
    );
    expect(result.updated).toBe(2);
    expect(await groupAPhones()).toEqual([PHONE]);
    await withLedgerTransaction(testDb.db, (tx) => refreshDuplicates(tx, SHOP));
    expect(await groupAPhones()).toEqual([PHONE]);
    const marked = await testDb.db.contact.count({ where: { shop: SHOP, duplicateOfId: { not: null } } });
    expect(marked).toBe(1);
  });
});
