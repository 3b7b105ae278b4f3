import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordCapturedConsent } from "../../app/capture/record-consent.server";
import { GROUP_A_COLUMNS } from "../../app/consent/clean-export";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as route from "../../app/routes/app.export.group-a";
import { applySnapshots } from "../../app/sync/apply-snapshots.server";
import { loadTestApp } from "../helpers/app";
import { readCsvText } from "../helpers/cli";

const SHOP = "demo-coffee.myshopify.com";
const TEXT = "Yes, send me Demo Coffee offers on WhatsApp. Reply STOP to unsubscribe at any time.";
let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  // Demo sign-in (allowed outside production) stands in for the Shopify admin session.
  app = await loadTestApp({
    NODE_ENV: "test",
    DEMO_MODE: "1",
    DEMO_SHOP: SHOP,
    RATE_LIMIT_PER_CLIENT: "1000",
  });
  await app.db.shop.create({ data: { domain: SHOP, brandName: "Demo Coffee", defaultCountry: "ES" } });
  await setConsentTextInUse(app.db, SHOP, "storefront", TEXT);
  const capture = (phone: string, action: "opt_in" | "opt_out" = "opt_in") =>
    recordCapturedConsent(app.db, {
      shop: SHOP,
      clientEventId: randomUUID(),
      action,
      phone,
      consentText: TEXT,
      sourceKind: "storefront_block",
      sourceDetail: "https://demo.example/pages/wa#b1",
      captureMethod: "checkbox",
    });
  for (const phone of ["+34 611 000 001", "+34 611 000 002", "+34 611 000 003"]) await capture(phone);
  await capture("+34 611 000 003", "opt_out");
  await applySnapshots(app.db, SHOP, [
    {
      customerId: "1",
      firstName: "Sms",
      lastName: "Only",
      email: "sms@example.com",
      phone: "+34611000004",
      country: "ES",
      updatedAt: new Date(),
      consent: {
        email: null,
        whatsapp: null,
        sms: { state: "SUBSCRIBED", optInLevel: "SINGLE_OPT_IN", updatedAt: new Date(), collectedFrom: null },
      },
    },
    {
      customerId: "2",
      firstName: "Shopify",
      lastName: "Says yes",
      email: "wa@example.com",
      phone: "+34611000005",
      country: "ES",
      updatedAt: new Date(),
      consent: {
        email: null,
        sms: null,
        whatsapp: {
          state: "SUBSCRIBED",
          optInLevel: "SINGLE_OPT_IN",
          updatedAt: new Date(),
          collectedFrom: "OTHER",
        },
      },
    },
  ]);
});
afterAll(() => app.cleanup());

async function download(query = "") {
  const response = await route.loader({
    request: new Request(`http://localhost/app/export/group-a${query}`),
    params: {},
    context: {},
  });
  return { response, body: await response.text() };
}

describe("one-click Group A export", () => {
  it("downloads exactly the exportable contacts, with their evidence, and logs the export", async () => {
    const { response, body } = await download();
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toMatch(
      /attachment; filename="whatsapp-group-a-demo-coffee-/,
    );
    expect(body.split("\r\n")[0]).toBe(GROUP_A_COLUMNS.join(","));
    const rows = readCsvText(body);
    const exportable = await app.db.contact.findMany({
      where: { shop: SHOP, segment: "whatsapp_substantiated", reasons: "" },
      select: { phoneE164: true },
    });
    expect(rows.map((row) => row.phone_e164).sort()).toEqual(
      exportable.map((contact) => contact.phoneE164).sort(),
    );
    expect(rows.map((row) => row.phone_e164).sort()).toEqual(["+34611000001", "+34611000002"]);
    for (const row of rows) {
      expect(row).toMatchObject({ consent_text: TEXT, opt_in_method: "checkbox", opt_in_level: "single" });
      expect(row.opt_in_source).toBe("storefront_block: https://demo.example/pages/wa#b1");
      expect(row.consent_text_sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(Number.isNaN(Date.parse(row.opt_in_at ?? ""))).toBe(false);
    }
    const log = await app.db.exportLog.findFirstOrThrow({
      where: { shop: SHOP },
      orderBy: { createdAt: "desc" },
    });
    expect(log).toMatchObject({ kind: "group_a", rows: 2, options: "with_names" });
    expect(log.sha256).toBe(createHash("sha256").update(body).digest("hex"));
  });

  it("leaves names and emails out on request", async () => {
    await app.db.contact.updateMany({
      where: { shop: SHOP, phoneE164: "+34611000001" },
      data: { firstName: "Lucía", email: "lucia@example.com" },
    });
    const withNames = readCsvText((await download()).body);
    expect(withNames.find((row) => row.phone_e164 === "+34611000001")).toMatchObject({ first_name: "Lucía" });
    const without = readCsvText((await download("?names=0")).body);
    expect(without.every((row) => row.first_name === "" && row.email === "")).toBe(true);
    expect((await download("?names=yes")).response.status).toBe(400);
  });
});
