/**
 * Every public route is rate limited: after RATE_LIMIT_PER_CLIENT requests
 * a minute from one client (its real default, 20), 429 with Retry-After and
 * a message, and nothing recorded. (Webhooks from Shopify are HMAC-verified instead; see
 * docs/decisions/004-security-review.md.)
 */
import { randomUUID } from "node:crypto";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appEnv } from "../../app/env.server";
import * as checkoutOptinRoute from "../../app/routes/checkout.optin";
import * as proxyOptinRoute from "../../app/routes/proxy.optin";
import * as proxyOptoutRoute from "../../app/routes/proxy.optout";
import * as whatsappInboundRoute from "../../app/routes/whatsapp.inbound";
import * as whatsappMetaRoute from "../../app/routes/whatsapp.meta";
import { freshProxyParams, optInBody, proxyRequestWithQuery } from "../../tools/support/app-proxy";
import { loadTestApp, TEST_API_KEY, TEST_API_SECRET, TEST_SHOP } from "../helpers/app";
import { rowCounts } from "../helpers/fuzz";
import { inboundRequest } from "../helpers/inbound";
import { callAction } from "../helpers/webhooks";

/** RATE_LIMIT_PER_CLIENT's default (app/env.server.ts): tested as shipped, not lowered. */
const LIMIT = 20;
type Handler = (args: {
  request: Request;
  params: Record<string, string>;
  context: Record<string, unknown>;
}) => Promise<Response>;
let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  // One load balancer in front: its X-Forwarded-For entry is the client (test/security/rate-limit-defaults.test.ts).
  app = await loadTestApp({ TRUST_PROXY_HOPS: "1" });
  delete process.env.RATE_LIMIT_PER_CLIENT;
  delete process.env.RATE_LIMIT_PER_SHOP;
  expect(appEnv().RATE_LIMIT_PER_CLIENT).toBe(LIMIT);
  await app.db.shop.create({
    data: { domain: TEST_SHOP, brandName: "Acme Coffee", inboundSecret: "s3cret" },
  });
});
afterAll(() => app.cleanup());

const withIp = (request: Request, ip: string) => {
  const copy = new Request(request);
  copy.headers.set("x-forwarded-for", ip);
  return copy;
};

async function checkout(ip: string) {
  const token = (await getJwt(TEST_SHOP.replace(".myshopify.com", ""), TEST_API_KEY, TEST_API_SECRET)).token;
  return new Request("https://app.example.test/checkout/optin", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "x-forwarded-for": ip },
    body: JSON.stringify({ eventId: randomUUID() }),
  });
}

const cases: [string, () => Promise<Handler>, (ip: string) => Promise<Request> | Request][] = [
  [
    "proxy.optin",
    async () => proxyOptinRoute.action as Handler,
    (ip) => withIp(proxyRequestWithQuery("/proxy/optin", freshProxyParams(), { body: "{}" }), ip),
  ],
  [
    "proxy.optout",
    async () => proxyOptoutRoute.action as Handler,
    (ip) =>
      withIp(
        proxyRequestWithQuery("/proxy/optout", freshProxyParams(), { body: JSON.stringify(optInBody()) }),
        ip,
      ),
  ],
  ["checkout.optin", async () => checkoutOptinRoute.action as Handler, checkout],
  [
    "whatsapp.inbound (bad signatures)",
    async () => whatsappInboundRoute.action as Handler,
    (ip) => withIp(inboundRequest({ messageId: "m", from: "+34612345678", text: "STOP" }, "guess"), ip),
  ],
  [
    "whatsapp.meta (bad signatures)",
    async () => whatsappMetaRoute.action as Handler,
    (ip) =>
      new Request(`https://app.example.test/whatsapp/meta?shop=${TEST_SHOP}`, {
        method: "POST",
        body: "{}",
        headers: { "x-hub-signature-256": "sha256=00", "x-forwarded-for": ip },
      }),
  ],
  [
    "whatsapp.meta verification",
    async () => whatsappMetaRoute.loader as Handler,
    (ip) =>
      new Request(
        `https://app.example.test/whatsapp/meta?shop=${TEST_SHOP}&hub.mode=subscribe&hub.verify_token=guess`,
        {
          headers: { "x-forwarded-for": ip },
        },
      ),
  ],
];

let clientNetwork = 0;

describe("rate limits on public routes", () => {
  it.each(cases)(
    "%s: 429 with Retry-After after the per-client limit, nothing recorded",
    async (_name, load, make) => {
      const handler = await load();
      // One /24 per case: the limiter keys clients by truncated address.
      clientNetwork += 1;
      const ip = `198.18.${clientNetwork}.7`;
      const before = await rowCounts(app.db);
      const statuses: number[] = [];
      for (let index = 0; index < LIMIT; index++)
        statuses.push((await callAction(handler, await make(ip))).status);
      expect(statuses.every((status) => status !== 429)).toBe(true);
      const limited = await callAction(handler, await make(ip));
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("60");
      expect((await limited.json()).error).toMatch(/wait a minute/);
      expect(await rowCounts(app.db)).toEqual(before);
      // Another client is not affected.
      expect((await callAction(handler, await make("192.0.2.200"))).status).not.toBe(429);
    },
  );
});
