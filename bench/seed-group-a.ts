/**
 * Seeds a benchmark shop with N Group A contacts, each with a storefront
 * opt-in chained into the ledger (a valid chain), fast enough for a million:
 * the app's own multi-row writers, 10,000 contacts per transaction.
 */
import { textSha256 } from "../app/consent/consent-text";
import { CONTACT_TYPES, insertRows } from "../app/db/bulk-sql.server";
import { createDatabase } from "../app/db/client.server";
import { applyMigrations } from "../app/db/migrate.server";
import { appendEventsInTransaction, withShopLedger } from "../app/ledger/consent-events.server";
import { setConsentTextInUse } from "../app/ledger/consent-texts.server";
import { storefrontOptIn } from "./bench-setup";

const TEXT = "Yes, send me Acme Coffee offers on WhatsApp. Reply STOP to unsubscribe at any time.";
const BATCH = 10_000;

const padded = (index: number) => String(index).padStart(8, "0");

export async function seedGroupA(url: string, shop: string, count: number): Promise<void> {
  await applyMigrations({ url });
  const db = createDatabase(url);
  await db.shop.create({ data: { domain: shop, brandName: "Acme Coffee", defaultCountry: "ES" } });
  await setConsentTextInUse(db, shop, "storefront", TEXT);
  const text = await db.consentTextVersion.findUniqueOrThrow({
    where: { shop_sha256: { shop, sha256: textSha256(TEXT) } },
  });
  const baseTime = Date.UTC(2026, 0, 1);
  for (let start = 0; start < count; start += BATCH) {
    const indexes = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => start + i);
    const at = (index: number) => new Date(baseTime + index * 1000);
    await withShopLedger(db, shop, async (tx) => {
      const contacts = indexes.map((index) => {
        const phone = `+346${padded(index)}`;
        return {
          id: `bench-contact-${padded(index)}`,
          shop,
          phoneRaw: phone,
          phoneE164: phone,
          email: `shopper${index}@example.com`,
          firstName: `First${index}`,
          lastName: `Last${index}`,
          country: "ES",
          segment: "whatsapp_substantiated",
          reasons: "",
          evidenceEventId: `bench-event-${padded(index)}`,
          optInLevel: "single",
          decidedAt: at(index),
          createdAt: at(index),
          updatedAt: at(index),
        };
      });
      await insertRows(tx, "Contact", Object.keys(contacts[0] ?? {}), CONTACT_TYPES, contacts);
      await appendEventsInTransaction(
        tx,
        shop,
        contacts.map((contact) =>
          storefrontOptIn({
            id: contact.evidenceEventId,
            contactId: contact.id,
            occurredAt: contact.decidedAt,
            sourceDetail: "https://acme.example/pages/whatsapp#block-1",
            text,
            details: { phoneRaw: contact.phoneRaw, phoneE164: contact.phoneE164 },
          }),
        ),
        () => at(indexes.at(-1) ?? 0),
      );
    });
  }
  await db.$disconnect();
}
