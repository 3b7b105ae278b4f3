/**
 * Seeds a benchmark shop with N Group A contacts, each with a storefront
 * opt-in chained into the ledger (a valid chain), fast enough for a million.
 */
import { createClient, type InStatement, type InValue } from "@libsql/client";
import { textSha256 } from "../app/consent/consent-text";
import { chainEntry, GENESIS_HASH, sealDetails } from "../app/consent/ledger";
import { createDatabase } from "../app/db/client.server";
import { applyMigrations } from "../app/db/migrate.server";
import { setConsentTextInUse } from "../app/ledger/consent-texts.server";

const TEXT = "Yes, send me Acme Coffee offers on WhatsApp. Reply STOP to unsubscribe at any time.";
const BATCH = 10_000;

// Seeded with multi-row INSERTs straight into SQLite (Prisma's createMany took minutes per 100,000).
const sqlDate = (date: Date) => date.toISOString().replace("Z", "+00:00");
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
const EVENT_COLUMNS = [
  "id",
  "shop",
  "seq",
  "contactId",
  "channel",
  "action",
  "occurredAt",
  "recordedAt",
  "sourceKind",
  "sourceDetail",
  "captureMethod",
  "optInLevel",
  "consentTextId",
  "consentTextSha256",
  "details",
  "detailsHash",
  "prevHash",
  "hash",
];
function insert(table: string, columns: string[], rows: InValue[][]): InStatement {
  const placeholders = `(${columns.map(() => "?").join(",")})`;
  return {
    sql: `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(",")}) VALUES ${rows.map(() => placeholders).join(",")}`,
    args: rows.flat(),
  };
}

export async function seedGroupA(url: string, shop: string, count: number): Promise<void> {
  const SHOP = shop;
  await applyMigrations({ url });
  const db = createDatabase(url);
  await db.shop.create({ data: { domain: SHOP, brandName: "Acme Coffee", defaultCountry: "ES" } });
  await setConsentTextInUse(db, SHOP, "storefront", TEXT);
  const text = await db.consentTextVersion.findUniqueOrThrow({
    where: { shop_sha256: { shop: SHOP, sha256: textSha256(TEXT) } },
  });
  const sqlite = createClient({ url });
  let previous = { seq: 0, hash: GENESIS_HASH };
  const baseTime = Date.UTC(2026, 0, 1);
  for (let start = 0; start < count; start += BATCH) {
    const contacts: InValue[][] = [];
    const events: InValue[][] = [];
    for (let index = start; index < Math.min(count, start + BATCH); index++) {
      const contactId = `bench-contact-${String(index).padStart(8, "0")}`;
      const phone = `+346${String(index).padStart(8, "0")}`;
      const occurredAt = new Date(baseTime + index * 1000);
      const sealed = sealDetails({ phoneRaw: phone });
      const entry = chainEntry(previous, {
        shop: SHOP,
        id: `bench-event-${String(index).padStart(8, "0")}`,
        contactId,
        channel: "whatsapp",
        action: "opt_in",
        occurredAt,
        recordedAt: occurredAt,
        sourceKind: "storefront_block",
        sourceDetail: "https://acme.example/pages/whatsapp#block-1",
        captureMethod: "checkbox",
        optInLevel: "single",
        consentTextSha256: text.sha256,
        clientEventId: null,
        detailsHash: sealed.detailsHash,
      });
      previous = entry;
      const when = sqlDate(occurredAt);
      contacts.push([
        contactId,
        SHOP,
        phone,
        phone,
        `shopper${index}@example.com`,
        `First${index}`,
        `Last${index}`,
        "ES",
        "whatsapp_substantiated",
        "",
        entry.id,
        "single",
        when,
        when,
        when,
      ]);
      events.push([
        entry.id,
        SHOP,
        entry.seq,
        contactId,
        "whatsapp",
        "opt_in",
        when,
        when,
        entry.sourceKind,
        entry.sourceDetail,
        entry.captureMethod,
        "single",
        text.id,
        text.sha256,
        sealed.details,
        sealed.detailsHash,
        entry.prevHash,
        entry.hash,
      ]);
    }
    const statements: InStatement[] = [];
    for (let offset = 0; offset < contacts.length; offset += 500) {
      statements.push(insert("Contact", CONTACT_COLUMNS, contacts.slice(offset, offset + 500)));
      statements.push(insert("ConsentEvent", EVENT_COLUMNS, events.slice(offset, offset + 500)));
    }
    await sqlite.batch(statements, "write");
  }
  sqlite.close();
  await db.shop.update({
    where: { domain: SHOP },
    data: { ledgerSeq: previous.seq, ledgerHead: previous.hash },
  });
  await db.$disconnect();
}
