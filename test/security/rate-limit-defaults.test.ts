/**
 * The public routes' limits at their real defaults (20 a minute per client,
 * 6,000 per shop), in memory (no REDIS_URL), behind one load balancer
 * (TRUST_PROXY_HOPS=1, the address it saw arriving as the connection's peer
 * in X-WA-Peer-Address as server.js passes it):
 * - junk that passes the signature counts against its client only, never
 *   against the shop: after 6,000 signed junk requests from 6,000 clients a
 *   real opt-in is still recorded;
 * - the shop's allowance is 6,000 well-formed requests a minute;
 * - a client cannot escape its limit by writing its own X-Forwarded-For
 *   entries, and a checkout request without any address is limited too;
 * - the checkout endpoint and the WhatsApp inbound webhook have the same
 *   per-shop allowance; every 429 says when to retry (Retry-After: 60).
 */
import { randomUUID } from "node:crypto";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appEnv } from "../../app/env.server";
import { PEER_ADDRESS_HEADER } from "../../app/http/client-address";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as checkoutOptinRoute from "../../app/routes/checkout.optin";
import * as proxyOptinRoute from "../../app/routes/proxy.optin";
import * as whatsappInboundRoute from "../../app/routes/whatsapp.inbound";
import { freshProxyParams, optInBody, proxyRequestWithQuery } from "../../tools/support/app-proxy";
import { loadTestApp, TEST_API_KEY, TEST_API_SECRET, TEST_SHOP } from "../helpers/app";
import { inboundRequest } from "../helpers/inbound";
import { callAction } from "../helpers/webhooks";

type Handler = Parameters<typeof callAction>[0];
const PER_CLIENT = 20;
const PER_SHOP = 6000;
const LOAD_BALANCER = "10.0.0.2";
const BUSY_SHOP = "busy-shop.myshopify.com";
const CHECKOUT_SHOP = "busy-checkout.myshopify.com";
const INBOUND_SHOP = "busy-inbound.myshopify.com";
const INBOUND_SECRET = "inbound-s3cret";
let app: Awaited<ReturnType<typeof loadTestApp>>;
let optIn: Handler;
let checkout: Handler;
let inbound: Handler;

beforeAll(async () => {
  app = await loadTestApp({ TRUST_PROXY_HOPS: "1" });
  delete process.env.RATE_LIMIT_PER_CLIENT;
  delete process.env.RATE_LIMIT_PER_SHOP;
  delete process.env.REDIS_URL;
  expect(appEnv()).toMatchObject({ RATE_LIMIT_PER_CLIENT: PER_CLIENT, RATE_LIMIT_PER_SHOP: PER_SHOP });
  for (const shop of [TEST_SHOP, BUSY_SHOP]) {
    await app.db.shop.create({ data: { domain: shop, brandName: "Acme Coffee", defaultCountry: "ES" } });
    await setConsentTextInUse(app.db, shop, "storefront", optInBody().consentText);
  }
  optIn = proxyOptinRoute.action as Handler;
  checkout = checkoutOptinRoute.action as Handler;
  inbound = whatsappInboundRoute.action as Handler;
  await app.db.shop.create({
    data: { domain: CHECKOUT_SHOP, brandName: "Acme Coffee", defaultCountry: "ES" },
  });
  await app.db.shop.create({ data: { domain: INBOUND_SHOP, inboundSecret: INBOUND_SECRET } });
}, 60_000);
afterAll(() => app.cleanup());

/**
 * A storefront request as it reaches the app: Shopify's App Proxy appended
 * the shopper's address to X-Forwarded-For, the load balancer appended
 * Shopify's, and connected to the app itself. `written` is what the shopper
 * put in the header themselves.
 */
function storefront(shopper: string, body: unknown, options: { shop?: string; written?: string } = {}) {
  const params = freshProxyParams().map(([key, value]): [string, string] =>
    key === "shop" ? [key, options.shop ?? TEST_SHOP] : [key, value],
  );
  const request = proxyRequestWithQuery("/proxy/optin", params, { body: JSON.stringify(body) });
  const chain = [options.written, shopper, "23.227.38.1"].filter(Boolean).join(", ");
  request.headers.set("x-forwarded-for", chain);
  request.headers.set(PEER_ADDRESS_HEADER, LOAD_BALANCER);
  return request;
}

/** A different /24 for each index: the limiter keys clients by truncated address. */
const shopperAddress = (index: number) => `100.${64 + Math.floor(index / 250)}.${index % 250}.9`;

