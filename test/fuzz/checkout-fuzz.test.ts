/**
 * Fuzzing the checkout extension endpoint (checkout.optin): valid session
 * tokens with any body, tokens with odd claims, and invalid tokens.
 */
import { getJwt } from "@shopify/shopify-api/test-helpers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as checkoutOptinRoute from "../../app/routes/checkout.optin";
import { loadTestApp, TEST_API_KEY, TEST_API_SECRET, TEST_SHOP } from "../helpers/app";
import {
  answer,
  anyBody,
  anyText,
  changedTables,
  databaseState,
  expectClearRejection,
  expectEventsAppended,
  expectUnchanged,
  FUZZ_RUNS,
} from "../helpers/fuzz";

let app: Awaited<ReturnType<typeof loadTestApp>>;
let action: (args: { request: Request }) => Promise<Response>;
const TEXT = "Yes, send me Acme Coffee offers and news on WhatsApp. Reply STOP to opt out.";
const STORE = TEST_SHOP.replace(/\.myshopify\.com$/, "");
let token: string;

beforeAll(async () => {
  // Every request of the fuzzer comes from one client without an address: limits are not under test here.
  app = await loadTestApp({ RATE_LIMIT_PER_CLIENT: "100000", RATE_LIMIT_PER_SHOP: "100000" });
  action = checkoutOptinRoute.action as never;
  await app.db.shop.create({ data: { domain: TEST_SHOP, brandName: "Acme Coffee", defaultCountry: "US" } });
  await setConsentTextInUse(app.db, TEST_SHOP, "checkout", TEXT);
  token = (await getJwt(STORE, TEST_API_KEY, TEST_API_SECRET)).token;
});
afterAll(() => app.cleanup());

function post(body: string, authorization: string | null, method = "POST") {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    origin: "https://extensions.shopifycdn.com",
  };
  if (authorization !== null) headers.authorization = authorization;
  return new Request("https://app.example.test/checkout/optin", { method, headers, body });
}

const mostly = <T>(valid: fc.Arbitrary<T>, ...garbage: fc.Arbitrary<unknown>[]) =>
  fc.oneof(
    { arbitrary: valid, weight: 6 },
    { arbitrary: fc.constant(undefined), weight: 1 }, // the field is left out
    ...garbage.map((arbitrary) => ({ arbitrary, weight: 1 })),
  );

const nearlyValidBody = fc
  .record({
    eventId: mostly(fc.uuid({ version: 4 }), anyText),
    consent: mostly(fc.boolean(), fc.anything()),
    phone: fc.oneof(
      { arbitrary: fc.constantFrom("+1 415 555 2671", "4155552671"), weight: 4 },
      fc.constantFrom("+0", "+44"),
      anyText,
      fc.integer(),
    ),
    country: mostly(fc.constantFrom("US", "gb", "QQ"), anyText),
    consentText: mostly(fc.constant(TEXT), anyText),
    target: mostly(fc.constantFrom("checkout", "thank_you"), anyText),
    checkoutToken: mostly(fc.stringMatching(/^[0-9a-f]{1,40}$/), anyText),
    orderId: mostly(fc.constant("gid://shopify/Order/1001"), anyText),
  })
  .map((body) => JSON.stringify(body));

/**
 * Refused: the database holds exactly what it held. Recorded (201): one event
 * more, every earlier one unchanged. Already recorded (200): nothing written.
 */
async function send(request: Request) {
  const before = await databaseState(app.db);
  const response = await answer(action, request);
  const after = await databaseState(app.db);
  if (response.status >= 400) {
    await expectClearRejection(response, [400, 401, 405, 413, 422]);
    expectUnchanged(before, after);
  } else {
    expect([200, 201]).toContain(response.status);
    if (response.status === 201) expectEventsAppended(before, after, 1);
    else expect(changedTables(before, after)).toEqual([]);
  }
  return response;
}

describe("checkout endpoint under fuzzing", () => {
  it("a valid session token with any body: 2xx and stored, or a clear 4xx and nothing stored", async () => {
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(nearlyValidBody, nearlyValidBody, anyBody), async (body) => {
        const response = await send(post(body, `Bearer ${token}`));
        expect(response.headers.get("access-control-allow-origin")).toBe("*");
        if (response.ok) stored += 1;
      }),
      { numRuns: FUZZ_RUNS },
    );
    expect(stored).toBeGreaterThan(0);
  });

  it("tokens signed by us with odd claims never crash the route", async () => {
    const claim = fc.oneof(anyText, fc.integer(), fc.constant(null), fc.webUrl());
    const claims = fc.record(
      { dest: claim, aud: fc.oneof(fc.constant(TEST_API_KEY), claim), sub: claim, iss: claim },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(claims, async (overrides) => {
        const odd = (await getJwt(STORE, TEST_API_KEY, TEST_API_SECRET, overrides as never)).token;
        await send(post(JSON.stringify({ eventId: crypto.randomUUID(), consent: true }), `Bearer ${odd}`));
      }),
      { numRuns: Math.ceil(FUZZ_RUNS / 2) },
    );
  });

  it("missing, garbled or foreign tokens: 401 and nothing stored", async () => {
    const authorization = fc.oneof(
      fc.constant(null),
      anyText.filter((text) => /^[\t\x20-\x7e]*$/.test(text)),
      fc.string().map((text) => `Bearer ${text}`),
      fc.constant(`Bearer ${"a".repeat(5000)}`),
      fc.nat({ max: 200 }).map((at) => `Bearer ${flip(token, at)}`),
    );
    await fc.assert(
      fc.asyncProperty(authorization, anyBody, async (header, body) => {
        const response = await send(post(body, header));
        expect(response.status).toBe(401);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it.each([
    ["no token", null, /missing, expired or not signed/],
    ["a dest that is not a URL", { dest: "not a url" }, /does not name a Shopify store/],
    ["a dest that is not a shop", { dest: "https://evil.example" }, /does not name a Shopify store/],
  ])("regression: %s gets 401 with a message, not a 500 or an empty body", async (_name, claims, message) => {
    const header = claims
      ? `Bearer ${(await getJwt(STORE, TEST_API_KEY, TEST_API_SECRET, claims)).token}`
      : null;
    const response = await send(post(JSON.stringify({ eventId: crypto.randomUUID() }), header));
    expect(response.status).toBe(401);
    expect((await response.json()).error).toMatch(message);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });
});

/** The token with one character changed (inside the payload or signature). */
function flip(jwt: string, at: number): string {
  const index = 10 + (at % (jwt.length - 10));
  const replacement = jwt[index] === "A" ? "B" : "A";
  return `${jwt.slice(0, index)}${replacement}${jwt.slice(index + 1)}`;
}
