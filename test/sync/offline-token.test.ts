/**
 * Background Admin calls use the shop's offline session as the library keeps
 * it: an expiring offline token (expiringOfflineAccessTokens) is refreshed
 * through Shopify's token endpoint (the emulator's) and stored before use.
 * With the stored token used as is, the emulator refuses it (401).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient } from "../../app/shopify/admin-client.server";
import { adminClientForShop } from "../../app/shopify/offline-admin.server";
import { type AdminEmulator, startAdminEmulator } from "../../tools/admin-emulator/server";
import { loadTestApp, TEST_API_KEY, TEST_API_SECRET, TEST_SHOP } from "../helpers/app";

const STALE = "shpat_expired";
/** Any Admin call will do; the app itself has no use for the shop's settings. */
const SHOP_QUERY = "query ShopDomain { shop { myshopifyDomain } }";
let emulator: AdminEmulator;
let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  emulator = await startAdminEmulator({
    apiSecret: TEST_API_SECRET,
    apiKey: TEST_API_KEY,
    shops: [
      {
        domain: TEST_SHOP,
        accessToken: STALE,
        accessTokenExpiresAt: new Date(Date.now() - 60_000),
        refreshToken: "shprt_first",
      },
    ],
  });
  app = await loadTestApp({ SHOPIFY_ADMIN_API_ORIGIN: emulator.url });
  await app.db.shop.create({ data: { domain: TEST_SHOP } });
  await app.db.session.create({
    data: {
      id: `offline_${TEST_SHOP}`,
      shop: TEST_SHOP,
      state: "",
      isOnline: false,
      accessToken: STALE,
      expires: new Date(Date.now() - 60_000),
      refreshToken: "shprt_first",
      refreshTokenExpires: new Date(Date.now() + 86_400_000),
    },
  });
});
afterAll(async () => {
  await emulator?.close();
  await app?.cleanup();
});

describe("the background Admin client", () => {
  it("refreshes an expired offline token, stores it, and Shopify accepts the call", async () => {
    const stale = adminClient({ shop: TEST_SHOP, accessToken: STALE, origin: emulator.url });
    await expect(stale.request(SHOP_QUERY)).rejects.toThrow(/HTTP 401/);

    const client = await adminClientForShop(TEST_SHOP);
    await expect(client.request(SHOP_QUERY)).resolves.toMatchObject({ shop: { myshopifyDomain: TEST_SHOP } });
    const stored = await app.db.session.findUniqueOrThrow({ where: { id: `offline_${TEST_SHOP}` } });
    const shop = emulator.store.requireShop(TEST_SHOP);
    expect(stored.accessToken).toBe(shop.accessToken);
    expect(stored.accessToken).not.toBe(STALE);
    expect(stored.refreshToken).toBe(shop.refreshToken);
    expect(stored.expires?.getTime()).toBeGreaterThan(Date.now());
  });

  it("reports a shop without an offline session instead of calling Shopify", async () => {
    await expect(adminClientForShop("not-installed.myshopify.com")).rejects.toThrow(/session/i);
  });
});
