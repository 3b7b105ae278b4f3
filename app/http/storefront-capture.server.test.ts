/**
 * The storefront capture handler, called in-process with requests signed as
 * Shopify's App Proxy signs them (tools/support/app-proxy.ts) on a migrated
 * SQLite database: what is recorded for an opt-in and an opt-out, and the
 * security edges around it (signature, replay, the client's and the shop's
 * allowances, low here so that each limit is reached; the real defaults are
 * test/security/rate-limit-defaults.test.ts's).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTestApp } from "../../test/helpers/app";
import { freshProxyParams, optInBody, proxyRequestWithQuery } from "../../tools/support/app-proxy";
import { setConsentTextInUse } from "../ledger/consent-texts.server";
import { handleStorefrontCapture } from "./storefront-capture.server";

const PER_CLIENT = 3;
const PER_SHOP = 5;
const TEXT = optInBody().consentText;
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
  const domain = `storefront-${shops}.myshopify.com`;
  await app.db.shop.create({ data: { domain, brandName: "Acme Coffee", defaultCountry: "ES" } });
  expect(await setConsentTextInUse(app.db, domain, "storefront", TEXT)).toMatchObject({ ok: true });
  return domain;
}

interface Sender {
  /** The shopper's address as the App Proxy forwards it; null for none. */
  ip?: string | null;
  customerId?: string;
  method?: string;
  userAgent?: string;
}

/** A request to `/proxy/<kind>` signed for `shop` the way the App Proxy signs it. */
function proxyPost(shop: string, kind: "optin" | "optout", body: unknown, sender: Sender = {}): Request {
  const params = freshProxyParams().map(([name, value]): [string, string] => [
    name,
    name === "shop" ? shop : name === "logged_in_customer_id" ? (sender.customerId ?? "") : value,
  ]);
  const signed = proxyRequestWithQuery(`/proxy/${kind}`, params, {
    body: JSON.stringify(body),
    method: sender.method,
  });
  const request = new Request(signed);
  request.headers.delete("x-forwarded-for");
  const ip = sender.ip === undefined ? "203.0.113.7" : sender.ip;
  if (ip) request.headers.set("x-forwarded-for", ip);
  if (sender.userAgent) request.headers.set("user-agent", sender.userAgent);
  return request;
}

