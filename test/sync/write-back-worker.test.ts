/**
 * A capture's WhatsApp consent reaches Shopify without anyone draining the
 * outbox by hand: the capture schedules the shop's write-backs, which go to
 * the Admin API (the emulator) with the shop's offline session.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordCapturedConsent } from "../../app/capture/record-consent.server";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import { publicId } from "../../tools/admin-emulator/ids";
import { type AdminEmulator, startAdminEmulator } from "../../tools/admin-emulator/server";
import { loadTestApp, TEST_SHOP } from "../helpers/app";

const TOKEN = "shpat_worker";
const TEXT = "Yes, send me Acme Coffee offers on WhatsApp. Reply STOP to unsubscribe at any time.";
let emulator: AdminEmulator;
let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  emulator = await startAdminEmulator({
    apiSecret: "s",
    shops: [{ domain: TEST_SHOP, accessToken: TOKEN, country: "ES" }],
  });
  app = await loadTestApp({ SHOPIFY_ADMIN_API_ORIGIN: emulator.url });
  await app.db.shop.create({ data: { domain: TEST_SHOP, brandName: "Acme Coffee", defaultCountry: "ES" } });
  await app.db.session.create({
    data: { id: `offline_${TEST_SHOP}`, shop: TEST_SHOP, state: "", isOnline: false, accessToken: TOKEN },
  });
  await setConsentTextInUse(app.db, TEST_SHOP, "storefront", TEXT);
});
afterAll(async () => {
  await emulator?.close();
  await app?.cleanup();
});

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return read();
}

describe("write-back worker", () => {
  it("sends a captured opt-in of a known customer to Shopify on its own", async () => {
    const customer = emulator.store.createCustomer(TEST_SHOP, { phone: "+34612000111" }, { webhook: false });
    await app.db.contact.create({
      data: { shop: TEST_SHOP, shopifyCustomerId: publicId(customer.id), phoneE164: "+34612000111" },
    });
    const result = await recordCapturedConsent(app.db, {
      shop: TEST_SHOP,
      clientEventId: randomUUID(),
      action: "opt_in",
      phone: "+34 612 000 111",
      consentText: TEXT,
      sourceKind: "storefront_block",
      sourceDetail: "https://acme.example/#block",
      captureMethod: "checkbox",
    });
    expect(result.status).toBe("recorded");
    const task = await waitFor(
      () => app.db.writeBackTask.findFirstOrThrow({ where: { shopifyCustomerId: publicId(customer.id) } }),
      (row) => row.status === "done",
    );
    expect(task.status).toBe("done");
    expect(emulator.store.getCustomer(TEST_SHOP, customer.id)?.waState).toBe("SUBSCRIBED");
  });
});
