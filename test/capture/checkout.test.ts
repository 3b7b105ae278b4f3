import { randomUUID } from "node:crypto";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as route from "../../app/routes/checkout.optin";
import * as orders from "../../app/routes/webhooks.orders.create";
import { publicId } from "../../tools/admin-emulator/ids";
import { type AdminEmulator, startAdminEmulator } from "../../tools/admin-emulator/server";
import { orderPayload } from "../../tools/admin-emulator/webhooks";
import { loadTestApp, TEST_API_KEY, TEST_API_SECRET, TEST_SHOP } from "../helpers/app";
import { callAction, signedWebhook } from "../helpers/webhooks";

let app: Awaited<ReturnType<typeof loadTestApp>>;
/** Shopify's Admin API for orders/create, which reads the order's consent metafield. */
let emulator: AdminEmulator;
const TEXT = "Yes, send me Acme Coffee offers and news on WhatsApp. Reply STOP to opt out.";
const STORE = TEST_SHOP.replace(/\.myshopify\.com$/, "");

beforeAll(async () => {
  emulator = await startAdminEmulator({
    apiSecret: TEST_API_SECRET,
    shops: [{ domain: TEST_SHOP, accessToken: "shpat_checkout" }],
  });
  app = await loadTestApp({ SHOPIFY_ADMIN_API_ORIGIN: emulator.url });
  await app.db.session.create({
    data: {
      id: `offline_${TEST_SHOP}`,
      shop: TEST_SHOP,
      state: "",
      isOnline: false,
      accessToken: "shpat_checkout",
    },
  });
  await app.db.shop.create({ data: { domain: TEST_SHOP, brandName: "Acme Coffee", defaultCountry: "US" } });
  expect(await setConsentTextInUse(app.db, TEST_SHOP, "checkout", TEXT)).toMatchObject({ ok: true });
});
afterAll(async () => {
  await emulator?.close();
  await app?.cleanup();
});

const body = (overrides: Record<string, unknown> = {}) => ({
  eventId: randomUUID(),
  consent: true,
  phone: "+1 415 555 2671",
  consentText: TEXT,
  target: "thank_you",
  orderId: "gid://shopify/Order/1001",
  ...overrides,
});

async function post(payload: unknown, token: string | null) {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    origin: "https://extensions.shopifycdn.com",
  };
  if (token) headers.authorization = `Bearer ${token}`;
  return callAction(
    route.action,
    new Request("https://app.example.test/checkout/optin", {
      method: "POST",
      headers,
      body: JSON.stringify(payload),
    }),
  );
}

const validToken = async (overrides: Record<string, unknown> = {}, secret = TEST_API_SECRET) =>
  (await getJwt(STORE, TEST_API_KEY, secret, overrides)).token;

