/**
 * One source of truth for the consent wording: the merchant saves it in the
 * app (the consent texts page's action), the app publishes it with
 * metafieldsSet to the Admin API emulator, the theme block is rendered with
 * liquidjs from the app-data metafield the app wrote (no wording typed in the
 * theme), and the shopper's opt-in goes through the App Proxy route, signed
 * as Shopify signs it. The event records the version shown and the locale.
 * After a change, the previous wording is accepted for the grace period and
 * recorded as itself; after it, refused. Wording saved for a language is
 * what that language's storefront shows (a regional locale finds its
 * language); other languages fall back to the main wording, and the admin
 * names what is missing.
 */
import { randomUUID } from "node:crypto";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as texts from "../../app/routes/app.consent-texts";
import * as pack from "../../app/routes/app.export.evidence-pack";
import * as optin from "../../app/routes/proxy.optin";
import {
  appInstallationId,
  checkoutAppMetafields,
  findMetafield,
  liquidAppMetafields,
} from "../../tools/admin-emulator/metafields";
import { type AdminEmulator, startAdminEmulator } from "../../tools/admin-emulator/server";
import { signedProxyRequest } from "../../tools/support/app-proxy";
import { loadTestApp, TEST_SHOP } from "../helpers/app";
import { renderBlock } from "../helpers/storefront";
import { callAction } from "../helpers/webhooks";

const TOKEN = "shpat_wording_test";
const V1 = "Send me offers and news from Acme Coffee on WhatsApp. Reply STOP to unsubscribe at any time.";
const V2 = "Yes, I want WhatsApp marketing messages from Acme Coffee (offers and news). Reply STOP to stop.";
const V3 =
  "Acme Coffee may send me marketing messages on WhatsApp: offers and new arrivals. Reply STOP to end.";
const SPANISH =
  "Quiero recibir ofertas y novedades de Acme Coffee por WhatsApp. Responde STOP para darte de baja.";
const CHECKOUT =
  "Yes, send me Acme Coffee offers and news on WhatsApp. I can reply STOP to unsubscribe at any time.";

let emulator: AdminEmulator;
let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  emulator = await startAdminEmulator({
    apiSecret: "emulator-secret",
    shops: [
      {
        domain: TEST_SHOP,
        accessToken: TOKEN,
        // The languages the store sells in (shopLocales): German is added but not published yet.
        locales: [
          { locale: "en", name: "English", primary: true, published: true },
          { locale: "es", name: "Spanish", primary: false, published: true },
          { locale: "fr", name: "French", primary: false, published: true },
          { locale: "nl", name: "Dutch", primary: false, published: true },
          { locale: "de", name: "German", primary: false, published: false },
        ],
      },
    ],
    customerWebhooks: false,
  });
  app = await loadTestApp({
    NODE_ENV: "test",
    DEMO_MODE: "1",
    DEMO_SHOP: TEST_SHOP,
    SHOPIFY_ADMIN_API_ORIGIN: emulator.url,
    RATE_LIMIT_PER_CLIENT: "1000",
  });
  await app.db.shop.create({ data: { domain: TEST_SHOP, brandName: "Acme Coffee", defaultCountry: "ES" } });
  await app.db.session.create({
    data: { id: `offline_${TEST_SHOP}`, shop: TEST_SHOP, state: "", isOnline: false, accessToken: TOKEN },
  });
});
afterAll(async () => {
  await app?.cleanup();
  await emulator?.close();
});

/** The merchant saves wording on the consent texts page (for one language when `locale` is given). */
async function save(placement: "storefront" | "checkout", text: string, locale?: string) {
  const body = new URLSearchParams({ intent: "text", placement, text, ...(locale ? { locale } : {}) });
  const response = (await texts.action({
    request: new Request("http://localhost/app/consent-texts", { method: "POST", body }),
    params: {},
    context: {},
  })) as Response;
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const shopState = () => emulator.store.requireShop(TEST_SHOP);

const HTML_ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};
const decodeHtml = (html: string) =>
  html.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => HTML_ENTITIES[entity] ?? entity);

/** The storefront block as Shopify would render it now, from the metafields the app wrote. */
async function renderStorefront(locale = "en") {
  const { html } = await renderBlock(
    { name: "whatsapp-optin", id: "BLOCK1" },
    { appMetafields: liquidAppMetafields(shopState()), locale },
  );
  const label = /data-wa="label">([^<]*)<\/label>/.exec(html)?.[1];
  const version = /data-wording-version="([^"]*)"/.exec(html)?.[1];
  return { html, label: label === undefined ? undefined : decodeHtml(label), version };
}

/** The shopper ticks the box and submits: the block's JSON through the signed App Proxy. */
async function submit(consentText: string, phone: string, locale = "en") {
  const request = await signedProxyRequest("/proxy/optin", {
    eventId: randomUUID(),
    phone,
    consent: true,
    consentText,
    source: "storefront_block",
    blockId: "BLOCK1",
    pageUrl: "https://acme-coffee.example/pages/whatsapp",
    locale,
  });
  const response = await callAction(optin.action, request);
  return { status: response.status, body: (await response.json()) as { eventId?: string; error?: string } };
}

