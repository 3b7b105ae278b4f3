/**
 * Classifications follow the consent rules: a shop last judged under other
 * rules is judged again before anything is exported, so a contact whose
 * stored classification is stale never leaves in Group A.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordCapturedConsent } from "../../app/capture/record-consent.server";
import { CONSENT_RULES_VERSION } from "../../app/consent/rules-version";
import { ensureCurrentRules, refreshShopsUnderOlderRules } from "../../app/contacts/rules-refresh.server";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as route from "../../app/routes/app.export.group-a";
import { loadTestApp } from "../helpers/app";
import { readCsvText } from "../helpers/cli";

const SHOP = "rules-coffee.myshopify.com";
const TEXT = "Yes, send me Rules Coffee offers on WhatsApp. Reply STOP to unsubscribe at any time.";
let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  app = await loadTestApp({
    NODE_ENV: "test",
    DEMO_MODE: "1",
    DEMO_SHOP: SHOP,
    RATE_LIMIT_PER_CLIENT: "1000",
  });
  await app.db.shop.create({ data: { domain: SHOP, brandName: "Rules Coffee", defaultCountry: "ES" } });
  await setConsentTextInUse(app.db, SHOP, "storefront", TEXT);
  const capture = (phone: string, action: "opt_in" | "opt_out") =>
    recordCapturedConsent(app.db, {
      shop: SHOP,
      clientEventId: randomUUID(),
      action,
      phone,
      consentText: TEXT,
      sourceKind: "storefront_block",
      sourceDetail: "https://rules.example/pages/wa#b1",
      captureMethod: "checkbox",
    });
  await capture("+34 611 200 001", "opt_in");
  await capture("+34 611 200 002", "opt_in");
  await capture("+34 611 200 002", "opt_out");
});
afterAll(() => app.cleanup());

async function groupA() {
  const response = await route.loader({
    request: new Request("http://localhost/app/export/group-a"),
    params: {},
    context: {},
  });
  return readCsvText(await response.text()).map((row) => row.phone_e164);
}

describe("consent rules version", () => {
  it("is recorded with every classification", async () => {
    const contacts = await app.db.contact.findMany({ where: { shop: SHOP } });
    expect(contacts.length).toBe(2);
    for (const contact of contacts) expect(contact.rulesVersion).toBe(CONSENT_RULES_VERSION);
  });

  it("a shop judged under older rules is judged again before its export", async () => {
    // A classification made by older rules that exported the opted-out number.
    await app.db.contact.updateMany({
      where: { shop: SHOP, phoneE164: "+34611200002" },
      data: { segment: "whatsapp_substantiated", reasons: "", rulesVersion: "2026-11-01.1" },
    });
    await app.db.shop.update({ where: { domain: SHOP }, data: { rulesVersion: "2026-11-01.1" } });

    expect(await groupA()).toEqual(["+34611200001"]);
    const stale = await app.db.contact.findFirstOrThrow({ where: { shop: SHOP, phoneE164: "+34611200002" } });
    expect(stale).toMatchObject({ segment: "opted_out", rulesVersion: CONSENT_RULES_VERSION });
    expect((await app.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).rulesVersion).toBe(
      CONSENT_RULES_VERSION,
    );
  });

  it("a shop already judged under the current rules is left as it is", async () => {
    expect(await ensureCurrentRules(app.db, SHOP)).toBe(0);
    await app.db.shop.update({ where: { domain: SHOP }, data: { rulesVersion: "" } });
    expect(await ensureCurrentRules(app.db, SHOP)).toBe(2);
  });

  it("asked twice at once, judges the shop once: the second caller waits for the same run", async () => {
    await app.db.shop.update({ where: { domain: SHOP }, data: { rulesVersion: "" } });
    const first = ensureCurrentRules(app.db, SHOP);
    const second = ensureCurrentRules(app.db, SHOP);
    expect(second).toBe(first);
    expect(await second).toBe(2);
    expect(await ensureCurrentRules(app.db, SHOP)).toBe(0);
  });

  it("the job started with the server judges every installed shop under older rules, and only those", async () => {
    const current = "current-coffee.myshopify.com";
    const gone = "gone-rules-coffee.myshopify.com";
    await app.db.shop.create({ data: { domain: current, rulesVersion: CONSENT_RULES_VERSION } });
    await app.db.shop.create({
      data: { domain: gone, rulesVersion: "2026-11-01.1", uninstalledAt: new Date() },
    });
    await app.db.contact.updateMany({
      where: { shop: SHOP, phoneE164: "+34611200002" },
      data: { segment: "whatsapp_substantiated", reasons: "", rulesVersion: "2026-11-01.1" },
    });
    await app.db.shop.update({ where: { domain: SHOP }, data: { rulesVersion: "2026-11-01.1" } });
    expect(await refreshShopsUnderOlderRules(app.db)).toEqual([SHOP]);
    const stale = await app.db.contact.findFirstOrThrow({ where: { shop: SHOP, phoneE164: "+34611200002" } });
    expect(stale).toMatchObject({ segment: "opted_out", rulesVersion: CONSENT_RULES_VERSION });
    expect(await refreshShopsUnderOlderRules(app.db)).toEqual([]);
  });
});

describe("phones stored in the form WhatsApp does not use", () => {
  it("are rewritten in their WhatsApp form when the shop is judged again, so an opt-out in the other form stands for the line", async () => {
    const shop = "lines-coffee.myshopify.com";
    await app.db.shop.create({
      data: { domain: shop, brandName: "Rules Coffee", rulesVersion: "2026-12-03.6" },
    });
    const stored = {
      "old-ar": "+541143456789", // Argentina without the mobile 9
      "old-br": "+551181234567", // Brazil before the ninth digit
      "stop-ar": "+5491143456789", // WhatsApp's STOP, in WhatsApp's form
      landline: "+551131234567", // a Brazilian landline: one form only
      spain: "+34611200009",
    };
    for (const [id, phoneE164] of Object.entries(stored))
      await app.db.contact.create({
        data: {
          id: `lines-${id}`,
          shop,
          phoneRaw: phoneE164,
          phoneE164,
          segment: id === "stop-ar" ? "opted_out" : "whatsapp_substantiated",
        },
      });
    await ensureCurrentRules(app.db, shop);
    const phones = Object.fromEntries(
      (await app.db.contact.findMany({ where: { shop }, orderBy: { id: "asc" } })).map((contact) => [
        contact.id.replace("lines-", ""),
        contact.phoneE164,
      ]),
    );
    expect(phones).toEqual({
      "old-ar": "+5491143456789",
      "old-br": "+5511981234567",
      "stop-ar": "+5491143456789",
      landline: "+551131234567",
      spain: "+34611200009",
    });
    const optedIn = await app.db.contact.findUniqueOrThrow({ where: { id: "lines-old-ar" } });
    expect(optedIn.duplicateOfId).toBe("lines-stop-ar");
  });
});