describe("checkout opt-in endpoint", () => {
  it("accepts a valid session token and records a thank-you page opt-in", async () => {
    const response = await post(body(), await validToken({ sub: "gid://shopify/Customer/555" }));
    expect(response.status).toBe(201);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const { eventId } = await response.json();
    const event = await app.db.consentEvent.findUniqueOrThrow({
      where: { id: eventId },
      include: { contact: true },
    });
    expect(event).toMatchObject({
      sourceKind: "thank_you",
      sourceDetail: "order:gid://shopify/Order/1001",
      action: "opt_in",
    });
    expect(event.contact).toMatchObject({
      shopifyCustomerId: "555",
      phoneE164: "+14155552671",
      segment: "whatsapp_substantiated",
    });
    expect(await app.db.writeBackTask.count({ where: { eventId } })).toBe(1);
  });

  it("records an unticked box as an opt-out: the ledger says opt_out and the contact is opted out", async () => {
    // An opt-in first, so that a wrongly recorded opt-out would leave the contact exportable.
    const phone = "+1 415 555 2699";
    expect((await post(body({ phone }), await validToken())).status).toBe(201);
    const response = await post(body({ phone, consent: false }), await validToken());
    expect(response.status).toBe(201);
    const { eventId } = await response.json();
    const event = await app.db.consentEvent.findUniqueOrThrow({
      where: { id: eventId },
      include: { contact: true },
    });
    expect(event).toMatchObject({ channel: "whatsapp", action: "opt_out", sourceKind: "thank_you" });
    expect(event.contact).toMatchObject({ phoneE164: "+14155552699", segment: "opted_out" });
  });

  it.each([
    ["expired", () => validToken({ exp: Date.now() / 1000 - 60 })],
    ["for another app", () => validToken({ aud: "someone-elses-app" })],
    ["signed with another secret", () => validToken({}, "not-our-secret")],
    ["missing", async () => null],
  ])("rejects a token that is %s with 401 and records nothing", async (_name, token) => {
    const before = await app.db.consentEvent.count();
    const response = await post(body(), await token());
    expect(response.status).toBe(401);
    expect(await app.db.consentEvent.count()).toBe(before);
  });

  it("stores one event for a repeated event id", async () => {
    const payload = body({ target: "checkout", checkoutToken: "tok-1", orderId: undefined });
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++)
      statuses.push((await post(payload, await validToken())).status);
    expect(statuses).toEqual([201, 200, 200]);
    expect(await app.db.consentEvent.count({ where: { clientEventId: payload.eventId } })).toBe(1);
  });

  it("refuses wording the shop did not configure with 422 and bad bodies with 400", async () => {
    const invented = await post(
      body({ consentText: "WhatsApp deals from Acme Coffee, yes please" }),
      await validToken(),
    );
    expect(invented.status).toBe(422);
    const bad = await post({ consent: "yes" }, await validToken());
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBeTruthy();
  });

  it("refuses a NUL character in any field with 400 and stores nothing (PostgreSQL cannot hold one)", async () => {
    const before = await app.db.consentEvent.count();
    for (const payload of [body({ orderId: "\u0000" }), body({ eventId: "evt-\u0000-1" })]) {
      const response = await post(payload, await validToken());
      expect(response.status).toBe(400);
      expect((await response.json()).error).toContain("NUL character");
    }
    expect(await app.db.consentEvent.count()).toBe(before);
  });
});

describe("order linkage", () => {
  it("orders/create with the consent metafield links the order and its customer to the checkout event", async () => {
    const payload = body({
      target: "checkout",
      checkoutToken: "tok-guest",
      orderId: undefined,
      phone: "+1 415 555 2672",
    });
    const response = await post(payload, await validToken({ sub: "" }));
    expect(response.status).toBe(201);
    const { eventId } = await response.json();
    // The order Shopify creates carries the metafield (copied from the cart); its webhook does not.
    const customer = emulator.store.createCustomer(
      TEST_SHOP,
      { email: "guest@example.com", phone: "+14155552672" },
      { webhook: false },
    );
    const order = emulator.store.createOrder(TEST_SHOP, {
      customerId: customer.id,
      metafields: { "$app:whatsapp_consent.event_id": eventId },
    });
    const delivered = await callAction(
      orders.action,
      await signedWebhook("/webhooks/orders/create", "orders/create", orderPayload(order, customer, "USD")),
    );
    expect(delivered.status).toBe(200);
    const link = await app.db.orderConsentLink.findFirstOrThrow({ where: { eventId } });
    expect(link).toMatchObject({ orderId: publicId(order.id), shopifyCustomerId: publicId(customer.id) });
    const event = await app.db.consentEvent.findUniqueOrThrow({
      where: { id: eventId },
      include: { contact: true },
    });
    expect(event.contact.shopifyCustomerId).toBe(publicId(customer.id));
    expect(await app.db.writeBackTask.count({ where: { eventId } })).toBe(1);
    // The worker mirrors it into Shopify with the shop's offline session.
    for (let attempt = 0; attempt < 50; attempt++) {
      if ((await app.db.writeBackTask.findFirstOrThrow({ where: { eventId } })).status === "done") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(emulator.store.getCustomer(TEST_SHOP, customer.id)?.waState).toBe("SUBSCRIBED");
  });
});
