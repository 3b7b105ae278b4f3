/**
 * Every topic shopify.app.toml subscribes to, delivered to the app's real
 * webhook routes with shopify.dev-shaped payloads (64-bit ids as JSON
 * numbers), signed as Shopify signs them; then the states and the ledger.
 * The Admin API behind the routes (order metafield, bulk operation, offline
 * session) is the local emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClientForShop } from "../../app/shopify/offline-admin.server";
import { startBulkCustomerSync, waitForBulkSync } from "../../app/sync/bulk-sync.server";
import { WEBHOOK_PATHS } from "../../app/webhooks/subscriptions";
import { publicId } from "../../tools/admin-emulator/ids";
import { type AdminEmulator, startAdminEmulator } from "../../tools/admin-emulator/server";
import { orderPayload } from "../../tools/admin-emulator/webhooks";
import { loadTestApp, TEST_SHOP } from "../helpers/app";
import { callAction, signedWebhook } from "../helpers/webhooks";
import * as sample from "./shopify-dev-payloads";

const TOKEN = "shpat_every_topic";
let emulator: AdminEmulator;
let app: Awaited<ReturnType<typeof loadTestApp>>;
type Action = Parameters<typeof callAction>[0];
const routes: Record<string, Action> = {};
const delivered = new Set<string>();
let person: sample.Person;

beforeAll(async () => {
  emulator = await startAdminEmulator({ apiSecret: "s", shops: [{ domain: TEST_SHOP, accessToken: TOKEN }] });
  app = await loadTestApp({ SHOPIFY_ADMIN_API_ORIGIN: emulator.url });
  await app.db.shop.create({ data: { domain: TEST_SHOP, brandName: "Lisboa Coffee", defaultCountry: "PT" } });
  await app.db.session.create({
    data: { id: `offline_${TEST_SHOP}`, shop: TEST_SHOP, state: "", isOnline: false, accessToken: TOKEN },
  });
  for (const uri of new Set(Object.values(WEBHOOK_PATHS)))
    routes[uri] = (await import(`../../app/routes/${uri.slice(1).replaceAll("/", ".")}.tsx`)).action;
  // The same customer in Shopify (the emulator) as the webhooks describe, for the sync below.
  const record = emulator.store.createCustomer(
    TEST_SHOP,
    {
      firstName: "Inês",
      lastName: "Carvalho",
      email: "ines@example.com",
      phone: "+351912345678",
      country: "PT",
      emailConsent: { state: "SUBSCRIBED", optInLevel: "SINGLE_OPT_IN", updatedAt: "2026-06-01T10:00:00Z" },
      smsConsent: { state: "SUBSCRIBED", optInLevel: "SINGLE_OPT_IN", updatedAt: "2026-06-01T10:05:00Z" },
      whatsAppConsent: {
        state: "SUBSCRIBED",
        optInLevel: "CONFIRMED_OPT_IN",
        updatedAt: "2026-06-01T10:10:00Z",
        collectedFrom: "OTHER",
      },
      updatedAt: "2026-06-01T10:10:00Z",
    },
    { webhook: false },
  );
  person = {
    id: publicId(record.id),
    firstName: "Inês",
    lastName: "Carvalho",
    email: "ines@example.com",
    phone: "+351912345678",
    country: "PT",
  };
});
afterAll(async () => {
  await emulator?.close();
  await app?.cleanup();
});

async function deliver(topic: string, payload: unknown, webhookId?: string) {
  const uri = WEBHOOK_PATHS[topic] as string;
  delivered.add(topic);
  const response = await callAction(
    routes[uri] as Action,
    await signedWebhook(uri, topic, payload, webhookId ? { webhookId } : {}),
  );
  return response.status;
}

const contact = () =>
  app.db.contact.findFirstOrThrow({ where: { shop: TEST_SHOP, shopifyCustomerId: person.id } });
const events = async () =>
  (await app.db.consentEvent.findMany({ where: { shop: TEST_SHOP }, orderBy: { recordedAt: "asc" } })).map(
    (event) => `${event.channel}:${event.action}`,
  );

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return read();
}

describe("every subscribed topic, shaped as shopify.dev sends it, through the real routes", () => {
  it("customers/create: the person, with its 64-bit id exact, and no consent", async () => {
    expect(await deliver("customers/create", sample.customerPayload(person, "2026-06-01T10:00:00Z"))).toBe(
      200,
    );
    expect(await contact()).toMatchObject({
      shopifyCustomerId: person.id,
      firstName: "Inês",
      email: "ines@example.com",
      phoneE164: "+351912345678",
      country: "PT",
      shopifyEmailState: null,
      shopifySmsState: null,
      shopifyWhatsAppState: null,
    });
    expect(await events()).toEqual([]);
  });

  it("the three consent topics: each channel's state and one event each", async () => {
    const { id, email, phone } = person;
    expect(
      await deliver(
        "customers_email_marketing_consent/update",
        sample.emailConsentPayload(id, email, "subscribed", "2026-06-01T10:00:00Z"),
      ),
    ).toBe(200);
    expect(
      await deliver(
        "customers_marketing_consent/update",
        sample.smsConsentPayload(id, phone, "subscribed", "2026-06-01T10:05:00Z"),
      ),
    ).toBe(200);
    expect(
      await deliver(
        "customers_whats_app_marketing_consent/update",
        sample.whatsAppConsentPayload(id, phone, "subscribed", "2026-06-01T10:10:00Z"),
      ),
    ).toBe(200);
    expect(await contact()).toMatchObject({
      shopifyEmailState: "SUBSCRIBED",
      shopifySmsState: "SUBSCRIBED",
      shopifyWhatsAppState: "SUBSCRIBED",
      shopifyWhatsAppOptInLevel: "CONFIRMED_OPT_IN",
      shopifyWhatsAppUpdatedAt: new Date("2026-06-01T10:10:00Z"),
    });
    expect(await events()).toEqual(["email:opt_in", "sms:opt_in", "whatsapp:opt_in"]);
  });

  it("customers/update (no consent in it), a null-state sample, a redelivery and a full sync change no consent", async () => {
    const moved = { ...person, lastName: "Carvalho Lopes" };
    expect(await deliver("customers/update", sample.customerPayload(moved, "2026-06-01T10:10:00Z"))).toBe(
      200,
    );
    // shopify.dev's own sample shape: null state and phone say nothing.
    expect(
      await deliver(
        "customers_whats_app_marketing_consent/update",
        sample.whatsAppConsentPayload(person.id, null, null, null, null),
      ),
    ).toBe(200);
    const again = sample.emailConsentPayload(person.id, person.email, "subscribed", "2026-06-01T10:00:00Z");
    expect(await deliver("customers_email_marketing_consent/update", again, "redelivered")).toBe(200);
    expect(await deliver("customers_email_marketing_consent/update", again, "redelivered")).toBe(200);
    const client = await adminClientForShop(TEST_SHOP);
    const job = await startBulkCustomerSync(app.db, client, TEST_SHOP);
    const summary = await waitForBulkSync(app.db, client, TEST_SHOP, job.operationId, { intervalMs: 100 });
    expect(summary).toMatchObject({ customers: 1, events: 0, rejected: [] });
    expect(await contact()).toMatchObject({
      lastName: "Carvalho",
      shopifyEmailState: "SUBSCRIBED",
      shopifySmsState: "SUBSCRIBED",
      shopifyWhatsAppState: "SUBSCRIBED",
    });
    expect(await events()).toEqual(["email:opt_in", "sms:opt_in", "whatsapp:opt_in"]);
  });

  it("a WhatsApp opt-out on its topic is one opt-out event", async () => {
    expect(
      await deliver(
        "customers_whats_app_marketing_consent/update",
        sample.whatsAppConsentPayload(person.id, person.phone, "unsubscribed", "2026-06-02T08:00:00Z", null),
      ),
    ).toBe(200);
    expect(await contact()).toMatchObject({ shopifyWhatsAppState: "UNSUBSCRIBED", segment: "opted_out" });
    expect((await events()).at(-1)).toBe("whatsapp:opt_out");
    // An older delivery arriving late does not bring the opt-in back.
    expect(
      await deliver(
        "customers_whats_app_marketing_consent/update",
        sample.whatsAppConsentPayload(person.id, person.phone, "subscribed", "2026-06-01T10:10:00Z"),
      ),
    ).toBe(200);
    expect(await contact()).toMatchObject({ shopifyWhatsAppState: "UNSUBSCRIBED" });
    expect(await events()).toHaveLength(4);
  });

  it("orders/create: the order's consent metafield, read by query, links the order (64-bit id exact)", async () => {
    const event = await app.db.consentEvent.findFirstOrThrow({
      where: { shop: TEST_SHOP, channel: "whatsapp" },
    });
    const customer = emulator.store.customers(TEST_SHOP)[0];
    const order = emulator.store.createOrder(TEST_SHOP, {
      customerId: customer?.id ?? null,
      metafields: { "$app:whatsapp_consent.event_id": event.id },
    });
    const payload = orderPayload(order, customer, "EUR");
    expect(await deliver("orders/create", payload)).toBe(200);
    expect(await app.db.orderConsentLink.findFirst({ where: { shop: TEST_SHOP } })).toMatchObject({
      orderId: publicId(order.id),
      eventId: event.id,
      shopifyCustomerId: person.id,
    });
  });

  it("bulk_operations/finish: the finished bulk operation is imported", async () => {
    const job = await startBulkCustomerSync(app.db, await adminClientForShop(TEST_SHOP), TEST_SHOP);
    await emulator.idle();
    expect(await deliver("bulk_operations/finish", sample.bulkFinishPayload(job.operationId))).toBe(200);
    const done = await waitFor(
      () => app.db.bulkSyncJob.findUniqueOrThrow({ where: { id: job.id } }),
      (row) => row.status === "IMPORTED" || row.status === "FAILED",
    );
    expect(done).toMatchObject({ status: "IMPORTED", imported: 1 });
    expect(await events()).toHaveLength(4);
  });

  it("customers/delete unlinks the contact and keeps its proof", async () => {
    expect(await deliver("customers/delete", sample.customerDeletePayload(person.id))).toBe(200);
    expect(await app.db.contact.count({ where: { shop: TEST_SHOP, shopifyCustomerId: person.id } })).toBe(0);
    expect(await events()).toHaveLength(4);
  });

  it("app/uninstalled ends the shop's sessions", async () => {
    expect(await deliver("app/uninstalled", sample.uninstalledPayload(TEST_SHOP))).toBe(200);
    expect(await app.db.session.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(
      (await app.db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } })).uninstalledAt,
    ).not.toBeNull();
  });

  it("the compliance topics: data request, customer redaction, shop redaction", async () => {
    const contactRow = await app.db.contact.findFirstOrThrow({ where: { shop: TEST_SHOP } });
    await app.db.contact.update({ where: { id: contactRow.id }, data: { shopifyCustomerId: person.id } });
    expect(await deliver("customers/data_request", sample.dataRequestPayload(TEST_SHOP, person))).toBe(200);
    expect(await app.db.dataRequestExport.count({ where: { shop: TEST_SHOP, requestId: "9999" } })).toBe(1);
    expect(await deliver("customers/redact", sample.customerRedactPayload(TEST_SHOP, person))).toBe(200);
    expect(
      (await app.db.contact.findUniqueOrThrow({ where: { id: contactRow.id } })).redactedAt,
    ).not.toBeNull();
    expect(await deliver("shop/redact", sample.shopRedactPayload(TEST_SHOP))).toBe(200);
    expect(await app.db.contact.count({ where: { shop: TEST_SHOP } })).toBe(0);
  });

  it("covered every topic shopify.app.toml subscribes to", () => {
    expect([...delivered].sort()).toEqual(Object.keys(WEBHOOK_PATHS).sort());
  });
});
