/**
 * The storefront block in headless Chromium posting, through a stand-in for
 * Shopify's App Proxy that signs each request as Shopify does, to the app's
 * real /proxy/optin route and database.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { manuallySignedProxyRequest } from "../../tools/support/app-proxy";
import { launchChromium } from "../../tools/support/storefront-browser";
import { loadTestApp, TEST_SHOP } from "../helpers/app";
import {
  countFetches,
  DEFAULT_CONTEXT,
  DEFAULT_WORDING,
  proxyDrained,
  renderPage,
  type Storefront,
  startStorefront,
} from "../helpers/storefront";
import { callAction } from "../helpers/webhooks";

let app: Awaited<ReturnType<typeof loadTestApp>>;
let browser: Browser;
let store: Storefront;
/** The wording the storefront renders from the app's metafield (the default storefront's). */
const CONSENT = DEFAULT_WORDING;

beforeAll(async () => {
  app = await loadTestApp({ RATE_LIMIT_PER_CLIENT: "1000" });
  const optin = await import("../../app/routes/proxy.optin");
  const { setConsentTextInUse } = await import("../../app/ledger/consent-texts.server");
  await app.db.shop.create({
    data: { domain: TEST_SHOP, brandName: DEFAULT_CONTEXT.shopName, defaultCountry: "ES" },
  });
  // The merchant's configured wording, which the page renders from the app's metafield.
  expect(await setConsentTextInUse(app.db, TEST_SHOP, "storefront", CONSENT)).toMatchObject({ ok: true });
  browser = await launchChromium();
  store = await startStorefront(async (path, jsonBody) => {
    const appPath = path.replace("/apps/whatsapp-consent", "/proxy");
    const request = manuallySignedProxyRequest(appPath, jsonBody, Math.floor(Date.now() / 1000));
    const response = await callAction(optin.action, request);
    return { status: response.status, body: await response.json() };
  });
  store.setPage("/block", await renderPage({ blocks: [{ name: "whatsapp-optin", id: "BLOCK1" }] }));
});
beforeEach(() => {
  store.proxyAnswers.length = 0;
});
afterAll(async () => {
  await browser?.close();
  await store?.close();
  await app?.cleanup();
});

async function openBlock(): Promise<Page> {
  const context = await browser.newContext();
  await countFetches(context);
  const page = await context.newPage();
  await page.goto(`${store.url}/block`);
  return page;
}

const events = () =>
  app.db.consentEvent.findMany({ where: { shop: TEST_SHOP }, include: { consentText: true } });

describe("storefront opt-in into the app", () => {
  it("tick and submit: success is shown and one event holds the exact text shown, the source and the time", async () => {
    const page = await openBlock();
    const shownText = await page.locator('[data-wa="label"]').textContent();
    await page.locator('[data-wa="phone"]').fill("612 34 56 78");
    await page.locator('[data-wa="box"]').check();
    const before = Date.now();
    await page.locator('[data-wa="submit"]').click();
    await expect
      .poll(async () => (await page.getByRole("status").textContent())?.trim().length ?? 0)
      .toBeGreaterThan(0);
    const stored = await events();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.consentText?.text).toBe(shownText?.trim());
    expect(stored[0]).toMatchObject({ sourceKind: "storefront_block", action: "opt_in" });
    expect(stored[0]?.sourceDetail).toContain("#BLOCK1");
    expect(stored[0]?.occurredAt?.getTime()).toBeGreaterThanOrEqual(before - 2000);
    const contact = await app.db.contact.findFirstOrThrow({
      where: { shop: TEST_SHOP, phoneE164: "+34612345678" },
    });
    expect(contact.segment).toBe("whatsapp_substantiated");
  });

  it("an unticked submit stores no opt-in; a double click stores one event", async () => {
    const before = (await events()).length;
    const page = await openBlock();
    await page.locator('[data-wa="phone"]').fill("622 33 44 55");
    await page.locator('[data-wa="submit"]').click();
    // The refusal is shown by the same submit handler that would have sent the
    // request; once every request the page started has been answered (the
    // route ran to its end), the database holds all it will ever get from it.
    await expect.poll(async () => (await page.getByRole("alert").textContent())?.trim() ?? "").not.toBe("");
    expect(await proxyDrained(page, store)).toBe(0);
    expect((await events()).length).toBe(before);
    await page.locator('[data-wa="box"]').check();
    await page.locator('[data-wa="submit"]').dblclick();
    await expect.poll(async () => (await events()).length).toBe(before + 1);
    await expect.poll(async () => (await page.getByRole("status").textContent())?.trim() ?? "").not.toBe("");
    await proxyDrained(page, store);
    expect((await events()).length).toBe(before + 1);
  });
});
