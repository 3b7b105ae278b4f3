/**
 * The checkout session token's claims the library leaves to the app: a
 * token without `exp` would be good forever, and `dest` must be exactly
 * https://<shop>.myshopify.com, not something that only looks like it.
 * Tokens are signed here with the app secret (HS256), as Shopify signs them,
 * so that each claim can be left out or bent.
 */
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as checkoutOptinRoute from "../../app/routes/checkout.optin";
import { loadTestApp, TEST_API_KEY, TEST_API_SECRET, TEST_SHOP } from "../helpers/app";
import { callAction } from "../helpers/webhooks";

const TEXT = "Yes, send me Acme Coffee offers and news on WhatsApp. Reply STOP to opt out.";
let app: Awaited<ReturnType<typeof loadTestApp>>;
let action: Parameters<typeof callAction>[0];

beforeAll(async () => {
  app = await loadTestApp();
  action = checkoutOptinRoute.action as typeof action;
  await app.db.shop.create({ data: { domain: TEST_SHOP, brandName: "Acme Coffee", defaultCountry: "US" } });
  await setConsentTextInUse(app.db, TEST_SHOP, "checkout", TEXT);
});
afterAll(() => app.cleanup());

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

function token(claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: `https://${TEST_SHOP}/admin`,
    dest: `https://${TEST_SHOP}`,
    aud: TEST_API_KEY,
    sub: "gid://shopify/Customer/1",
    exp: now + 60,
    nbf: now - 5,
    iat: now - 5,
    jti: randomUUID(),
    ...claims,
  };
  for (const [key, value] of Object.entries(payload)) if (value === undefined) delete (payload as never)[key];
  const unsigned = `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(payload))}`;
  return `${unsigned}.${base64url(createHmac("sha256", TEST_API_SECRET).update(unsigned).digest())}`;
}

const post = (jwt: string) =>
  callAction(
    action,
    new Request("https://app.example.test/checkout/optin", {
      method: "POST",
      headers: { authorization: `Bearer ${jwt}`, "content-type": "application/json" },
      body: JSON.stringify({
        eventId: randomUUID(),
        consent: true,
        phone: "+1 415 555 2671",
        consentText: TEXT,
        target: "thank_you",
        orderId: "gid://shopify/Order/1001",
      }),
    }),
  );

describe("checkout session token claims", () => {
  it("records with a complete token (the signing here is Shopify's)", async () => {
    expect((await post(token({}))).status).toBe(201);
  });

  it.each([
    ["no exp", { exp: undefined }],
    ["a dest with a path", { dest: `https://${TEST_SHOP}/evil` }],
    ["a dest with a port", { dest: `https://${TEST_SHOP}:8443` }],
    ["a dest with credentials", { dest: `https://user@${TEST_SHOP}` }],
    ["a dest over http", { dest: `http://${TEST_SHOP}` }],
    ["a dest with a query", { dest: `https://${TEST_SHOP}?x=1` }],
    ["a dest in capitals", { dest: `https://${TEST_SHOP.toUpperCase()}` }],
    ["a dest with a trailing dot", { dest: `https://${TEST_SHOP}.` }],
  ])("refuses a token with %s: 401, nothing recorded", async (_name, claims) => {
    const before = await app.db.consentEvent.count();
    const response = await post(token(claims));
    expect(response.status).toBe(401);
    expect((await response.json()).error).toBeTruthy();
    expect(await app.db.consentEvent.count()).toBe(before);
  });
});
