/**
 * The production build entered as a real store enters it: the Shopify admin
 * opens the app URL (the root) with a signed query and a session token
 * (`id_token`); the app sends it on to /app, where the library exchanges the
 * token for an offline access token at the Admin API emulator (the install),
 * stores the session and renders the admin. A merchant installing from
 * outside the admin uses the login page, which sends a valid shop on to
 * Shopify's install page and answers a bad domain with a clear 400.
 */
import { createHmac } from "node:crypto";
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liquidAppMetafields } from "../../tools/admin-emulator/metafields";
import { type AdminEmulator, startAdminEmulator } from "../../tools/admin-emulator/server";
import {
  CAPTURE_TEXT,
  type CaptureServer,
  freePort,
  prepareCaptureDatabase,
  startCaptureServer,
} from "../../tools/support/capture-server";
import { TEST_API_KEY, TEST_API_SECRET, TEST_SHOP } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const BROWSER = {
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0",
  "accept-encoding": "identity",
};
const FIRST_TOKEN = "shpat_before_install";
let emulator: AdminEmulator;
let database: TestDatabase;
let server: CaptureServer;

beforeAll(async () => {
  emulator = await startAdminEmulator({
    apiKey: TEST_API_KEY,
    apiSecret: TEST_API_SECRET,
    shops: [{ domain: TEST_SHOP, accessToken: FIRST_TOKEN }],
    customerWebhooks: false,
  });
  database = await createTestDatabase();
  // A reinstall: the shop's wording is saved in the app, the new installation has no metafields yet.
  await prepareCaptureDatabase(database.url);
  server = await startCaptureServer({
    databaseUrl: database.url,
    port: await freePort(),
    // The production build; NODE_ENV=test only because env validation keeps the emulator out of production.
    env: { NODE_ENV: "test", SHOPIFY_ADMIN_API_ORIGIN: emulator.url },
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await emulator?.close();
  await database?.cleanup();
});

/** The query the admin puts on the app URL: shop, host, embedded, id_token, … and its hmac (hex, sorted keys). */
async function adminQuery(secret = TEST_API_SECRET): Promise<URLSearchParams> {
  const signed = await setUpValidRequest(
    {
      type: RequestType.Admin,
      store: TEST_SHOP.replace(/\.myshopify\.com$/, ""),
      apiKey: TEST_API_KEY,
      apiSecretKey: secret,
    },
    new Request(`${server.url}/`),
  );
  const query = new URL(signed.url).searchParams;
  query.set("locale", "en");
  query.set("session", "a1b2c3");
  query.set("timestamp", String(Math.floor(Date.now() / 1000)));
  const message = [...query.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  query.set("hmac", createHmac("sha256", secret).update(message).digest("hex"));
  return query;
}

describe("the app URL, as the Shopify admin opens it", () => {
  it("goes on to /app with its query, installs by token exchange and renders the admin", async () => {
    const query = await adminQuery();
    const root = await fetch(`${server.url}/?${query}`, { headers: BROWSER, redirect: "manual" });
    expect(root.status).toBe(302);
    const next = new URL(root.headers.get("location") ?? "", server.url);
    expect(next.pathname).toBe("/app");
    expect(Object.fromEntries(next.searchParams)).toEqual(Object.fromEntries(query));

    const app = await fetch(next, { headers: BROWSER, redirect: "manual" });
    expect(app.status).toBe(200);
    const html = await app.text();
    expect(html).toContain('"routes/app._index"');
    expect(html).toContain(TEST_API_KEY);

    // The exchange issued a new offline token at the emulator, and the app stored exactly that one.
    const issued = emulator.store.requireShop(TEST_SHOP).accessToken;
    expect(issued).not.toBe(FIRST_TOKEN);
    const session = await database.db.session.findUnique({ where: { id: `offline_${TEST_SHOP}` } });
    expect(session?.accessToken).toBe(issued);
    expect(session?.refreshToken).toBe(emulator.store.requireShop(TEST_SHOP).refreshToken);
    expect(await database.db.shop.findUnique({ where: { domain: TEST_SHOP } })).not.toBeNull();
    // The install published the saved wording for the storefront to render.
    const wording = liquidAppMetafields(emulator.store.requireShop(TEST_SHOP)).$app?.consent_wording?.value;
    expect(wording).toMatchObject({ storefront: { text: CAPTURE_TEXT }, checkout: null });
  });

  it("does not render the admin for a session token signed with another secret", async () => {
    const query = await adminQuery("not-the-app-secret");
    const app = await fetch(`${server.url}/app?${query}`, { headers: BROWSER, redirect: "manual" });
    expect(app.status).not.toBe(200);
    expect(app.status).toBeLessThan(500);
  });

  it("keeps the landing page for visitors without a shop", async () => {
    const root = await fetch(`${server.url}/`, { headers: BROWSER, redirect: "manual" });
    expect(root.status).toBe(200);
    expect(await root.text()).toContain("/auth/login");
  });
});

describe("the login page (installs that start outside the admin)", () => {
  it("shows the shop-domain form instead of a 500", async () => {
    const page = await fetch(`${server.url}/auth/login`, { headers: BROWSER, redirect: "manual" });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="shop"');
  });

  it("sends a valid shop on to Shopify's install page for this app", async () => {
    const response = await fetch(`${server.url}/auth/login`, {
      method: "POST",
      headers: { ...BROWSER, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ shop: " Test-Shop " }),
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(
      `https://admin.shopify.com/store/test-shop/oauth/install?client_id=${TEST_API_KEY}`,
    );
  });

  it.each([
    ["a domain that is not a store", "shop.example.com"],
    ["junk", "<script>"],
    ["nothing", ""],
  ])("answers %s with 400 and says what to type", async (_, shop) => {
    const response = await fetch(`${server.url}/auth/login?_data=routes%2Fauth.login`, {
      method: "POST",
      headers: { ...BROWSER, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ shop }),
      redirect: "manual",
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/myshopify\.com/);
  });

  it("answers a post that is not a form with 400, not 500", async () => {
    const response = await fetch(`${server.url}/auth/login?_data=routes%2Fauth.login`, {
      method: "POST",
      headers: { ...BROWSER, "content-type": "application/json" },
      body: JSON.stringify({ shop: "test-shop" }),
      redirect: "manual",
    });
    expect(response.status).toBe(400);
  });

  it("answers a bad shop in the query with 400, not 500", async () => {
    const response = await fetch(
      `${server.url}/auth/login?shop=${encodeURIComponent("https://evil.example")}`,
      {
        headers: BROWSER,
        redirect: "manual",
      },
    );
    expect(response.status).toBe(400);
  });
});