async function send(request: Request, kind: "optin" | "optout" = "optin"): Promise<Response> {
  try {
    return await handleStorefrontCapture(request, kind);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const eventsOf = (shop: string) => app.db.consentEvent.findMany({ where: { shop }, orderBy: { seq: "asc" } });
/** The refusals counted for the capture page, by reason. */
const refusalsOf = async (shop: string) =>
  Object.fromEntries(
    (await app.db.captureRefusal.findMany({ where: { shop }, select: { reason: true, count: true } })).map(
      ({ reason, count }) => [reason, count],
    ),
  );
const statuses = async (requests: Request[], kind: "optin" | "optout" = "optin") => {
  const answers: number[] = [];
  for (const request of requests) answers.push((await send(request, kind)).status);
  return answers;
};

describe("what a storefront capture records", () => {
  it("an opt-in is recorded as an opt-in with its wording, page, block, client and shopper", async () => {
    const shop = await newShop();
    const body = optInBody({
      pageUrl: "https://acme-coffee.example/pages/whatsapp?utm=1#top",
      blockId: "block-9",
    });
    const response = await send(
      proxyPost(shop, "optin", body, { customerId: "7208", userAgent: `Mozilla/5.0 ${"x".repeat(400)}` }),
    );
    expect(response.status).toBe(201);
    const [event] = await eventsOf(shop);
    expect(await response.json()).toEqual({ status: "recorded", eventId: event?.id });
    expect(event).toMatchObject({
      action: "opt_in",
      sourceKind: "storefront_block",
      sourceDetail: "https://acme-coffee.example/pages/whatsapp#block-9",
      captureMethod: "checkbox",
      clientEventId: body.eventId,
    });
    expect(event?.consentTextId).not.toBeNull();
    expect(JSON.parse(event?.details ?? "{}")).toMatchObject({
      userAgent: `Mozilla/5.0 ${"x".repeat(400)}`.slice(0, 300),
      ipPrefix: "203.0.113.0",
      locale: "es",
      loggedInCustomerId: "7208",
      pageUrl: body.pageUrl,
    });
    const contact = await app.db.contact.findUniqueOrThrow({ where: { id: event?.contactId } });
    expect(contact).toMatchObject({ phoneE164: "+34612345678", shopifyCustomerId: "7208" });
  });

  it("an opt-out is recorded as an opt-out, without wording, from the block when no block id is sent", async () => {
    const shop = await newShop();
    const body = {
      eventId: randomUUID(),
      phone: "612 34 56 78",
      country: "ES",
      confirm: true,
      pageUrl: "https://acme-coffee.example/stop",
    };
    const response = await send(proxyPost(shop, "optout", body), "optout");
    expect(response.status).toBe(201);
    const [event] = await eventsOf(shop);
    expect(event).toMatchObject({
      action: "opt_out",
      consentTextId: null,
      sourceKind: "storefront_block",
      sourceDetail: "https://acme-coffee.example/stop#block",
    });
  });

  it("an opt-out body sent to the opt-in address is refused 400 and records nothing", async () => {
    const shop = await newShop();
    const body = {
      eventId: randomUUID(),
      phone: "612 34 56 78",
      confirm: true,
      pageUrl: "https://acme-coffee.example/stop",
    };
    expect((await send(proxyPost(shop, "optin", body))).status).toBe(400);
    expect(await eventsOf(shop)).toEqual([]);
  });

  it("a retry of the same event, signed anew, is answered 200 and records nothing more", async () => {
    const shop = await newShop();
    const body = optInBody();
    expect((await send(proxyPost(shop, "optin", body))).status).toBe(201);
    const retry = await send(proxyPost(shop, "optin", body, { customerId: "1" }));
    expect(retry.status).toBe(200);
    expect((await retry.json()).status).toBe("already_recorded");
    expect(await eventsOf(shop)).toHaveLength(1);
  });

  it("anything but POST is refused 405", async () => {
    const shop = await newShop();
    const request = proxyPost(shop, "optin", optInBody(), { method: "GET" });
    expect((await send(request)).status).toBe(405);
  });
});

describe("the storefront capture's security edges", () => {
  it("a request signed with another secret is refused 401, records nothing and uses none of the client's allowance", async () => {
    const shop = await newShop();
    const forged = () => {
      const request = proxyRequestWithQuery(
        "/proxy/optin",
        freshProxyParams().map(([n, v]) => [n, n === "shop" ? shop : v]),
        {
          body: JSON.stringify(optInBody()),
          secret: "another-secret",
        },
      );
      return request;
    };
    expect(await statuses(Array.from({ length: PER_CLIENT + 1 }, forged))).toEqual(
      Array(PER_CLIENT + 1).fill(401),
    );
    expect(await eventsOf(shop)).toEqual([]);
    expect(await refusalsOf(shop)).toEqual({ bad_signature: PER_CLIENT + 1 });
    expect((await send(proxyPost(shop, "optin", optInBody(), { ip: "198.51.100.9" }))).status).toBe(201);
  });

  it("the same signed URL sent again with the same event is a replay: 401, one event", async () => {
    const shop = await newShop();
    const body = optInBody();
    const first = proxyPost(shop, "optin", body);
    const replay = new Request(first.url, {
      method: "POST",
      body: JSON.stringify(body),
      headers: first.headers,
    });
    expect(await statuses([first, replay])).toEqual([201, 401]);
    expect(await eventsOf(shop)).toHaveLength(1);
    expect(await refusalsOf(shop)).toEqual({ bad_signature: 1 });
  });

  it("a phone that is no number is refused 422, records nothing and is counted as invalid input; wrong wording as wrong wording", async () => {
    const shop = await newShop();
    expect((await send(proxyPost(shop, "optin", optInBody({ phone: "+999 1234 5678" })))).status).toBe(422);
    expect(await refusalsOf(shop)).toEqual({ invalid_input: 1 });
    const wrongWording = optInBody({ consentText: "Some other wording on WhatsApp." });
    expect((await send(proxyPost(shop, "optin", wrongWording, { ip: "203.0.113.8" }))).status).toBe(422);
    expect(await eventsOf(shop)).toEqual([]);
    expect(await refusalsOf(shop)).toEqual({ invalid_input: 1, wrong_wording: 1 });
  });

  it("a refused request (wording the shop does not show, 422) leaves no replay mark: the corrected retry is recorded", async () => {
    const shop = await newShop();
    const eventId = randomUUID();
    const wrong = proxyPost(
      shop,
      "optin",
      optInBody({ eventId, consentText: "Some other wording on WhatsApp." }),
    );
    expect((await send(wrong)).status).toBe(422);
    expect(await eventsOf(shop)).toEqual([]);
    const corrected = new Request(wrong.url, {
      method: "POST",
      body: JSON.stringify(optInBody({ eventId })),
      headers: wrong.headers,
    });
    expect((await send(corrected)).status).toBe(201);
  });

  it("the 4th request from one client in a minute is refused 429 with Retry-After and records nothing; another client is served", async () => {
    const shop = await newShop();
    const fromClient = () => proxyPost(shop, "optin", optInBody(), { ip: "192.0.2.10" });
    expect(await statuses(Array.from({ length: PER_CLIENT }, fromClient))).toEqual([201, 201, 201]);
    const limited = await send(fromClient());
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(await eventsOf(shop)).toHaveLength(PER_CLIENT);
    expect(await refusalsOf(shop)).toEqual({ rate_limited: 1 });
    expect((await send(proxyPost(shop, "optin", optInBody(), { ip: "192.0.3.10" }))).status).toBe(201);
    // The same client at another shop has an allowance of its own there.
    const other = await newShop();
    expect((await send(proxyPost(other, "optin", optInBody(), { ip: "192.0.2.10" }))).status).toBe(201);
  });

  it("malformed requests count against their client, never against the shop", async () => {
    const shop = await newShop();
    const junk = (ip: string) => proxyPost(shop, "optin", { phone: "612 34 56 78" }, { ip });
    const junkStatuses = await statuses(
      ["192.0.4.1", "192.0.5.1"].flatMap((ip) => Array.from({ length: PER_CLIENT }, () => junk(ip))),
    );
    expect(junkStatuses).toEqual(Array(2 * PER_CLIENT).fill(400));
    expect(await refusalsOf(shop)).toEqual({ invalid_input: 2 * PER_CLIENT });
    expect((await send(junk("192.0.4.1"))).status).toBe(429);
    expect((await send(proxyPost(shop, "optin", optInBody(), { ip: "192.0.6.1" }))).status).toBe(201);
  });

  it("the shop's 6th well-formed request in a minute is refused 429 even from a new client, and records nothing", async () => {
    const shop = await newShop();
    const clients = Array.from({ length: PER_SHOP + 1 }, (_, i) => `198.18.${i}.1`);
    const answers = await statuses(clients.map((ip) => proxyPost(shop, "optin", optInBody(), { ip })));
    expect(answers).toEqual([...Array(PER_SHOP).fill(201), 429]);
    expect(await eventsOf(shop)).toHaveLength(PER_SHOP);
    expect(await refusalsOf(shop)).toEqual({ rate_limited: 1 });
  });

  it("without an address, logged-in shoppers are counted one by one", async () => {
    const shop = await newShop();
    const asCustomer = (customerId: string) =>
      proxyPost(shop, "optin", optInBody(), { ip: null, customerId });
    expect(await statuses(Array.from({ length: PER_CLIENT + 1 }, () => asCustomer("11")))).toEqual([
      201, 201, 201, 429,
    ]);
    expect((await send(asCustomer("12"))).status).toBe(201);
  });
});
