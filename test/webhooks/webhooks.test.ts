import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyShopLedger } from "../../app/ledger/consent-events.server";
import * as complianceRoute from "../../app/routes/webhooks.compliance";
import * as customersRoute from "../../app/routes/webhooks.customers";
import { loadTestApp, TEST_SHOP } from "../helpers/app";
import { callAction, signedWebhook } from "../helpers/webhooks";

let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  app = await loadTestApp();
  await app.db.shop.create({ data: { domain: TEST_SHOP, brandName: "Acme Coffee", defaultCountry: "US" } });
});
afterAll(() => app.cleanup());

const PHONE = "+14155552671";
const EMAIL = "maya.redactme@example.com";
const customer = (updatedAt: string) => ({
  id: 901,
  email: EMAIL,
  first_name: "Mayaredact",
  last_name: "Zimmerredact",
  phone: PHONE,
  updated_at: updatedAt,
});
const emailConsent = (updatedAt: string, state: string) => ({
  customer_id: 901,
  email_address: EMAIL,
  email_marketing_consent: { state, opt_in_level: "single_opt_in", consent_updated_at: updatedAt },
});
const smsConsent = (updatedAt: string, state: string) => ({
  id: 901,
  phone: PHONE,
  sms_marketing_consent: {
    state,
    opt_in_level: "single_opt_in",
    consent_updated_at: updatedAt,
    consent_collected_from: "other",
  },
});

describe("customers webhooks", () => {
  it("accepts signed deliveries and applies them: the person, then the SMS consent on its topic", async () => {
    const created = await signedWebhook(
      "/webhooks/customers",
      "customers/create",
      customer("2026-06-01T10:00:00Z"),
    );
    expect((await callAction(customersRoute.action, created)).status).toBe(200);
    const consent = await signedWebhook(
      "/webhooks/customers",
      "customers_marketing_consent/update",
      smsConsent("2026-06-01T10:00:00Z", "subscribed"),
    );
    expect((await callAction(customersRoute.action, consent)).status).toBe(200);
    const contact = await app.db.contact.findFirstOrThrow({
      where: { shop: TEST_SHOP, shopifyCustomerId: "901" },
    });
    expect(contact.segment).toBe("sms_only");
  });

  it("answers 401 to forged and unsigned deliveries and applies nothing", async () => {
    const before = await app.db.consentEvent.count();
    const forged = await signedWebhook(
      "/webhooks/customers",
      "customers_email_marketing_consent/update",
      emailConsent("2026-07-01T10:00:00Z", "unsubscribed"),
      { secret: "not-the-app-secret" },
    );
    expect((await callAction(customersRoute.action, forged)).status).toBe(401);
    const unsigned = new Request("https://app.example.test/webhooks/customers", {
      method: "POST",
      body: JSON.stringify(emailConsent("2026-07-01T10:00:00Z", "unsubscribed")),
      headers: {
        "X-Shopify-Topic": "customers_email_marketing_consent/update",
        "X-Shopify-Shop-Domain": TEST_SHOP,
        "X-Shopify-Webhook-Id": "x",
      },
    });
    expect((await callAction(customersRoute.action, unsigned)).status).toBe(401);
    expect(await app.db.consentEvent.count()).toBe(before);
  });

  it("leaves the same state after duplicate and out-of-order deliveries", async () => {
    const topic = "customers_email_marketing_consent/update";
    const subscribed = await signedWebhook(
      "/webhooks/customers",
      topic,
      emailConsent("2026-06-02T10:00:00Z", "subscribed"),
    );
    const newer = await signedWebhook(
      "/webhooks/customers",
      topic,
      emailConsent("2026-06-05T10:00:00Z", "unsubscribed"),
      {
        webhookId: "dup-1",
      },
    );
    const again = await signedWebhook(
      "/webhooks/customers",
      topic,
      emailConsent("2026-06-05T10:00:00Z", "unsubscribed"),
      {
        webhookId: "dup-1",
      },
    );
    const older = await signedWebhook(
      "/webhooks/customers",
      topic,
      emailConsent("2026-06-03T10:00:00Z", "subscribed"),
    );
    for (const request of [subscribed, newer, again, older])
      expect((await callAction(customersRoute.action, request)).status).toBe(200);
    const contact = await app.db.contact.findFirstOrThrow({ where: { shopifyCustomerId: "901" } });
    expect(contact.shopifyEmailState).toBe("UNSUBSCRIBED");
    const emailEvents = await app.db.consentEvent.count({
      where: { contactId: contact.id, channel: "email" },
    });
    expect(emailEvents).toBe(2);
  });

  it("answers 400 to a signed payload holding a NUL character and applies nothing", async () => {
    const before = await app.db.contact.count();
    const request = await signedWebhook("/webhooks/customers", "customers/create", {
      ...customer("2026-06-05T10:00:00Z"),
      id: 902,
      first_name: "Nul\u0000name",
    });
    const response = await callAction(customersRoute.action, request);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("NUL character");
    expect(await app.db.contact.count()).toBe(before);
  });

  it("answers 422 with a message to a signed but malformed payload", async () => {
    const request = await signedWebhook("/webhooks/customers", "customers/update", { id: "not-a-number" });
    const response = await callAction(customersRoute.action, request);
    expect(response.status).toBe(422);
    expect((await response.json()).error).toContain("customers/update payload not understood");
  });
});

