/**
 * The capture setup page against a real migrated SQLite database: a capture
 * point is live once it has recorded consent, quiet when it has not lately,
 * and the deep links name blocks that exist in the theme app extension.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureStatus, THEME_BLOCK_HANDLE, THEME_EMBED_HANDLE } from "../../app/admin/capture-status.server";
import { recordCapturedConsent } from "../../app/capture/record-consent.server";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as route from "../../app/routes/app.capture";
import { loadTestApp, TEST_API_KEY } from "../helpers/app";

const SHOP = "capture-coffee.myshopify.com";
const STOREFRONT = "Yes, send me Capture Coffee offers on WhatsApp. Reply STOP to unsubscribe at any time.";
const CHECKOUT = "Send me Capture Coffee news and offers on WhatsApp. Reply STOP to stop.";
let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  app = await loadTestApp({ NODE_ENV: "test", DEMO_MODE: "1", DEMO_SHOP: SHOP });
  await app.db.shop.create({ data: { domain: SHOP, brandName: "Capture Coffee", defaultCountry: "ES" } });
});
afterAll(() => app.cleanup());

const load = () =>
  route.loader({ request: new Request("http://localhost/app/capture"), params: {}, context: {} });

const stateOf = (data: Pick<Awaited<ReturnType<typeof load>>, "points">) =>
  Object.fromEntries(data.points.map((point) => [point.point, point.state]));

async function capture(sourceKind: "storefront_block" | "checkout", text: string) {
  const outcome = await recordCapturedConsent(app.db, {
    shop: SHOP,
    clientEventId: randomUUID(),
    action: "opt_in",
    phone: `+34 611 200 ${String(Math.floor(Math.random() * 900) + 100)}`,
    consentText: text,
    sourceKind,
    sourceDetail: sourceKind === "checkout" ? "checkout:abc" : "https://capture.example/#b1",
    captureMethod: "checkbox",
  });
  expect(outcome.status).toBe("recorded");
}

describe("capture setup page", () => {
  it("says nothing is live before any capture point recorded an event", async () => {
    const data = await load();
    expect(data.anyLive).toBe(false);
    expect(stateOf(data)).toEqual({
      storefront_embed: "not_seen",
      storefront_block: "not_seen",
      checkout: "not_seen",
      thank_you: "not_seen",
    });
    expect(data.points.every((point) => point.textConfigured === false && point.events === 0)).toBe(true);
  });

  it("marks each point live from its latest event, and quiet once that is older than 30 days", async () => {
    expect(await setConsentTextInUse(app.db, SHOP, "storefront", STOREFRONT)).toMatchObject({ ok: true });
    expect(await setConsentTextInUse(app.db, SHOP, "checkout", CHECKOUT)).toMatchObject({ ok: true });
    await capture("storefront_block", STOREFRONT);
    await capture("storefront_block", STOREFRONT);
    await capture("checkout", CHECKOUT);
    const data = await load();
    expect(data.anyLive).toBe(true);
    expect(stateOf(data)).toEqual({
      storefront_embed: "not_seen",
      storefront_block: "live",
      checkout: "live",
      thank_you: "not_seen",
    });
    const block = data.points.find((point) => point.point === "storefront_block");
    expect(block).toMatchObject({ events: 2, textConfigured: true });
    const latest = await app.db.consentEvent.findFirstOrThrow({
      where: { shop: SHOP, sourceKind: "storefront_block" },
      orderBy: { recordedAt: "desc" },
    });
    expect(block?.lastEventAt).toBe(latest.recordedAt.toISOString());

    const later = await captureStatus(app.db, SHOP, {
      apiKey: TEST_API_KEY,
      appUrl: "https://app.example.test",
      now: new Date(Date.now() + 31 * 24 * 60 * 60 * 1000),
    });
    expect(later.anyLive).toBe(false);
    expect(stateOf(later).storefront_block).toBe("quiet");
  });

  it("links to the theme and checkout editors with this app's key and existing block handles", async () => {
    const data = await load();
    const link = (point: string) => data.points.find((entry) => entry.point === point)?.setupUrl;
    expect(link("storefront_embed")).toBe(
      `https://${SHOP}/admin/themes/current/editor?context=apps&activateAppId=${TEST_API_KEY}/whatsapp-optin-embed`,
    );
    expect(link("storefront_block")).toBe(
      `https://${SHOP}/admin/themes/current/editor?template=index&addAppBlockId=${TEST_API_KEY}/whatsapp-optin&target=newAppsSection`,
    );
    expect(link("checkout")).toBe(`https://${SHOP}/admin/settings/checkout/editor`);
    for (const handle of [THEME_BLOCK_HANDLE, THEME_EMBED_HANDLE]) {
      expect(existsSync(`extensions/whatsapp-optin/blocks/${handle}.liquid`)).toBe(true);
    }
  });

  it("shows the double opt-in settings and the inbound webhook URLs, never the secrets", async () => {
    expect((await load()).doubleOptIn).toMatchObject({
      enabled: false,
      whatsappNumber: null,
      inboundSecretSet: false,
    });
    await app.db.shop.update({
      where: { domain: SHOP },
      data: { doubleOptIn: true, whatsappNumber: "+34600000000", inboundSecret: "s3cret-value" },
    });
    const { doubleOptIn } = await load();
    expect(doubleOptIn).toMatchObject({
      enabled: true,
      whatsappNumber: "+34600000000",
      inboundSecretSet: true,
      metaAppSecretSet: false,
      inboundUrl: `https://app.example.test/whatsapp/inbound?shop=${SHOP}`,
      metaUrl: `https://app.example.test/whatsapp/meta?shop=${SHOP}`,
    });
    expect(JSON.stringify(await load())).not.toContain("s3cret-value");
  });
});
