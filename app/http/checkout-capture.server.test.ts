/**
 * The checkout capture handler, called in-process with session tokens signed
 * by Shopify's own test helper (getJwt, HS256 with the app secret) on a
 * migrated SQLite database: the shopper's choice is recorded as made, and a
 * token for another app, without expiry, for no store, or signed with
 * another secret records nothing. Allowances are low here so that each
 * limit is reached (the real defaults: test/security/rate-limit-defaults.test.ts).
 */
import { randomUUID } from "node:crypto";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTestApp, TEST_API_KEY, TEST_API_SECRET } from "../../test/helpers/app";
import { refusalsLastDay } from "../capture/refusals.server";
import { setConsentTextInUse } from "../ledger/consent-texts.server";
import { handleCheckoutCapture, handleCheckoutPreflight } from "./checkout-capture.server";
import { PEER_ADDRESS_HEADER } from "./client-address";

const PER_CLIENT = 3;
const PER_SHOP = 5;
const TEXT = "Yes, send me Acme Coffee offers and news on WhatsApp. Reply STOP to opt out.";
const NO_REFUSALS = { wrong_wording: 0, bad_signature: 0, rate_limited: 0, invalid_input: 0 };
let app: Awaited<ReturnType<typeof loadTestApp>>;
let shops = 0;

beforeAll(async () => {
  app = await loadTestApp({
    RATE_LIMIT_PER_CLIENT: String(PER_CLIENT),
    RATE_LIMIT_PER_SHOP: String(PER_SHOP),
    TRUST_PROXY_HOPS: "0",
  });
});
afterAll(() => app.cleanup());

/** A shop of its own per test, so that each test starts with the whole shop allowance. */
async function newShop(): Promise<string> {
  shops += 1;
  const domain = `checkout-${shops}.myshopify.com`;
  await app.db.shop.create({ data: { domain, brandName: "Acme Coffee", defaultCountry: "US" } });
  // The library answers 410 for a store without the app's offline session (not installed).
  await app.db.session.create({
    data: {
      id: `offline_${domain}`,
      shop: domain,
      state: "",
      isOnline: false,
      accessToken: "shpat_checkout",
    },
  });
  expect(await setConsentTextInUse(app.db, domain, "checkout", TEXT)).toMatchObject({ ok: true });
  return domain;
}

const tokenFor = async (shop: string, claims: Record<string, unknown> = {}, secret = TEST_API_SECRET) =>
  (await getJwt(shop.replace(".myshopify.com", ""), TEST_API_KEY, secret, claims)).token;

const body = (overrides: Record<string, unknown> = {}) => ({
  eventId: randomUUID(),
  consent: true,
  phone: "+1 415 555 2671",
  consentText: TEXT,
  target: "thank_you",
  ...overrides,
});

function checkoutPost(
  token: string | null,
  payload: unknown,
  ip: string | null = "203.0.113.7",
  method = "POST",
) {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "Mozilla/5.0 (checkout extension)",
    // The extension runs on Shopify's CDN: the library adds CORS headers for a cross-origin caller.
    origin: "https://extensions.shopifycdn.com",
  };
  if (token) headers.authorization = `Bearer ${token}`;
  // No proxy in front (TRUST_PROXY_HOPS=0): the client is the connection's peer, as server.js passes it.
  if (ip) headers[PEER_ADDRESS_HEADER] = ip;
  return new Request("https://app.example.test/checkout/optin", {
    method,
    headers,
    body: method === "GET" || method === "OPTIONS" ? undefined : JSON.stringify(payload),
  });
}

