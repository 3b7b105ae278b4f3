/**
 * The evidence pack for a shop with N Group A contacts (1,000,000 by
 * default; BENCH_CONTACTS to change), each with a storefront opt-in chained
 * into the ledger, written to a file with writeEvidencePack. Reports time,
 * ZIP size, the Group A rows in it, the ledger result and the peak RSS of
 * this process sampled while the pack is written (it should stay flat:
 * nothing holds the whole pack, CSV or ledger in memory).
 *
 *   npm run bench:evidence-pack
 *   BENCH_CONTACTS=100000 npm run bench:evidence-pack
 */
import { createWriteStream, mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { textSha256 } from "../app/consent/consent-text";
import { chainEntry, GENESIS_HASH, sealDetails } from "../app/consent/ledger";
import { createDatabase } from "../app/db/client.server";
import { applyMigrations } from "../app/db/migrate.server";
import { writeEvidencePack } from "../app/export/evidence-pack.server";
import { setConsentTextInUse } from "../app/ledger/consent-texts.server";

const count = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const SHOP = "bench.myshopify.com";
const TEXT = "Yes, send me Acme Coffee offers on WhatsApp. Reply STOP to unsubscribe at any time.";
const BATCH = 2000;
const dir = path.resolve("bench/tmp");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `evidence-${count}.sqlite`);
const zipFile = path.join(dir, `evidence-pack-${count}.zip`);
for (const leftover of [file, `${file}-journal`, `${file}-wal`, zipFile]) rmSync(leftover, { force: true });
const url = `file:${file}`;
await applyMigrations({ url });
const db = createDatabase(url);
await db.shop.create({ data: { domain: SHOP, brandName: "Acme Coffee", defaultCountry: "ES" } });
await setConsentTextInUse(db, SHOP, "storefront", TEXT);
const text = await db.consentTextVersion.findUniqueOrThrow({
  where: { shop_sha256: { shop: SHOP, sha256: textSha256(TEXT) } },
});

let started = performance.now();
let previous = { seq: 0, hash: GENESIS_HASH };
const baseTime = Date.UTC(2026, 0, 1);
for (let start = 0; start < count; start += BATCH) {
  const contacts = [];
  const events = [];
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
    contacts.push({
      id: contactId,
      shop: SHOP,
      phoneRaw: phone,
      phoneE164: phone,
      firstName: `First${index}`,
      lastName: `Last${index}`,
      email: `shopper${index}@example.com`,
      country: "ES",
      segment: "whatsapp_substantiated",
      reasons: "",
      evidenceEventId: entry.id,
      optInLevel: "single",
      decidedAt: occurredAt,
    });
    events.push({ ...entry, consentTextId: text.id, details: sealed.details });
  }
  await db.$transaction([
    db.contact.createMany({ data: contacts }),
    db.consentEvent.createMany({ data: events }),
  ]);
}
await db.shop.update({
  where: { domain: SHOP },
  data: { ledgerSeq: previous.seq, ledgerHead: previous.hash },
});
console.log(
  `Seeded ${count} Group A contacts and events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

global.gc?.();
const rssBefore = process.memoryUsage().rss;
let peakRss = rssBefore;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
started = performance.now();
const result = await writeEvidencePack(db, SHOP, createWriteStream(zipFile), { requestedBy: "bench" });
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
await db.$disconnect();

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
console.log(
  `Evidence pack for ${count} contacts: ${seconds.toFixed(1)} s, ${mb(statSync(zipFile).size)} ZIP`,
);
console.log(
  `  Group A rows: ${result.groupARows}; ledger ok: ${result.ledger.ok}, ${result.ledger.eventCount} events`,
);
console.log(`  RSS before: ${mb(rssBefore)}, peak while writing: ${mb(peakRss)}`);
console.log(`  sha256 ${result.sha256} (logged in ExportLog ${result.exportLogId})`);
rmSync(zipFile, { force: true });
