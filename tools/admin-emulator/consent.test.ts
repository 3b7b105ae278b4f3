import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCustomers } from "./generator";
import { type AdminEmulator, startAdminEmulator } from "./server";
import { type CustomerRecord, customerGid } from "./store";
import { adminGraphql, startWebhookReceiver, type WebhookReceiver } from "./test-support";

const SHOP = "consent.myshopify.com";
const TOKEN = "shpat_consent";
let emulator: AdminEmulator;
let app: WebhookReceiver;
let withPhone: CustomerRecord;
let withoutPhone: CustomerRecord;

beforeAll(async () => {
  app = await startWebhookReceiver();
  emulator = await startAdminEmulator({
    apiSecret: "consent-secret",
    appUrl: app.url,
    shops: [{ domain: SHOP, accessToken: TOKEN, customers: generateCustomers({ count: 200, seed: 4 }) }],
  });
  const customers = emulator.store.customers(SHOP);
  withPhone = customers.find(
    (c) => c.phone?.startsWith("+") && c.waState === "NEVER_SUBSCRIBED",
  ) as CustomerRecord;
  withoutPhone = customers.find((c) => !c.phone && c.email) as CustomerRecord;
});
afterAll(async () => {
  await emulator.close();
  await app.close();
});

const WHATSAPP = `mutation Consent($input: CustomerWhatsAppMarketingConsentUpdateInput!) {
  customerWhatsAppMarketingConsentUpdate(input: $input) {
    customerPhoneNumber {
      phoneNumber
      whatsAppMarketingConsent { state optInLevel updatedAt collectedFrom }
    }
    userErrors { field message code }
  }
}`;

type Payload = {
  customerPhoneNumber: { phoneNumber: string; whatsAppMarketingConsent: Record<string, unknown> } | null;
  userErrors: { field: string[]; message: string; code: string }[];
};

async function setWhatsApp(customerId: string, consent: Record<string, unknown>) {
  const result = await adminGraphql(emulator, SHOP, TOKEN, WHATSAPP, {
    input: { customerId, whatsAppMarketingConsent: consent },
  });
  expect(result.status).toBe(200);
  return result.body.data?.customerWhatsAppMarketingConsentUpdate as Payload;
}