async function event(id: string | undefined) {
  const stored = await app.db.consentEvent.findUniqueOrThrow({ where: { id: String(id) } });
  return { ...stored, details: JSON.parse(stored.details ?? "{}") as Record<string, unknown> };
}

const versionOf = async (text: string) =>
  (await app.db.consentTextVersion.findFirstOrThrow({ where: { shop: TEST_SHOP, text } })).id;

describe("wording saved in the app is what the storefront shows and what the app accepts", () => {
  it("renders nothing for shoppers before any wording is saved", async () => {
    const { label, html } = await renderStorefront();
    expect(label).toBeUndefined();
    expect(html).not.toContain("data-wa-optin");
  });

  it("publishes the saved wording to the app installation and the shop with metafieldsSet", async () => {
    const saved = await save("storefront", V1);
    expect(saved).toMatchObject({ status: 200, body: { saved: true } });
    expect(saved.body.notPublished).toBeUndefined();
    const stored = findMetafield(shopState(), appInstallationId(shopState()), "$app", "consent_wording");
    expect(stored?.type).toBe("json");
    expect(JSON.parse(stored?.value ?? "{}")).toEqual({
      storefront: { text: V1, versionId: await versionOf(V1), language: "en" },
      checkout: null,
      locales: {},
    });
  });

  it("renders the block from the metafield; the opt-in is 201 and records that version and locale", async () => {
    const page = await renderStorefront("es");
    expect(page.label).toBe(V1);
    expect(page.version).toBe(await versionOf(V1));
    const answer = await submit(String(page.label), "+34 612 000 001", "es");
    expect(answer.status).toBe(201);
    const recorded = await event(answer.body.eventId);
    expect(recorded.consentTextId).toBe(page.version);
    expect(recorded.details.locale).toBe("es");
  });

  it("shows new wording on the next render once the merchant changes it", async () => {
    expect((await save("storefront", V2)).status).toBe(200);
    const page = await renderStorefront();
    expect(page.label).toBe(V2);
    expect(page.version).toBe(await versionOf(V2));
    const answer = await submit(V2, "+34 612 000 002");
    expect(answer.status).toBe(201);
    expect((await event(answer.body.eventId)).consentTextId).toBe(await versionOf(V2));
  });

  it("accepts the previous wording within the grace period and records it as that version", async () => {
    const answer = await submit(V1, "+34 612 000 003");
    expect(answer.status).toBe(201);
    expect((await event(answer.body.eventId)).consentTextId).toBe(await versionOf(V1));
  });

  it("saving the wording already in use does not restart the previous wording's grace period", async () => {
    const switched = await app.db.consentTextPlacement.findFirstOrThrow({
      where: { textId: await versionOf(V2), sourceKind: "storefront", location: "" },
    });
    expect((await save("storefront", V2)).status).toBe(200);
    const after = await app.db.consentTextPlacement.findFirstOrThrow({ where: { id: switched.id } });
    expect(after.lastSeenAt.getTime()).toBe(switched.lastSeenAt.getTime());
  });

  it("refuses the previous wording once the grace period (24 h) is over", async () => {
    // 25 hours pass: every switch so far moves back by that much.
    for (const row of await app.db.consentTextPlacement.findMany({
      where: { sourceKind: "storefront", location: "" },
    }))
      await app.db.consentTextPlacement.update({
        where: { id: row.id },
        data: { lastSeenAt: new Date(row.lastSeenAt.getTime() - 25 * 3600_000) },
      });
    const late = await submit(V1, "+34 612 000 004");
    expect(late.status).toBe(422);
    expect(late.body.error).toMatch(/not one this store shows/);
    expect((await submit(V2, "+34 612 000 005")).status).toBe(201);
  });

  it("accepts only the wording just before the current one: two changes back is refused at once", async () => {
    expect((await save("storefront", V3)).status).toBe(200);
    expect((await submit(V2, "+34 612 000 006")).status).toBe(201);
    expect((await submit(V1, "+34 612 000 007")).status).toBe(422);
    expect((await renderStorefront()).label).toBe(V3);
  });

  it("gives the checkout extension the checkout wording through the shop's app metafield", async () => {
    expect((await save("checkout", CHECKOUT)).status).toBe(200);
    const [entry] = checkoutAppMetafields(shopState(), [{ namespace: "$app", key: "consent_wording" }]);
    expect(entry?.target.type).toBe("shop");
    const value = JSON.parse(String(entry?.metafield.value)) as Record<string, { text: string } | null>;
    expect(value.checkout?.text).toBe(CHECKOUT);
    expect(value.storefront?.text).toBe(V3);
  });

  it("publishes wording saved for Spanish beside the main wording, judged in Spanish", async () => {
    expect((await save("storefront", V3, "es")).body.problems).toEqual([
      expect.objectContaining({ code: "WRONG_LANGUAGE" }),
    ]);
    expect((await save("storefront", SPANISH, "fr")).status).toBe(422);
    const saved = await save("storefront", SPANISH, "es");
    expect(saved).toMatchObject({ status: 200, body: { form: "language", saved: true } });
    const stored = findMetafield(shopState(), appInstallationId(shopState()), "$app", "consent_wording");
    const value = JSON.parse(stored?.value ?? "{}") as Record<string, unknown>;
    expect(value.locales).toEqual({
      es: {
        storefront: { text: SPANISH, versionId: await versionOf(SPANISH), language: "es" },
        checkout: null,
      },
    });
    expect((value.storefront as { text: string }).text).toBe(V3);
  });

  it("a Spanish storefront shows the Spanish wording; its opt-in is 201 with that version and locale es", async () => {
    const page = await renderStorefront("es");
    expect(page.label).toBe(SPANISH);
    const embed = async (locale: string) =>
      decodeHtml(
        (
          await renderBlock(
            { name: "whatsapp-optin-embed" },
            { appMetafields: liquidAppMetafields(shopState()), locale },
          )
        ).html,
      );
    expect(await embed("es")).toContain(SPANISH);
    expect(await embed("en")).toContain(V3);
    expect(await embed("en")).not.toContain(SPANISH);
    expect(page.version).toBe(await versionOf(SPANISH));
    const answer = await submit(String(page.label), "+34 612 000 010", "es");
    expect(answer.status).toBe(201);
    const recorded = await event(answer.body.eventId);
    expect(recorded.consentTextId).toBe(await versionOf(SPANISH));
    expect(recorded.details.locale).toBe("es");
    expect((await renderStorefront("en")).label).toBe(V3);
  });

  it("a locale without wording of its own falls back to the main wording, and the admin says so", async () => {
    const french = await renderStorefront("fr");
    expect(french.label).toBe(V3);
    expect(french.version).toBe(await versionOf(V3));
    expect((await submit(V3, "+34 612 000 011", "fr")).status).toBe(201);
    const page = await texts.loader({
      request: new Request("http://localhost/app/consent-texts"),
      params: {},
      context: {},
    });
    expect(page.languages).toEqual([{ language: "es", storefront: SPANISH, checkout: "" }]);
    expect(page.languageNotices).toEqual([
      "Your store sells in French, but no French wording is saved: those shoppers see the main wording.",
      "Your store sells in Dutch, which the consent check cannot read yet: those shoppers see the main wording.",
      "No Spanish wording for the checkout: Spanish-speaking shoppers see the main wording there.",
    ]);
  });

  it("keeps the grace period per language: the Spanish wording just replaced is still accepted", async () => {
    const newer =
      "Sí, quiero ofertas de Acme Coffee por WhatsApp (marketing). Responde STOP para no recibir más.";
    expect((await save("storefront", newer, "es")).status).toBe(200);
    expect((await renderStorefront("es")).label).toBe(newer);
    const late = await submit(SPANISH, "+34 612 000 012", "es");
    expect(late.status).toBe(201);
    expect((await event(late.body.eventId)).consentTextId).toBe(await versionOf(SPANISH));
    expect((await renderStorefront("en")).label).toBe(V3);
  });

  it("a regional locale (pt-BR) shows the wording saved for its language", async () => {
    const portuguese =
      "Quero receber ofertas e novidades da Acme Coffee pelo WhatsApp. Responda STOP para cancelar.";
    expect((await save("storefront", portuguese, "pt")).status).toBe(200);
    const page = await renderStorefront("pt-BR");
    expect(page.label).toBe(portuguese);
    expect((await submit(portuguese, "+34 612 000 013", "pt-BR")).status).toBe(201);
  });

  it("the evidence pack lists which version each placement shows, per language", async () => {
    const response = await pack.loader({
      request: new Request("http://localhost/app/export/evidence-pack"),
      params: {},
      context: {},
    });
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const name = Object.keys(files).find((file) => file.endsWith("consent-texts.md"));
    const markdown = strFromU8(files[String(name)] ?? new Uint8Array());
    const all = await app.db.consentTextVersion.findMany({
      where: { shop: TEST_SHOP },
      orderBy: { firstSeenAt: "asc" },
    });
    const number = (text: string) => `Version ${all.findIndex((row) => row.text === text) + 1}`;
    const spanishNow = all.find((row) => row.inUseAt === "storefront:es");
    expect(markdown).toContain("## Wording in use now, per language");
    expect(markdown).toContain(`| main (every other language) | ${number(V3)} | ${number(CHECKOUT)} |`);
    expect(markdown).toContain(`| es | ${number(String(spanishNow?.text))} | - |`);
    expect(markdown).toContain("- in use now at: storefront (locale es)");
  });
});
