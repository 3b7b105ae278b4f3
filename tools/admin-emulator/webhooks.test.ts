import "@shopify/shopify-api/adapters/node";
import { createHmac, timingSafeEqual } from "node:crypto";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCustomers } from "./generator";
import { type AdminEmulator, startAdminEmulator } from "./server";
import { customerGid } from "./store";
import { adminGraphql, startWebhookReceiver, type WebhookReceiver } from "./test-support";

const SECRET = "whsec-emulated-app-secret";
const SHOP = "hooks.myshopify.com";

const shopify = shopifyApi({
  apiKey: "emulated-app-key",
  apiSecretKey: SECRET,
  apiVersion: ApiVersion.October26,
  hostName: "localhost:3000",
  hostScheme: "http",
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});

interface Validation {
  valid: boolean;
  topic?: string;
  domain?: string;
  webhookId?: string;
  apiVersion?: string;
  eventId?: string;
  triggeredAt?: string;
  reason?: string;
}

let app: WebhookReceiver;
let emulator: AdminEmulator;
/** What @shopify/shopify-api said about each request the app received, in order. */
const validations: Validation[] = [];

beforeAll(async () => {
  app = await startWebhookReceiver(async (req, res, rawBody) => {
    const result = (await shopify.webhooks.validate({
      rawBody,
      rawRequest: req,
      rawResponse: res,
    })) as Validation;
    validations.push(result);
    res.writeHead(result.valid ? 200 : 401).end();
  });
  emulator = await startAdminEmulator({
    apiSecret: SECRET,
    appUrl: app.url,
    shops: [
      { domain: SHOP, accessToken: "shpat_hooks", customers: generateCustomers({ count: 20, seed: 8 }) },
    ],
  });
});
afterAll(async () => {
  await emulator.close();
  await app.close();
});