/**
 * Whether a value is still stored: for SQLite, anywhere in the file's bytes
 * (free pages included); for PostgreSQL, in any live row of any table (dead
 * row versions are PostgreSQL's to reclaim, through VACUUM).
 */
async function storedAnywhere(url: string, value: string): Promise<boolean> {
  if (url.startsWith("file:")) return readFileSync(url.replace(/^file:/, "")).includes(Buffer.from(value));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename != '_prisma_migrations'",
    );
    for (const { tablename } of tables.rows) {
      const hits = await client.query(`SELECT 1 FROM "${tablename}" AS t WHERE t::text LIKE $1 LIMIT 1`, [
        `%${value}%`,
      ]);
      if (hits.rowCount) return true;
    }
    return false;
  } finally {
    await client.end();
  }
}

describe("compliance webhooks", () => {
  it("customers/data_request assembles the customer's consent record", async () => {
    const request = await signedWebhook("/webhooks/compliance", "customers/data_request", {
      shop_id: 1,
      shop_domain: TEST_SHOP,
      customer: { id: 901, email: EMAIL, phone: PHONE },
      orders_requested: [],
      data_request: { id: 77 },
    });
    expect((await callAction(complianceRoute.action, request)).status).toBe(200);
    const exported = await app.db.dataRequestExport.findFirstOrThrow({
      where: { shop: TEST_SHOP, requestId: "77" },
    });
    const document = JSON.parse(exported.document);
    expect(document.contacts[0].email).toBe(EMAIL);
    expect(document.contacts[0].consentEvents.length).toBeGreaterThan(0);
  });

  it("customers/redact erases every stored copy of phone, email and name; the ledger still verifies", async () => {
    const request = await signedWebhook("/webhooks/compliance", "customers/redact", {
      shop_id: 1,
      shop_domain: TEST_SHOP,
      customer: { id: 901, email: EMAIL, phone: PHONE },
      orders_to_redact: [],
    });
    expect((await callAction(complianceRoute.action, request)).status).toBe(200);
    await app.db.$disconnect();
    for (const secret of [PHONE, "4155552671", EMAIL, "Mayaredact", "Zimmerredact"]) {
      expect(await storedAnywhere(app.url, secret), secret).toBe(false);
    }
    expect((await verifyShopLedger(app.db, TEST_SHOP)).ok).toBe(true);
  });

  it("shop/redact deletes everything of the shop", async () => {
    const request = await signedWebhook("/webhooks/compliance", "shop/redact", {
      shop_id: 1,
      shop_domain: TEST_SHOP,
    });
    expect((await callAction(complianceRoute.action, request)).status).toBe(200);
    expect(await app.db.contact.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await app.db.consentEvent.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await app.db.shop.count({ where: { domain: TEST_SHOP } })).toBe(0);
  });
});
