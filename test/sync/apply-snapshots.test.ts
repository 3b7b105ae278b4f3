import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyShopLedger } from "../../app/ledger/consent-events.server";
import { applySnapshots } from "../../app/sync/apply-snapshots.server";
import type { CustomerSnapshot } from "../../app/sync/customer-snapshot";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const SHOP = "sync-test.myshopify.com";
let testDb: TestDatabase;

beforeEach(async () => {
  testDb = await createTestDatabase();
  await testDb.db.shop.create({ data: { domain: SHOP, brandName: "Acme Coffee", defaultCountry: "US" } });
});
afterEach(() => testDb.cleanup());

function snapshot(id: string, overrides: Partial<CustomerSnapshot> = {}): CustomerSnapshot {
  return {
    customerId: id,
    firstName: "Ana",
    lastName: "Silva",
    email: `${id}@example.com`,
    phone: "+5511987654321",
    country: "BR",
    updatedAt: new Date("2026-06-01T10:00:00Z"),
    consent: {
      email: {
        state: "SUBSCRIBED",
        optInLevel: "SINGLE_OPT_IN",
        updatedAt: new Date("2026-05-01T00:00:00Z"),
        collectedFrom: null,
      },
      sms: null,
      whatsapp: null,
    },
    ...overrides,
  };
}

const whatsappSubscribed = {
  state: "SUBSCRIBED",
  optInLevel: "SINGLE_OPT_IN",
  updatedAt: new Date("2026-05-02T00:00:00Z"),
  collectedFrom: "OTHER",
};

describe("applySnapshots", () => {
  it("creates contacts, records consent changes once, and re-sync is quiet", async () => {
    const { db } = testDb;
    const first = await applySnapshots(db, SHOP, [
      snapshot("1"),
      snapshot("2", { phone: "4155552671", country: null }),
    ]);
    expect(first).toMatchObject({ created: 2, updated: 0, events: 2 });
    const again = await applySnapshots(db, SHOP, [
      snapshot("1"),
      snapshot("2", { phone: "4155552671", country: null }),
    ]);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, events: 0 });
    const contact = await db.contact.findFirstOrThrow({ where: { shop: SHOP, shopifyCustomerId: "2" } });
    expect(contact).toMatchObject({ phoneE164: "+14155552671", segment: "email_only" });
    expect(await db.consentEvent.count({ where: { shop: SHOP } })).toBe(2);
    expect((await verifyShopLedger(db, SHOP)).ok).toBe(true);
  });

  it("a Shopify WhatsApp SUBSCRIBED with no proof of ours is unsubstantiated, never Group A", async () => {
    const { db } = testDb;
    await applySnapshots(db, SHOP, [
      snapshot("7", { consent: { email: null, sms: null, whatsapp: whatsappSubscribed } }),
    ]);
    const contact = await db.contact.findFirstOrThrow({ where: { shopifyCustomerId: "7" } });
    expect(contact.segment).toBe("whatsapp_unsubstantiated");
    expect(contact.reasons.split(";")).toContain("MISSING_CONSENT_TEXT");
    expect(contact.evidenceEventId).not.toBeNull();
  });

  it("ignores a snapshot older than the one applied (out-of-order webhooks)", async () => {
    const { db } = testDb;
    const newer = snapshot("3", {
      updatedAt: new Date("2026-06-02T00:00:00Z"),
      consent: {
        email: {
          state: "UNSUBSCRIBED",
          optInLevel: null,
          updatedAt: new Date("2026-06-02T00:00:00Z"),
          collectedFrom: null,
        },
        sms: null,
        whatsapp: null,
      },
    });
    const older = snapshot("3", { updatedAt: new Date("2026-06-01T00:00:00Z") });
    await applySnapshots(db, SHOP, [newer]);
    const result = await applySnapshots(db, SHOP, [older]);
    expect(result.unchanged).toBe(1);
    const contact = await db.contact.findFirstOrThrow({ where: { shopifyCustomerId: "3" } });
    expect(contact.shopifyEmailState).toBe("UNSUBSCRIBED");
    // Same end state whichever order they arrive in.
    const other = await createTestDatabase();
    try {
      await other.db.shop.create({ data: { domain: SHOP, brandName: "Acme Coffee", defaultCountry: "US" } });
      await applySnapshots(other.db, SHOP, [older]);
      await applySnapshots(other.db, SHOP, [newer]);
      const reversed = await other.db.contact.findFirstOrThrow({ where: { shopifyCustomerId: "3" } });
      expect(reversed.shopifyEmailState).toBe(contact.shopifyEmailState);
      expect(reversed.segment).toBe(contact.segment);
    } finally {
      await other.cleanup();
    }
  });

  it("marks all but one contact sharing a phone as DUPLICATE, and undoes it when the phone changes", async () => {
    const { db } = testDb;
    await applySnapshots(db, SHOP, [
      snapshot("10", { consent: { email: null, sms: null, whatsapp: whatsappSubscribed } }),
      snapshot("11"),
    ]);
    const loser = await db.contact.findFirstOrThrow({ where: { shopifyCustomerId: "11" } });
    const winner = await db.contact.findFirstOrThrow({ where: { shopifyCustomerId: "10" } });
    expect(loser.duplicateOfId).toBe(winner.id);
    expect(loser.reasons.split(";")).toContain("DUPLICATE");
    expect(winner.duplicateOfId).toBeNull();

    await applySnapshots(db, SHOP, [
      snapshot("11", { phone: "+5511912345678", updatedAt: new Date("2026-06-03T00:00:00Z") }),
    ]);
    const moved = await db.contact.findFirstOrThrow({ where: { shopifyCustomerId: "11" } });
    expect(moved.duplicateOfId).toBeNull();
    expect(moved.reasons.split(";")).not.toContain("DUPLICATE");
  });
});
