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

const TEXT = "Yes, send me Acme Coffee offers on WhatsApp. Reply STOP to unsubscribe at any time.";
const BATCH = 10_000;
const CONTACT_COLUMNS = [
  "id",
  "shop",
  "phoneRaw",
  "phoneE164",
  "email",
  "firstName",
  "lastName",
  "country",
  "segment",
  "reasons",
  "evidenceEventId",
  "optInLevel",
  "decidedAt",
  "createdAt",
  "updatedAt",
];

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
      await insertRows(tx, "Contact", CONTACT_COLUMNS, CONTACT_TYPES, contacts);
      await appendEventsInTransaction(
        tx,
        shop,
        contacts.map((contact, i) => ({
          id: contact.evidenceEventId,
          contactId: contact.id,
          channel: "whatsapp" as const,
          action: "opt_in" as const,
          occurredAt: at(indexes[i] ?? 0),
          sourceKind: "storefront_block" as const,
          sourceDetail: "https://acme.example/pages/whatsapp#block-1",
          captureMethod: "checkbox" as const,
          optInLevel: "single" as const,
          consentText: { id: text.id, sha256: text.sha256 },
          details: { phoneRaw: contact.phoneRaw },
        })),
        () => at(indexes.at(-1) ?? 0),
      );
    });
  }
  await db.$disconnect();
}