async function send(request: Request): Promise<Response> {
  try {
    return await handleCheckoutCapture(request);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const eventsOf = (shop: string) => app.db.consentEvent.findMany({ where: { shop }, orderBy: { seq: "asc" } });
const statuses = async (requests: Request[]) => {
  const answers: number[] = [];
  for (const request of requests) answers.push((await send(request)).status);
  return answers;
};

describe("what a checkout capture records", () => {
  it("a ticked box is an opt-in from the thank-you page, linked to the order and the customer", async () => {
    const shop = await newShop();
    const payload = body({ orderId: "gid://shopify/Order/1001", checkoutToken: "tok-1" });
    const token = await tokenFor(shop, { sub: "gid://shopify/Customer/42" });
    const response = await send(checkoutPost(token, payload));
    expect(response.status).toBe(201);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const [event] = await eventsOf(shop);
    expect(await response.json()).toEqual({ status: "recorded", eventId: event?.id });
    expect(event).toMatchObject({
      action: "opt_in",
      sourceKind: "thank_you",
      sourceDetail: "order:gid://shopify/Order/1001",
      captureMethod: "checkbox",
      clientEventId: payload.eventId,
    });
    expect(event?.consentTextId).not.toBeNull();
    expect(JSON.parse(event?.details ?? "{}")).toMatchObject({
      userAgent: "Mozilla/5.0 (checkout extension)",
      checkoutToken: "tok-1",
    });
    const contact = await app.db.contact.findUniqueOrThrow({ where: { id: event?.contactId } });
    expect(contact.shopifyCustomerId).toBe("42");
  });

  it("an unticked box is recorded as an opt-out, whatever wording came with it", async () => {
    const shop = await newShop();
    const response = await send(
      checkoutPost(await tokenFor(shop), body({ consent: false, target: "checkout" })),
    );
    expect(response.status).toBe(201);
    const [event] = await eventsOf(shop);
    expect(event).toMatchObject({ action: "opt_out", sourceKind: "checkout", sourceDetail: "" });
  });

  it("without an order, the checkout token is the reference; a subject that is not a customer links no one", async () => {
    const shop = await newShop();
    const token = await tokenFor(shop, { sub: "gid://shopify/Staff/42" });
    expect((await send(checkoutPost(token, body({ checkoutToken: "tok-2" })))).status).toBe(201);
    const [event] = await eventsOf(shop);
    expect(event?.sourceDetail).toBe("checkout:tok-2");
    const contact = await app.db.contact.findUniqueOrThrow({ where: { id: event?.contactId } });
    expect(contact.shopifyCustomerId).toBeNull();
  });

  it("links a customer only from a subject that is exactly a customer id, nothing before or after it", async () => {
    for (const sub of ["x-gid://shopify/Customer/42", "gid://shopify/Customer/42/orders"]) {
      const shop = await newShop();
      const token = await tokenFor(shop, { sub });
      expect((await send(checkoutPost(token, body({ checkoutToken: "tok-3" })))).status, sub).toBe(201);
      const [event] = await eventsOf(shop);
      const contact = await app.db.contact.findUniqueOrThrow({ where: { id: event?.contactId } });
      expect(contact.shopifyCustomerId, sub).toBeNull();
    }
  });

  it("keeps the first 300 characters of a long user agent, and records a request without one", async () => {
    const shop = await newShop();
    const token = await tokenFor(shop);
    const long = checkoutPost(token, body());
    const browser =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
    long.headers.set("user-agent", `${browser} ${"ab".repeat(200)}`);
    const none = checkoutPost(token, body());
    none.headers.delete("user-agent");
    expect(await statuses([long, none])).toEqual([201, 201]);
    const [first, second] = await eventsOf(shop);
    expect(JSON.parse(first?.details ?? "{}").userAgent).toBe(`${browser} ${"ab".repeat(200)}`.slice(0, 300));
    expect(JSON.parse(second?.details ?? "{}").userAgent).toBeUndefined();
  });

  it("a retry of the same event is answered 200 and records nothing more", async () => {
    const shop = await newShop();
    const payload = body();
    const token = await tokenFor(shop);
    expect(await statuses([checkoutPost(token, payload), checkoutPost(token, payload)])).toEqual([201, 200]);
    expect(await eventsOf(shop)).toHaveLength(1);
  });

  it("wording the shop does not show is refused 422 with a sentence the extension can read", async () => {
    const shop = await newShop();
    const response = await send(
      checkoutPost(await tokenFor(shop), body({ consentText: "Other words on WhatsApp." })),
    );
    expect(response.status).toBe(422);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect((await response.json()).error).toBeTruthy();
    expect(await eventsOf(shop)).toEqual([]);
    // The capture page counts it under its own reason, so the merchant knows to check the wording.
    expect(await refusalsLastDay(app.db, shop)).toEqual({ ...NO_REFUSALS, wrong_wording: 1 });
  });

  it("a phone number that cannot be read is refused 422 and counted as invalid input, not as wording", async () => {
    const shop = await newShop();
    const response = await send(checkoutPost(await tokenFor(shop), body({ phone: "12345" })));
    expect(response.status).toBe(422);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await eventsOf(shop)).toEqual([]);
    expect(await refusalsLastDay(app.db, shop)).toEqual({ ...NO_REFUSALS, invalid_input: 1 });
  });

  it("a malformed body is refused 400 naming the field, readable by the extension", async () => {
    const shop = await newShop();
    const response = await send(checkoutPost(await tokenFor(shop), body({ consent: "yes" })));
    expect(response.status).toBe(400);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect((await response.json()).field).toBe("consent");
    expect(await refusalsLastDay(app.db, shop)).toEqual({ ...NO_REFUSALS, invalid_input: 1 });
  });
});

describe("the checkout capture's security edges", () => {
  it("no token, or one signed with another secret, is refused 401 with a sentence the extension can read", async () => {
    const shop = await newShop();
    for (const token of [null, await tokenFor(shop, {}, "another-secret")]) {
      const response = await send(checkoutPost(token, body()));
      expect(response.status).toBe(401);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect((await response.json()).error).toBe(
        "The checkout session token is missing, expired or not signed by Shopify. Reload the page.",
      );
    }
    expect(await eventsOf(shop)).toEqual([]);
  });

  it.each([
    ["issued for another app", { aud: "another-app" }, "This session token was issued for another app."],
    ["without expiry", { exp: undefined }, "This session token has no expiry. Reload the page."],
    [
      "naming no Shopify store",
      { dest: "https://evil.example" },
      "This session token does not name a Shopify store.",
    ],
  ])(
    "a token %s is refused 401, readable by the extension, and records nothing",
    async (_name, claims, message) => {
      const shop = await newShop();
      const response = await send(checkoutPost(await tokenFor(shop, claims), body()));
      expect(response.status).toBe(401);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect((await response.json()).error).toBe(message);
      expect(await eventsOf(shop)).toEqual([]);
    },
  );

  it("the OPTIONS preflight gets the library's own answer, not a refusal", async () => {
    const preflight = new Request("https://app.example.test/checkout/optin", {
      method: "OPTIONS",
      headers: { origin: "https://extensions.shopifycdn.com", "access-control-request-method": "POST" },
    });
    const answer = await send(preflight).catch((thrown) => thrown as Response);
    const viaLoader = await handleCheckoutPreflight(preflight.clone()).catch((thrown) => thrown as Response);
    for (const response of [answer, viaLoader]) {
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
    }
  });

  it("a signed GET is refused 405 with CORS; the OPTIONS preflight is answered by the library", async () => {
    const shop = await newShop();
    const token = await tokenFor(shop);
    const get = await send(checkoutPost(token, null, "203.0.113.7", "GET"));
    expect(get.status).toBe(405);
    expect(get.headers.get("access-control-allow-origin")).toBe("*");
    const loaderGet = await handleCheckoutPreflight(checkoutPost(token, null, "203.0.113.7", "GET"));
    expect(loaderGet.status).toBe(405);
    expect(loaderGet.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("the 4th request from one client in a minute is refused 429 with Retry-After, readable by the extension; another client is served", async () => {
    const shop = await newShop();
    const token = await tokenFor(shop);
    const fromClient = () => checkoutPost(token, body(), "192.0.2.10");
    expect(await statuses([fromClient(), fromClient(), fromClient()])).toEqual([201, 201, 201]);
    const limited = await send(fromClient());
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(limited.headers.get("access-control-allow-origin")).toBe("*");
    expect(await eventsOf(shop)).toHaveLength(PER_CLIENT);
    expect(await refusalsLastDay(app.db, shop)).toEqual({ ...NO_REFUSALS, rate_limited: 1 });
    expect((await send(checkoutPost(token, body(), "192.0.3.10"))).status).toBe(201);
    // The same client at another shop has an allowance of its own there.
    const other = await newShop();
    expect((await send(checkoutPost(await tokenFor(other), body(), "192.0.2.10"))).status).toBe(201);
  });

  it("requests without any address share one allowance: they cannot escape the limit", async () => {
    const shop = await newShop();
    const token = await tokenFor(shop);
    const answers = await statuses(
      Array.from({ length: PER_CLIENT + 1 }, () => checkoutPost(token, body(), null)),
    );
    expect(answers).toEqual([201, 201, 201, 429]);
  });

  it("malformed requests count against their client only; the shop's 6th well-formed request is refused 429", async () => {
    const shop = await newShop();
    const token = await tokenFor(shop);
    const junk = await statuses(
      Array.from({ length: PER_CLIENT }, (_, i) => checkoutPost(token, { consent: true }, `198.19.${i}.1`)),
    );
    expect(junk).toEqual(Array(PER_CLIENT).fill(400));
    expect(await refusalsLastDay(app.db, shop)).toEqual({ ...NO_REFUSALS, invalid_input: PER_CLIENT });
    const clients = Array.from({ length: PER_SHOP + 1 }, (_, i) => `198.18.${i}.1`);
    const answers = await statuses(clients.map((ip) => checkoutPost(token, body(), ip)));
    expect(answers).toEqual([...Array(PER_SHOP).fill(201), 429]);
    expect(await eventsOf(shop)).toHaveLength(PER_SHOP);
    expect(await refusalsLastDay(app.db, shop)).toEqual({
      ...NO_REFUSALS,
      invalid_input: PER_CLIENT,
      rate_limited: 1,
    });
  });
});