describe("customerWhatsAppMarketingConsentUpdate", () => {
  it("stores the consent and returns it, then reads back through customer", async () => {
    const id = customerGid(withPhone.id);
    const payload = await setWhatsApp(id, {
      state: "SUBSCRIBED",
      optInLevel: "CONFIRMED_OPT_IN",
      updatedAt: "2026-05-01T10:00:00Z",
    });
    expect(payload).toEqual({
      customerPhoneNumber: {
        phoneNumber: withPhone.phone,
        whatsAppMarketingConsent: {
          state: "SUBSCRIBED",
          optInLevel: "CONFIRMED_OPT_IN",
          updatedAt: "2026-05-01T10:00:00Z",
          collectedFrom: "OTHER",
        },
      },
      userErrors: [],
    });
    const read = await adminGraphql(
      emulator,
      SHOP,
      TOKEN,
      `query($id: ID!) { customer(id: $id) { updatedAt defaultPhoneNumber { whatsAppMarketingConsent { state optInLevel } } } }`,
      { id },
    );
    const customer = read.body.data?.customer as { updatedAt: string; defaultPhoneNumber: unknown };
    expect(customer.defaultPhoneNumber).toEqual({
      whatsAppMarketingConsent: { state: "SUBSCRIBED", optInLevel: "CONFIRMED_OPT_IN" },
    });
    expect(Date.parse(customer.updatedAt)).toBeGreaterThan(Date.now() - 60_000);

    const unsubscribed = await setWhatsApp(id, { state: "UNSUBSCRIBED" });
    expect(unsubscribed.customerPhoneNumber?.whatsAppMarketingConsent.state).toBe("UNSUBSCRIBED");
    expect(emulator.store.getCustomer(SHOP, withPhone.id)?.waState).toBe("UNSUBSCRIBED");

    await emulator.idle();
    const updates = app.received.filter((w) => w.headers["x-shopify-topic"] === "customers/update");
    expect(updates.length).toBe(2);
    expect(JSON.parse(updates[0]?.rawBody ?? "{}").admin_graphql_api_id).toBe(id);
  });

  it("answers userErrors for an unknown customer, a customer without phone, a read-only state, a future date", async () => {
    const unknown = await setWhatsApp("gid://shopify/Customer/1", { state: "SUBSCRIBED" });
    expect(unknown.customerPhoneNumber).toBeNull();
    expect(unknown.userErrors).toEqual([
      { field: ["input", "customerId"], message: expect.any(String), code: "INVALID" },
    ]);

    const noPhone = await setWhatsApp(customerGid(withoutPhone.id), { state: "SUBSCRIBED" });
    expect(noPhone.userErrors[0]).toMatchObject({ field: ["input", "customerId"], code: "INVALID" });
    expect(noPhone.userErrors[0]?.message).toMatch(/phone number is required/);

    const readOnly = await setWhatsApp(customerGid(withPhone.id), { state: "NEVER_SUBSCRIBED" });
    expect(readOnly.userErrors).toEqual([
      {
        field: ["input", "whatsAppMarketingConsent", "state"],
        message: expect.any(String),
        code: "INCLUSION",
      },
    ]);

    const future = await setWhatsApp(customerGid(withPhone.id), {
      state: "SUBSCRIBED",
      updatedAt: "2099-01-01T00:00:00Z",
    });
    expect(future.userErrors[0]).toMatchObject({
      field: ["input", "whatsAppMarketingConsent", "updatedAt"],
      code: "INVALID",
    });
    expect(emulator.store.getCustomer(SHOP, withPhone.id)?.waState).toBe("UNSUBSCRIBED");
  });

  it("rejects a state outside the enum at validation", async () => {
    const result = await adminGraphql(
      emulator,
      SHOP,
      TOKEN,
      `mutation { customerWhatsAppMarketingConsentUpdate(input: {
        customerId: "${customerGid(withPhone.id)}", whatsAppMarketingConsent: { state: OPTED_IN } }) { userErrors { message } } }`,
    );
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors[0].message).toMatch(/OPTED_IN/);
  });
});

describe("SMS and email consent mutations", () => {
  it("update the store and reject what Shopify rejects", async () => {
    const sms = await adminGraphql(
      emulator,
      SHOP,
      TOKEN,
      `mutation($input: CustomerSmsMarketingConsentUpdateInput!) { customerSmsMarketingConsentUpdate(input: $input) {
        customer { defaultPhoneNumber { smsMarketingConsent { state optInLevel } marketingState } }
        userErrors { field code } } }`,
      {
        input: {
          customerId: customerGid(withPhone.id),
          smsMarketingConsent: { marketingState: "SUBSCRIBED" },
        },
      },
    );
    expect(sms.body.data?.customerSmsMarketingConsentUpdate).toEqual({
      customer: {
        defaultPhoneNumber: {
          smsMarketingConsent: { state: "SUBSCRIBED", optInLevel: "SINGLE_OPT_IN" },
          marketingState: "SUBSCRIBED",
        },
      },
      userErrors: [],
    });
    const email = await adminGraphql(
      emulator,
      SHOP,
      TOKEN,
      `mutation($input: CustomerEmailMarketingConsentUpdateInput!) { customerEmailMarketingConsentUpdate(input: $input) {
        customer { defaultEmailAddress { marketingState } } userErrors { field code } } }`,
      {
        input: {
          customerId: customerGid(withoutPhone.id),
          emailMarketingConsent: { marketingState: "INVALID" },
        },
      },
    );
    expect(email.body.data?.customerEmailMarketingConsentUpdate).toEqual({
      customer: null,
      userErrors: [{ field: ["input", "emailMarketingConsent", "marketingState"], code: "INCLUSION" }],
    });
  });
});
