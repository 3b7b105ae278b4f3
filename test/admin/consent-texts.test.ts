/**
 * The consent texts page against a real migrated SQLite database: what the
 * loader shows (versions, where they were shown, contacts per version) and
 * what the form's action saves or refuses.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordCapturedConsent } from "../../app/capture/record-consent.server";
import * as route from "../../app/routes/app.consent-texts";
import { loadTestApp } from "../helpers/app";

const SHOP = "texts-coffee.myshopify.com";
const OLD_TEXT = "Yes, send me Texts Coffee offers on WhatsApp. Reply STOP to unsubscribe at any time.";
const NEW_TEXT = "Send me news and offers from Texts Coffee on WhatsApp. Reply STOP to stop.";
let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  app = await loadTestApp({ NODE_ENV: "test", DEMO_MODE: "1", DEMO_SHOP: SHOP });
});
afterAll(() => app.cleanup());

async function load() {
  const data = await route.loader({
    request: new Request("http://localhost/app/consent-texts"),
    params: {},
    context: {},
  });
  return data;
}

async function post(fields: Record<string, string>) {
  const body = new URLSearchParams(fields);
  const response = (await route.action({
    request: new Request("http://localhost/app/consent-texts", { method: "POST", body }),
    params: {},
    context: {},
  })) as Response;
  return {
    status: response.status,
    body: (await response.json()) as import("../../app/routes/app.consent-texts").ConsentTextActionData,
  };
}

async function capture(phone: string, text: string) {
  const outcome = await recordCapturedConsent(app.db, {
    shop: SHOP,
    clientEventId: randomUUID(),
    action: "opt_in",
    phone,
    consentText: text,
    sourceKind: "storefront_block",
    sourceDetail: "https://texts.example/pages/wa#b1",
    captureMethod: "checkbox",
  });
  expect(outcome.status).toBe("recorded");
}

describe("consent texts page", () => {
  it("refuses any text until the brand name is set, then lets the merchant set it once", async () => {
    await app.db.shop.create({ data: { domain: SHOP } });
    const refused = await post({ intent: "text", placement: "storefront", text: OLD_TEXT });
    expect(refused.status).toBe(422);
    expect(refused.body.problems?.map((problem) => problem.code)).toContain("TEXT_MISSING_BRAND");
    expect(await app.db.consentTextVersion.count({ where: { shop: SHOP } })).toBe(0);

    expect((await post({ intent: "brand", brandName: "  " })).status).toBe(400);
    const brand = await post({ intent: "brand", brandName: "Texts Coffee" });
    expect(brand).toMatchObject({ status: 200, body: { form: "brand", saved: true } });
    expect((await app.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).brandName).toBe("Texts Coffee");
    const again = await post({ intent: "brand", brandName: "Other Brand" });
    expect(again.status).toBe(422);
    expect((await app.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).brandName).toBe("Texts Coffee");
  });

  it("shows every version with where it was shown and how many contacts agreed to it", async () => {
    expect((await post({ intent: "text", placement: "storefront", text: OLD_TEXT })).status).toBe(200);
    await capture("+34 611 100 001", OLD_TEXT);
    await capture("+34 611 100 002", OLD_TEXT);
    await capture("+34 611 100 002", OLD_TEXT); // same contact twice: counted once
    const data = await load();
    expect(data.brandName).toBe("Texts Coffee");
    expect(data.inUse).toEqual({ storefront: OLD_TEXT, checkout: "" });
    expect(data.texts).toHaveLength(1);
    const [version] = data.texts;
    expect(version).toMatchObject({ text: OLD_TEXT, contacts: 2, inUseAt: ["storefront"], acceptable: true });
    expect(version?.placements.map((placement) => [placement.sourceKind, placement.location]).sort()).toEqual(
      [
        ["storefront", ""],
        ["storefront_block", "https://texts.example/pages/wa#b1"],
      ],
    );
    expect(version?.findings.map((finding) => finding.code)).toContain("NAMES_WHATSAPP");
  });

  it("refuses wording without WhatsApp or without the brand with 422 and stores nothing", async () => {
    const before = await app.db.consentTextVersion.findMany({ where: { shop: SHOP } });
    const noWhatsApp = await post({
      intent: "text",
      placement: "storefront",
      text: "Send me Texts Coffee offers by message. Reply STOP to stop.",
    });
    expect(noWhatsApp.status).toBe(422);
    expect(noWhatsApp.body).toMatchObject({ form: "storefront" });
    expect(noWhatsApp.body.problems?.map((problem) => problem.code)).toContain("TEXT_MISSING_WHATSAPP");
    const noBrand = await post({
      intent: "text",
      placement: "checkout",
      text: "Send me offers on WhatsApp. Reply STOP to stop.",
    });
    expect(noBrand.status).toBe(422);
    expect(noBrand.body.problems?.map((problem) => problem.code)).toEqual(["TEXT_MISSING_BRAND"]);
    expect(await app.db.consentTextVersion.findMany({ where: { shop: SHOP } })).toEqual(before);
    const empty = await post({ intent: "text", placement: "checkout", text: "   " });
    expect(empty.status).toBe(400);
    expect(empty.body.errors?.text).toBeTruthy();
    expect((await post({ intent: "text", placement: "banner", text: NEW_TEXT })).status).toBe(400);
  });

  it("accepts good wording and the text in use changes; the old version stays with its history", async () => {
    const saved = await post({ intent: "text", placement: "storefront", text: NEW_TEXT });
    expect(saved).toMatchObject({ status: 200, body: { form: "storefront", saved: true } });
    expect((await post({ intent: "text", placement: "checkout", text: NEW_TEXT })).status).toBe(200);
    const data = await load();
    expect(data.inUse).toEqual({ storefront: NEW_TEXT, checkout: NEW_TEXT });
    const old = data.texts.find((text) => text.text === OLD_TEXT);
    expect(old).toMatchObject({ inUseAt: [], contacts: 2 });
    expect(data.texts.find((text) => text.text === NEW_TEXT)?.inUseAt).toEqual(["checkout", "storefront"]);
    // The storefront accepts the retired wording for the grace period only (pages loaded before the change).
    const submitOld = (phone: string) =>
      recordCapturedConsent(app.db, {
        shop: SHOP,
        clientEventId: randomUUID(),
        action: "opt_in",
        phone,
        consentText: OLD_TEXT,
        sourceKind: "storefront_block",
        sourceDetail: "https://texts.example/pages/wa#b1",
        captureMethod: "checkbox",
      });
    expect(await submitOld("+34 611 100 003")).toMatchObject({ status: "recorded" });
    for (const row of await app.db.consentTextPlacement.findMany({
      where: { location: "", text: { shop: SHOP } },
    }))
      await app.db.consentTextPlacement.update({
        where: { id: row.id },
        data: { lastSeenAt: new Date(row.lastSeenAt.getTime() - 25 * 3600_000) },
      });
    expect(await submitOld("+34 611 100 004")).toMatchObject({
      status: "rejected",
      problem: { kind: "unprocessable" },
    });
  });

  it("saves wording per language, judged in that language, and names the languages missing a placement", async () => {
    const spanish = "Quiero recibir ofertas de Texts Coffee por WhatsApp. Responde STOP para darte de baja.";
    const english = await post({ intent: "text", placement: "storefront", locale: "es", text: NEW_TEXT });
    expect(english).toMatchObject({ status: 422, body: { form: "language" } });
    expect(english.body.problems?.[0]?.message).toMatch(/not in the language it is saved for/);
    const unknown = await post({ intent: "text", placement: "storefront", locale: "nl", text: spanish });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.locale).toBe("Choose one of the listed languages.");
    const dutch = "Ja, stuur mij aanbiedingen van Texts Coffee via WhatsApp. Antwoord STOP om te stoppen.";
    const unsupported = await post({ intent: "text", placement: "storefront", locale: "es", text: dutch });
    expect(unsupported.body.problems?.map((problem) => problem.code)).toEqual(["TEXT_UNSUPPORTED_LANGUAGE"]);

    const saved = await post({ intent: "text", placement: "storefront", locale: "es", text: spanish });
    expect(saved).toMatchObject({ status: 200, body: { form: "language", saved: true } });
    const data = await load();
    expect(data.inUse).toEqual({ storefront: NEW_TEXT, checkout: NEW_TEXT });
    expect(data.languages).toEqual([{ language: "es", storefront: spanish, checkout: "" }]);
    expect(data.languageNotices).toEqual([
      "No Spanish wording for the checkout: Spanish-speaking shoppers see the main wording there.",
    ]);
    expect(data.texts.find((text) => text.text === spanish)).toMatchObject({
      language: "es",
      inUseAt: ["storefront:es"],
    });

    expect((await post({ intent: "text", placement: "checkout", locale: "es", text: spanish })).status).toBe(
      200,
    );
    expect((await load()).languageNotices).toEqual([]);
  });
});