describe("limits that hold, at their defaults", () => {
  it("6,000 signed junk requests from 6,000 clients leave the shop's allowance untouched", async () => {
    for (let index = 0; index < PER_SHOP; index++) {
      const response = await callAction(optIn, storefront(shopperAddress(index), { junk: true }));
      expect(response.status).toBe(400);
    }
    const real = await callAction(optIn, storefront("192.0.2.10", optInBody()));
    expect(real.status).toBe(201);
  }, 240_000);

  it("the shop takes 6,000 well-formed requests a minute, then 429", async () => {
    const statuses = new Map<number, number>();
    let lastLimited: Response | undefined;
    for (let index = 0; index <= PER_SHOP; index++) {
      // Well-formed but refused by the ledger (the wording is not the shop's): counted, nothing stored.
      const body = optInBody({ consentText: `Offers from Acme Coffee on WhatsApp ${index}` });
      const response = await callAction(optIn, storefront(shopperAddress(index), body, { shop: BUSY_SHOP }));
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status === 429) lastLimited = response;
    }
    expect(statuses.get(429)).toBe(1);
    expect(lastLimited?.headers.get("retry-after")).toBe("60");
    expect(
      [...statuses.entries()].filter(([status]) => status !== 429).reduce((sum, [, n]) => sum + n, 0),
    ).toBe(PER_SHOP);
  }, 240_000);

  it("a shopper writing their own X-Forwarded-For entries is still one client: 429 after 20", async () => {
    const statuses: number[] = [];
    for (let index = 0; index <= PER_CLIENT; index++) {
      const written = `${index}.${index}.${index}.1`;
      statuses.push(
        (await callAction(optIn, storefront("198.51.100.23", { junk: index }, { written }))).status,
      );
    }
    expect(statuses.slice(0, PER_CLIENT).every((status) => status === 400)).toBe(true);
    expect(statuses[PER_CLIENT]).toBe(429);
  });

  it("checkout requests without any client address are limited per client as well", async () => {
    const { token } = await getJwt(TEST_SHOP.replace(".myshopify.com", ""), TEST_API_KEY, TEST_API_SECRET);
    const statuses: number[] = [];
    for (let index = 0; index <= PER_CLIENT; index++) {
      const request = new Request("https://app.example.test/checkout/optin", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ eventId: randomUUID() }),
      });
      statuses.push((await callAction(checkout, request)).status);
    }
    expect(statuses.slice(0, PER_CLIENT).every((status) => status === 400)).toBe(true);
    expect(statuses[PER_CLIENT]).toBe(429);
  });

  it("the checkout endpoint takes 6,000 well-formed requests a minute per shop, then 429 with Retry-After", async () => {
    const store = CHECKOUT_SHOP.replace(".myshopify.com", "");
    const { token } = await getJwt(store, TEST_API_KEY, TEST_API_SECRET);
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let index = 0; index <= PER_SHOP; index++) {
      // Well-formed, from 6,001 clients, refused by the ledger (no wording set up): counted, nothing stored.
      const request = new Request("https://app.example.test/checkout/optin", {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "x-forwarded-for": shopperAddress(index),
          [PEER_ADDRESS_HEADER]: LOAD_BALANCER,
        },
        body: JSON.stringify({
          eventId: randomUUID(),
          consent: true,
          phone: "+34 612 345 678",
          target: "checkout",
        }),
      });
      const response = await callAction(checkout, request);
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses.slice(0, PER_SHOP).filter((status) => status === 429)).toEqual([]);
    expect(statuses[PER_SHOP]).toBe(429);
    expect(limited?.headers.get("retry-after")).toBe("60");
    expect(await app.db.consentEvent.count({ where: { shop: CHECKOUT_SHOP } })).toBe(0);
  }, 240_000);

  it("the WhatsApp inbound webhook takes 6,000 signed deliveries a minute per shop, then 429 with Retry-After", async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let index = 0; index <= PER_SHOP; index++) {
      // Signed, so counted against the shop; no messages in it, so nothing recorded.
      const response = await callAction(
        inbound,
        inboundRequest({ messages: [] }, INBOUND_SECRET, INBOUND_SHOP),
      );
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses.slice(0, PER_SHOP).filter((status) => status === 429)).toEqual([]);
    expect(statuses[PER_SHOP]).toBe(429);
    expect(limited?.headers.get("retry-after")).toBe("60");
    expect(await app.db.consentEvent.count({ where: { shop: INBOUND_SHOP } })).toBe(0);
  }, 240_000);
});
