/**
 * shop/redact arrives 48 hours after an uninstall, and Shopify may deliver
 * it again. A repeat of a delivery already applied (same webhook id) must
 * not erase what the shop stored after reinstalling, and a delivery
 * triggered longer ago than Shopify retries (4 hours) is not applied at all.
 * The record kept of applied deliveries names no shop.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as webhooksComplianceRoute from "../../app/routes/webhooks.compliance";
import { loadTestApp, TEST_SHOP } from "../helpers/app";
import { callAction, rawWebhook } from "../helpers/webhooks";

let app: Awaited<ReturnType<typeof loadTestApp>>;
let action: Parameters<typeof callAction>[0];

beforeAll(async () => {
  app = await loadTestApp();
  action = webhooksComplianceRoute.action as typeof action;
});
afterAll(() => app.cleanup());

const install = () =>
  app.db.shop.upsert({
    where: { domain: TEST_SHOP },
    create: { domain: TEST_SHOP, brandName: "Acme Coffee", defaultCountry: "ES" },
    update: {},
  });

const shopRedact = (webhookId: string, triggeredAt: Date | null) =>
  rawWebhook("/webhooks/compliance", JSON.stringify({ shop_id: 1, shop_domain: TEST_SHOP }), {
    "x-shopify-topic": "shop/redact",
    "x-shopify-webhook-id": webhookId,
    // Empty: no trigger time (the helper would send the current one).
    "x-shopify-triggered-at": triggeredAt?.toISOString() ?? "",
  });

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

describe("shop/redact deliveries", () => {
  it("a repeat of an applied delivery leaves the reinstalled shop's data alone", async () => {
    await install();
    expect((await callAction(action, shopRedact("redact-1", hoursAgo(0.1)))).status).toBe(200);
    expect(await app.db.shop.count({ where: { domain: TEST_SHOP } })).toBe(0);
    const kept = await app.db.redactedShopDelivery.findMany();
    expect(JSON.stringify(kept)).not.toContain(TEST_SHOP);

    await install(); // reinstalled, new data
    expect((await callAction(action, shopRedact("redact-1", hoursAgo(0.1)))).status).toBe(200);
    expect(await app.db.shop.count({ where: { domain: TEST_SHOP } })).toBe(1);
  });

  it.each([
    ["triggered five hours ago", hoursAgo(5)],
    ["without a trigger time", null],
  ])("a delivery %s is refused with 400 and erases nothing", async (_name, triggeredAt) => {
    await install();
    const response = await callAction(action, shopRedact(`redact-${Math.random()}`, triggeredAt));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/4 hours/);
    expect(await app.db.shop.count({ where: { domain: TEST_SHOP } })).toBe(1);
  });

  it("a new delivery within the window is applied", async () => {
    await install();
    expect((await callAction(action, shopRedact("redact-2", hoursAgo(3.9)))).status).toBe(200);
    expect(await app.db.shop.count({ where: { domain: TEST_SHOP } })).toBe(0);
  });
});