describe("webhooks", () => {
  it("signs them so node:crypto and @shopify/shopify-api both accept them", async () => {
    const status = await emulator.sendWebhook(
      SHOP,
      "customers/redact",
      {
        shop_domain: SHOP,
        customer: { id: 1, email: "zoë@example.com", phone: "+34612345678" },
        orders_to_redact: [],
      },
      { webhookId: "wh-1", path: "/webhooks/compliance" },
    );
    expect(status).toBe(200);
    const got = app.received.at(-1);
    expect(got?.path).toBe("/webhooks/compliance");
    expect(got?.headers["content-type"]).toBe("application/json");
    expect(got?.headers["x-shopify-topic"]).toBe("customers/redact");
    expect(got?.headers["x-shopify-shop-domain"]).toBe(SHOP);
    expect(got?.headers["x-shopify-api-version"]).toBe("2026-10");
    expect(got?.headers["x-shopify-webhook-id"]).toBe("wh-1");
    expect(got?.headers["x-shopify-event-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(String(got?.headers["x-shopify-triggered-at"])))).toBe(false);

    const expected = createHmac("sha256", SECRET)
      .update(got?.rawBody ?? "")
      .digest();
    const sent = Buffer.from(String(got?.headers["x-shopify-hmac-sha256"]), "base64");
    expect(sent.length).toBe(expected.length);
    expect(timingSafeEqual(sent, expected)).toBe(true);

    expect(validations.at(-1)).toMatchObject({
      valid: true,
      topic: "CUSTOMERS_REDACT",
      domain: SHOP,
      webhookId: "wh-1",
      apiVersion: "2026-10",
    });
  });

  it("is refused by @shopify/shopify-api when signed with another secret", async () => {
    const other = await startAdminEmulator({
      apiSecret: "not-the-app-secret",
      appUrl: app.url,
      shops: [{ domain: SHOP, accessToken: "x" }],
    });
    try {
      expect(await other.sendWebhook(SHOP, "app/uninstalled", { id: 1 })).toBe(401);
      expect(validations.at(-1)).toMatchObject({ valid: false, reason: "invalid_hmac" });
    } finally {
      await other.close();
    }
  });

  it("sends customers/create|update|delete shaped as shopify.dev's samples, and each consent change on its topic", async () => {
    const before = app.received.length;
    const created = emulator.store.createCustomer(SHOP, {
      firstName: "Zoë",
      lastName: "Núñez",
      email: "zoe@example.com",
      phone: "+34612345678",
      country: "ES",
      smsConsent: { state: "SUBSCRIBED", optInLevel: "SINGLE_OPT_IN", updatedAt: "2026-01-02T03:04:05Z" },
    });
    emulator.store.updateCustomer(SHOP, created.id, { emailConsent: { state: "UNSUBSCRIBED" } });
    emulator.store.updateCustomer(SHOP, created.id, {
      whatsAppConsent: {
        state: "SUBSCRIBED",
        optInLevel: "CONFIRMED_OPT_IN",
        updatedAt: "2026-01-03T00:00:00Z",
      },
    });
    emulator.store.updateCustomer(SHOP, created.id, { note: "quiet" }, { webhook: false });
    emulator.store.deleteCustomer(SHOP, created.id);
    await emulator.idle();
    const got = app.received.slice(before);
    expect(got.map((w) => w.headers["x-shopify-topic"])).toEqual([
      "customers/create",
      "customers_marketing_consent/update",
      "customers/update",
      "customers_email_marketing_consent/update",
      "customers/update",
      "customers_whats_app_marketing_consent/update",
      "customers/delete",
    ]);
    expect(validations.slice(-7).every((v) => v.valid)).toBe(true);
    const [create, sms, , email, , whatsapp, deleted] = got.map((w) => w.rawBody ?? "{}");
    // The id is a 64-bit JSON number, written with all its digits (JSON.parse would round it).
    const id = customerGid(created.id).split("/").pop() as string;
    expect(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(create).toContain(`"id":${id},`);
    const person = JSON.parse(create as string);
    expect(Object.keys(person).sort()).toEqual(
      [
        "id",
        "created_at",
        "updated_at",
        "first_name",
        "last_name",
        "state",
        "note",
        "verified_email",
        "multipass_identifier",
        "tax_exempt",
        "email",
        "phone",
        "currency",
        "addresses",
        "tax_exemptions",
        "admin_graphql_api_id",
        "default_address",
      ].sort(),
    );
    expect(person).toMatchObject({
      admin_graphql_api_id: customerGid(created.id),
      email: "zoe@example.com",
      phone: "+34612345678",
      first_name: "Zoë",
      last_name: "Núñez",
      default_address: { country_code: "ES", default: true },
    });
    expect(sms).toContain(`"id":${id},`);
    expect(JSON.parse(sms as string)).toMatchObject({
      phone: "+34612345678",
      sms_marketing_consent: {
        state: "subscribed",
        opt_in_level: "single_opt_in",
        consent_updated_at: "2026-01-02T03:04:05Z",
        consent_collected_from: "other",
      },
    });
    expect(email).toContain(`"customer_id":${id},`);
    expect(JSON.parse(email as string)).toMatchObject({
      email_address: "zoe@example.com",
      email_marketing_consent: { state: "unsubscribed" },
    });
    expect(JSON.parse(whatsapp as string)).toEqual({
      customer_id: expect.any(Number),
      phone_number: "+34612345678",
      whats_app_marketing_consent: {
        state: "subscribed",
        opt_in_level: "confirmed_opt_in",
        updated_at: "2026-01-03T00:00:00Z",
        collected_from: "other",
      },
    });
    expect(Object.keys(JSON.parse(deleted as string)).sort()).toEqual(
      ["admin_graphql_api_id", "id", "tax_exemptions"].sort(),
    );
    expect(emulator.store.getCustomer(SHOP, created.id)).toBeUndefined();
  });

  it("sends orders/create without metafields, as Shopify does; the order's metafield is read by query", async () => {
    const before = app.received.length;
    const customer = emulator.store.createCustomer(SHOP, { email: "buyer@example.com" }, { webhook: false });
    const order = emulator.store.createOrder(SHOP, {
      customerId: customer.id,
      metafields: { "$app:whatsapp_consent.event_id": "evt-1" },
    });
    await emulator.idle();
    const [delivered] = app.received.slice(before);
    expect(delivered?.headers["x-shopify-topic"]).toBe("orders/create");
    const payload = JSON.parse(delivered?.rawBody ?? "{}");
    expect(payload).not.toHaveProperty("metafields");
    expect(payload).toMatchObject({ name: order.name, customer: { email: "buyer@example.com" } });
    const read = await adminGraphql(
      emulator,
      SHOP,
      "shpat_hooks",
      `query($id: ID!) { order(id: $id) { customer { id } metafield(namespace: "$app:whatsapp_consent", key: "event_id") { value } } }`,
      { id: payload.admin_graphql_api_id },
    );
    expect(read.body.data).toEqual({
      order: { customer: { id: customerGid(customer.id) }, metafield: { value: "evt-1" } },
    });
  });

  it("fails loudly when the app cannot be reached", async () => {
    const lonely = await startAdminEmulator({
      apiSecret: SECRET,
      appUrl: "http://127.0.0.1:9",
      shops: [{ domain: SHOP, accessToken: "x" }],
    });
    try {
      await expect(lonely.sendWebhook(SHOP, "app/uninstalled", {})).rejects.toThrow(/failed/);
      expect(lonely.deliveries.at(-1)?.status).toBeNull();
    } finally {
      await lonely.close();
    }
  });
});
