/**
 * verify-ledger checks what the exports show, not just the chain: each
 * tamper below leaves every event's hash intact, and each once verified
 * (exit 0) while the Group A export carried the changed wording or phone.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleCustomerRedact } from "../../app/compliance/compliance.server";
import { writeEvidencePack } from "../../app/export/evidence-pack.server";
import { groupAExportResponse } from "../../app/http/downloads.server";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import { loadTestApp } from "../helpers/app";
import { cli, readCsvText } from "../helpers/cli";
import { SHOP, seedExportShops, TEXT } from "../helpers/export-fixtures";

let app: Awaited<ReturnType<typeof loadTestApp>>;
let dir: string;
const OTHER_WORDING = "Send me Demo Coffee news and offers on WhatsApp. Reply STOP to stop.";

beforeAll(async () => {
  app = await loadTestApp();
  await seedExportShops(app.db);
  await setConsentTextInUse(app.db, SHOP, "checkout", OTHER_WORDING);
  dir = mkdtempSync(path.join(tmpdir(), "wa-witness-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await app.cleanup();
});

async function groupA() {
  const response = groupAExportResponse(app.db, SHOP, { includeNames: true, requestedBy: "test" });
  return readCsvText(await response.text());
}

/** A Group A contact, its deciding event and that event's wording. */
async function groupAContact() {
  const contact = await app.db.contact.findFirstOrThrow({
    where: { shop: SHOP, segment: "whatsapp_substantiated", reasons: "" },
    orderBy: { phoneE164: "asc" },
  });
  const event = await app.db.consentEvent.findUniqueOrThrow({ where: { id: contact.evidenceEventId ?? "" } });
  return { contact, event };
}

describe("verify-ledger checks the proof beside the chain", () => {
  it("an untouched shop verifies and exports both Group A contacts", async () => {
    const result = await cli("verify-ledger", "--shop", SHOP);
    expect(result.stdout).toMatch(/ledger verifies/);
    expect(result.code).toBe(0);
    expect((await groupA()).map((row) => row.phone_e164)).toEqual(["+34611000001", "+34611000002"]);
  });

  it("an edited wording (ConsentTextVersion.text): exit 1 at the first event citing it; the export leaves its contacts out", async () => {
    const wording = await app.db.consentTextVersion.findFirstOrThrow({ where: { shop: SHOP, text: TEXT } });
    const firstCiting = await app.db.consentEvent.findFirstOrThrow({
      where: { shop: SHOP, consentTextId: wording.id },
      orderBy: { seq: "asc" },
    });
    await app.db.consentTextVersion.update({
      where: { id: wording.id },
      data: { text: "Yes, send me Demo Coffee offers on WhatsApp, SMS and email." },
    });
    try {
      const result = await cli("verify-ledger", "--shop", SHOP);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        `LEDGER BROKEN at event #${firstCiting.seq} (${firstCiting.id}): consent_text_altered [${wording.id}]`,
      );
      expect(await groupA()).toEqual([]);
    } finally {
      await app.db.consentTextVersion.update({ where: { id: wording.id }, data: { text: TEXT } });
    }
  });

  it("a re-pointed wording (ConsentEvent.consentTextId): exit 1 naming the event; the export keeps the committed wording", async () => {
    const { event } = await groupAContact();
    const other = await app.db.consentTextVersion.findFirstOrThrow({
      where: { shop: SHOP, text: OTHER_WORDING },
    });
    await app.db.consentEvent.update({ where: { id: event.id }, data: { consentTextId: other.id } });
    try {
      const result = await cli("verify-ledger", "--shop", SHOP);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        `LEDGER BROKEN at event #${event.seq} (${event.id}): consent_text_mismatch [${other.id}]`,
      );
      const rows = await groupA();
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(row.consent_text).toBe(TEXT);
    } finally {
      await app.db.consentEvent.update({
        where: { id: event.id },
        data: { consentTextId: event.consentTextId },
      });
    }
  });

  it("a changed phone (Contact.phoneE164): exit 1 naming the deciding event and the contact; the export leaves it out", async () => {
    const { contact, event } = await groupAContact();
    await app.db.contact.update({ where: { id: contact.id }, data: { phoneE164: "+34699999999" } });
    try {
      const result = await cli("verify-ledger", "--shop", SHOP, "--json");
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout)).toMatchObject([
        {
          ok: false,
          firstBreak: { seq: event.seq, id: event.id, problem: "phone_mismatch", subject: contact.id },
        },
      ]);
      expect((await groupA()).map((row) => row.phone_e164)).not.toContain("+34699999999");
    } finally {
      await app.db.contact.update({ where: { id: contact.id }, data: { phoneE164: contact.phoneE164 } });
    }
    expect((await cli("verify-ledger", "--shop", SHOP)).code).toBe(0);
  });

  it("still verifies after customers/redact erased a Group A contact's phone and its events' details", async () => {
    await handleCustomerRedact(app.db, SHOP, {
      shop_domain: SHOP,
      customer: { id: null, email: null, phone: "+34611000001" },
    } as Parameters<typeof handleCustomerRedact>[2]);
    const redacted = await app.db.contact.findMany({ where: { shop: SHOP, redactedAt: { not: null } } });
    expect(redacted.length).toBeGreaterThan(0);
    for (const contact of redacted) expect(contact.phoneE164).toBeNull();
    const result = await cli("verify-ledger", "--shop", SHOP);
    expect(result.stdout).toMatch(/ledger verifies/);
    expect(result.code).toBe(0);
  });
});

describe("the chain head witnessed in the evidence pack", () => {
  it("detects the newest events deleted together with the recorded head, which the database alone cannot", async () => {
    const pack = path.join(dir, "pack.zip");
    const result = await writeEvidencePack(app.db, SHOP, createWriteStream(pack));
    expect(result.ledger.ok).toBe(true);
    expect(result.ledger.witness).toMatchObject({ shop: SHOP, seq: result.ledger.eventCount });
    expect((await cli("verify-ledger", "--witness", pack)).code).toBe(0);

    // Cut the two newest events and move the shop's recorded head back with them.
    const shop = await app.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    const kept = await app.db.consentEvent.findFirstOrThrow({
      where: { shop: SHOP, seq: shop.ledgerSeq - 2 },
    });
    await app.db.consentEvent.deleteMany({ where: { shop: SHOP, seq: { gt: kept.seq } } });
    await app.db.shop.update({
      where: { domain: SHOP },
      data: { ledgerSeq: kept.seq, ledgerHead: kept.hash },
    });

    expect((await cli("verify-ledger", "--shop", SHOP)).code).toBe(0);
    const witnessed = await cli("verify-ledger", "--witness", pack);
    expect(witnessed.code).toBe(1);
    expect(witnessed.stdout).toContain(
      `${SHOP}: LEDGER BROKEN at event #${shop.ledgerSeq}: witness_mismatch`,
    );

    // A head written by hand (not signed with the app's secret) proves nothing and is refused.
    const json = path.join(dir, "forged.json");
    const report = JSON.parse(JSON.stringify(result.ledger));
    report.witness.seq = kept.seq;
    report.witness.head = kept.hash;
    writeFileSync(json, JSON.stringify(report));
    const forged = await cli("verify-ledger", "--witness", json);
    expect(forged.code).toBe(2);
    expect(forged.stderr).toContain("not signed with this app's secret");
    expect(readFileSync(pack).length).toBeGreaterThan(0);
  });
});
