import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendConsentEvent } from "../../app/ledger/consent-events.server";
import { adminClient } from "../../app/shopify/admin-client.server";
import { enqueueWriteBack, processWriteBacks } from "../../app/write-back/outbox.server";
import { publicId } from "../../tools/admin-emulator/ids";
import { type AdminEmulator, startAdminEmulator } from "../../tools/admin-emulator/server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const SHOP = "writeback.myshopify.com";
const TOKEN = "shpat_wb";
let emulator: AdminEmulator;
let database: TestDatabase;

beforeAll(async () => {
  emulator = await startAdminEmulator({
    apiSecret: "s",
    shops: [{ domain: SHOP, accessToken: TOKEN, country: "ES" }],
  });
  database = await createTestDatabase();
  await database.db.shop.create({ data: { domain: SHOP, brandName: "Acme Coffee" } });
});
afterAll(async () => {
  await emulator.close();
  await database.cleanup();
});

/** Real HTTP to the emulator, except that the first `failures` requests never arrive (an outage). */
function flakyTransport(failures: number) {
  const state = { failuresLeft: failures, delivered: 0 };
  const transport: typeof fetch = async (input, init) => {
    if (state.failuresLeft > 0) {
      state.failuresLeft -= 1;
      throw new TypeError("fetch failed: connection reset");
    }
    state.delivered += 1;
    return fetch(input, init);
  };
  return { state, transport };
}

async function recordOptIn(customerId: string, action: "opt_in" | "opt_out" = "opt_in") {
  const { db } = database;
  const contact =
    (await db.contact.findFirst({ where: { shop: SHOP, shopifyCustomerId: customerId } })) ??
    (await db.contact.create({
      data: { shop: SHOP, shopifyCustomerId: customerId, phoneE164: "+34612345678" },
    }));
  const { event } = await appendConsentEvent(db, {
    shop: SHOP,
    contactId: contact.id,
    channel: "whatsapp",
    action,
    occurredAt: new Date("2026-06-01T10:00:00Z"),
    sourceKind: "storefront_block",
    captureMethod: "checkbox",
    optInLevel: action === "opt_in" ? "single" : null,
  });
  await db.$transaction((tx) => enqueueWriteBack(tx, event, customerId));
  return event;
}

describe("WhatsApp consent write-back", () => {
  it("retries with backoff through an outage until Shopify accepts, and sends once", async () => {
    const customer = emulator.store.createCustomer(
      SHOP,
      { phone: "+34612345678", firstName: "Ana" },
      { webhook: false },
    );
    await recordOptIn(publicId(customer.id));
    const { state, transport } = flakyTransport(2);
    const client = adminClient({ shop: SHOP, accessToken: TOKEN, origin: emulator.url, fetch: transport });
    let clock = Date.now();
    const now = () => new Date(clock);

    expect(await processWriteBacks(database.db, SHOP, client, { now })).toEqual({
      sent: 0,
      failed: 0,
      retrying: 1,
    });
    // Not due yet: nothing is sent before the backoff has passed.
    expect(await processWriteBacks(database.db, SHOP, client, { now })).toEqual({
      sent: 0,
      failed: 0,
      retrying: 0,
    });
    clock += 1_100;
    expect((await processWriteBacks(database.db, SHOP, client, { now })).retrying).toBe(1);
    clock += 2_100;
    expect((await processWriteBacks(database.db, SHOP, client, { now })).sent).toBe(1);
    clock += 60 * 60_000;
    expect(await processWriteBacks(database.db, SHOP, client, { now })).toEqual({
      sent: 0,
      failed: 0,
      retrying: 0,
    });

    expect(state.delivered).toBe(1);
    const stored = emulator.store.getCustomer(SHOP, customer.id);
    expect(stored?.waState).toBe("SUBSCRIBED");
    const task = await database.db.writeBackTask.findFirstOrThrow({
      where: { shopifyCustomerId: publicId(customer.id) },
    });
    expect(task).toMatchObject({ status: "done", attempts: 3 });
  });

  it("keeps Shopify's userErrors for the merchant and stops retrying", async () => {
    const customer = emulator.store.createCustomer(SHOP, { firstName: "No phone" }, { webhook: false });
    await recordOptIn(publicId(customer.id));
    const client = adminClient({ shop: SHOP, accessToken: TOKEN, origin: emulator.url });
    expect(await processWriteBacks(database.db, SHOP, client)).toMatchObject({ failed: 1, sent: 0 });
    const task = await database.db.writeBackTask.findFirstOrThrow({
      where: { shopifyCustomerId: publicId(customer.id) },
    });
    expect(task.status).toBe("failed");
    expect(task.lastError).toBeTruthy();
  });

  it("applies a customer's changes in order", async () => {
    const customer = emulator.store.createCustomer(SHOP, { phone: "+34699999999" }, { webhook: false });
    await recordOptIn(publicId(customer.id), "opt_in");
    await recordOptIn(publicId(customer.id), "opt_out");
    const client = adminClient({ shop: SHOP, accessToken: TOKEN, origin: emulator.url });
    const run = await processWriteBacks(database.db, SHOP, client);
    expect(run.sent).toBe(2);
    expect(emulator.store.getCustomer(SHOP, customer.id)?.waState).toBe("UNSUBSCRIBED");
  });
});
