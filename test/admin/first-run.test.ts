/**
 * The overview's first-run checklist against the Admin API emulator and a
 * migrated database: every step is answered from data. Wording counts once
 * saved and published to the metafield the storefront reads; the storefront
 * step reads the published theme's files (read_themes) or recorded opt-ins;
 * checkout is "not known yet" until a checkout opt-in arrives; a test opt-in
 * is never the first opt-in; without the Admin API nothing is claimed done.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FirstRunStep } from "../../app/admin/first-run.server";
import { recordCapturedConsent } from "../../app/capture/record-consent.server";
import { sendTestOptIn } from "../../app/http/test-opt-in.server";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as overview from "../../app/routes/app._index";
import * as texts from "../../app/routes/app.consent-texts";
import { type AdminEmulator, startAdminEmulator } from "../../tools/admin-emulator/server";
import { writeThemeFile } from "../../tools/admin-emulator/themes";
import { loadTestApp, TEST_API_KEY, TEST_API_SECRET, TEST_SHOP } from "../helpers/app";

const TOKEN = "shpat_first_run_test";
const WORDING =
  "Send me offers and news from Acme Coffee on WhatsApp. Reply STOP to unsubscribe at any time.";
const LATER =
  "Yes, I want WhatsApp marketing messages from Acme Coffee (offers and news). Reply STOP to stop.";
const EMBED = `shopify://apps/whatsapp-consent/blocks/whatsapp-optin-embed/${randomUUID()}`;

let emulator: AdminEmulator;
let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  emulator = await startAdminEmulator({
    apiSecret: "emulator-secret",
    shops: [{ domain: TEST_SHOP, accessToken: TOKEN }],
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

async function checklist(): Promise<Record<FirstRunStep["id"], FirstRunStep>> {
  const data = await overview.loader({
    request: new Request("http://localhost/app"),
    params: {},
    context: {},
  });
  return Object.fromEntries(data.firstRun.map((step) => [step.id, step])) as Record<
    FirstRunStep["id"],
    FirstRunStep
  >;
}
const states = async () =>
  Object.fromEntries(Object.values(await checklist()).map((step) => [step.id, step.state]));

async function saveWording(text: string) {
  const body = new URLSearchParams({ intent: "text", placement: "storefront", text });
  const response = (await texts.action({
    request: new Request("http://localhost/app/consent-texts", { method: "POST", body }),
    params: {},
    context: {},
  })) as Response;
  expect(response.status).toBe(200);
}

const capture = (sourceKind: "storefront_embed" | "checkout", phone: string) =>
  recordCapturedConsent(app.db, {
    shop: TEST_SHOP,
    clientEventId: randomUUID(),
    action: "opt_in",
    phone,
    consentText: WORDING,
    sourceKind,
    sourceDetail: sourceKind === "checkout" ? "checkout:abc" : "https://acme.example/#embed",
    captureMethod: "checkbox",
  });

describe("first-run checklist", () => {
  it("starts with wording and theme to do, checkout not known, no opt-in", async () => {
    const steps = await checklist();
    expect(Object.values(steps).map((step) => [step.id, step.state])).toEqual([
      ["wording", "todo"],
      ["storefront", "todo"],
      ["checkout", "unknown"],
      ["first_opt_in", "todo"],
    ]);
    expect(steps.storefront).toMatchObject({ seenBy: "theme", embedOn: false, blockIn: [] });
    expect(steps.storefront.nextUrl).toContain(`activateAppId=${TEST_API_KEY}/whatsapp-optin-embed`);
  });

  it("counts wording only once the store shows what the app saved", async () => {
    await saveWording(WORDING);
    expect((await checklist()).wording).toMatchObject({ state: "done", saved: true, published: true });
    // Saved in the database but never published: the storefront still shows the old version.
    expect(await setConsentTextInUse(app.db, TEST_SHOP, "storefront", LATER)).toMatchObject({ ok: true });
    expect((await checklist()).wording).toMatchObject({ state: "todo", saved: true, published: false });
    await saveWording(WORDING);
    expect((await checklist()).wording.state).toBe("done");
  });

  it("sees the app embed switched on in the published theme's settings", async () => {
    const shop = emulator.store.requireShop(TEST_SHOP);
    writeThemeFile(shop, "config/settings_data.json", {
      current: { blocks: { optin: { type: EMBED, disabled: true } } },
    });
    expect((await checklist()).storefront).toMatchObject({ state: "todo", embedOn: false });
    writeThemeFile(shop, "config/settings_data.json", {
      current: { blocks: { optin: { type: EMBED, disabled: false } } },
    });
    expect((await checklist()).storefront).toMatchObject({ state: "done", seenBy: "theme", embedOn: true });
  });

  it("does not take a test opt-in for the first opt-in, and takes a shopper's", async () => {
    const test = await sendTestOptIn(app.db, TEST_SHOP, { apiSecret: TEST_API_SECRET });
    expect(test.ok).toBe(true);
    expect((await checklist()).first_opt_in).toMatchObject({ state: "todo", at: null });
    expect((await capture("storefront_embed", "+34 612 345 678")).status).toBe("recorded");
    const first = await app.db.consentEvent.findFirstOrThrow({
      where: { shop: TEST_SHOP, sourceKind: "storefront_embed" },
    });
    const steps = await checklist();
    expect(steps.first_opt_in).toMatchObject({ state: "done", at: first.recordedAt.toISOString() });
    expect(steps.storefront).toMatchObject({ state: "done", seenBy: "events" });
  });

  it("marks checkout done from a recorded checkout opt-in only", async () => {
    expect((await states()).checkout).toBe("unknown");
    expect(await setConsentTextInUse(app.db, TEST_SHOP, "checkout", WORDING)).toMatchObject({ ok: true });
    expect((await capture("checkout", "+34 612 345 679")).status).toBe("recorded");
    expect((await states()).checkout).toBe("done");
  });

  it("claims nothing it cannot read: without the Admin API, wording and theme are not known", async () => {
    // The shop's events go too (this is the test's own ledger): otherwise they alone would answer.
    await app.db.consentEvent.deleteMany({ where: { shop: TEST_SHOP } });
    await app.db.session.deleteMany({ where: { shop: TEST_SHOP } });
    const steps = await checklist();
    expect([steps.wording.state, steps.storefront.state]).toEqual(["unknown", "unknown"]);
    expect(steps.storefront).toMatchObject({ seenBy: null });
  });
});
