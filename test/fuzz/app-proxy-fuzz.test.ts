/**
 * Fuzzing the App Proxy capture routes (proxy.optin, proxy.optout): signed
 * requests with any body and any extra query, and requests with a missing or
 * garbled signature. No 500, a clear 4xx, nothing recorded when rejected.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as proxyOptinRoute from "../../app/routes/proxy.optin";
import * as proxyOptoutRoute from "../../app/routes/proxy.optout";
import { freshProxyParams, optInBody, proxyRequestWithQuery } from "../../tools/support/app-proxy";
import { loadTestApp, TEST_SHOP } from "../helpers/app";
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
let routes: Record<"optin" | "optout", (args: { request: Request }) => Promise<Response>>;
const TEXT = optInBody().consentText;
const REJECTIONS = [400, 401, 405, 413, 422];

beforeAll(async () => {
  app = await loadTestApp({ RATE_LIMIT_PER_CLIENT: "100000", RATE_LIMIT_PER_SHOP: "100000" });
  routes = {
    optin: proxyOptinRoute.action as never,
    optout: proxyOptoutRoute.action as never,
  };
  await app.db.shop.create({ data: { domain: TEST_SHOP, brandName: "Acme Coffee", defaultCountry: "US" } });
  await setConsentTextInUse(app.db, TEST_SHOP, "storefront", TEXT);
});
afterAll(() => app.cleanup());

/** Mostly the valid value (so requests get deep into the code), sometimes garbage. */
const mostly = <T>(valid: fc.Arbitrary<T>, ...garbage: fc.Arbitrary<unknown>[]) =>
  fc.oneof(
    { arbitrary: valid, weight: 6 },
    { arbitrary: fc.constant(undefined), weight: 1 }, // the field is left out
    ...garbage.map((arbitrary) => ({ arbitrary, weight: 1 })),
  );

/** Bodies near the real one: each field valid, missing, or replaced by garbage. */
const nearlyValidBody = fc
  .record({
    eventId: mostly(fc.uuid({ version: 4 }), anyText, fc.integer()),
    phone: fc.oneof(
      { arbitrary: fc.constantFrom("+34 612 34 56 78", "(415) 555-2671", "+44 7911 123456"), weight: 4 },
      fc.constantFrom("612345678", "+999", "00", "+1 000 000 0000"),
      anyText,
      fc.stringMatching(/^\+?[0-9 ()-]{0,40}$/),
      fc.double(),
    ),
    country: mostly(fc.constantFrom("US", "es", "XX", "ZZ", "", "ESP"), anyText),
    consent: mostly(fc.constant(true), fc.anything()),
    confirm: mostly(fc.constant(true), fc.anything()),
    consentText: mostly(fc.constant(TEXT), fc.constant(` ${TEXT.toUpperCase()} `), anyText),
    source: mostly(fc.constantFrom("storefront_block", "storefront_embed"), anyText),
    blockId: mostly(fc.constant("block-1"), anyText),
    pageUrl: mostly(fc.webUrl(), fc.constantFrom("javascript:alert(1)", "https://x/?a=b#c"), anyText),
    locale: mostly(fc.constant("es"), anyText),
  })
  .map((body) => JSON.stringify(body));

const anyProxyBody = fc.oneof(nearlyValidBody, nearlyValidBody, anyBody);
const kind = fc.constantFrom("optin" as const, "optout" as const);

/**
 * Refused: the database holds exactly what it held. Recorded (201): one event
 * more, every earlier one unchanged. Already recorded (200): no event written
 * (the retry's own signature is remembered, so it cannot be replayed).
 */
async function send(route: "optin" | "optout", request: Request) {
  const before = await databaseState(app.db);
  const response = await answer(routes[route], request);
  const after = await databaseState(app.db);
  if (response.status >= 400) {
    await expectClearRejection(response, REJECTIONS);
    expectUnchanged(before, after);
  } else {
    expect([200, 201]).toContain(response.status);
    const { eventId } = (await response.json()) as { eventId: string };
    expect(await app.db.consentEvent.count({ where: { id: eventId, shop: TEST_SHOP } })).toBe(1);
    if (response.status === 201) expectEventsAppended(before, after, 1);
    else expect(changedTables(before, after).filter((table) => table !== "ProxySignature")).toEqual([]);
  }
  return response;
}

describe("App Proxy routes under fuzzing", () => {
  it("signed requests with any body: 2xx with the event stored, or a clear 4xx and nothing stored", async () => {
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(kind, anyProxyBody, async (route, body) => {
        const response = await send(
          route,
          proxyRequestWithQuery(`/proxy/${route}`, freshProxyParams(), { body }),
        );
        if (response.ok) stored += 1;
      }),
      { numRuns: FUZZ_RUNS },
    );
    // The fuzzer got past validation into the recording code, not only into the 400s.
    expect(stored).toBeGreaterThan(0);
  });

  it("signed requests with any extra or repeated query parameters never crash", async () => {
    const param = fc.tuple(
      fc.oneof(fc.constantFrom("shop", "timestamp", "logged_in_customer_id", "index", "_data"), fc.string()),
      fc.oneof(fc.string({ unit: "grapheme", maxLength: 40 }), fc.constantFrom("", "0", "-1", "1e99", "NaN")),
    );
    await fc.assert(
      fc.asyncProperty(
        kind,
        fc.array(param, { maxLength: 6 }),
        fc.boolean(),
        async (route, extra, keepBase) => {
          const params = keepBase ? [...freshProxyParams(), ...extra] : extra;
          const body = JSON.stringify(optInBody());
          await send(route, proxyRequestWithQuery(`/proxy/${route}`, params, { body }));
        },
      ),
      { numRuns: Math.ceil(FUZZ_RUNS / 2) },
    );
  });

  it("missing, garbled or foreign signatures: 401 and nothing stored", async () => {
    const signature = fc.oneof(
      fc.constant(null),
      fc.string({ maxLength: 80 }),
      fc.stringMatching(/^[0-9a-f]{64}$/),
      fc.stringMatching(/^[0-9A-F]{64}$/),
    );
    await fc.assert(
      fc.asyncProperty(kind, signature, anyProxyBody, async (route, garbled, body) => {
        const request = proxyRequestWithQuery(`/proxy/${route}`, freshProxyParams(), {
          body,
          signature: garbled,
        });
        const response = await send(route, request);
        expect(response.status).toBe(401);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("regression: a refused opt-in (422) leaves no replay marker, so the corrected retry is recorded", async () => {
    const params = freshProxyParams();
    const body = optInBody();
    const before = await databaseState(app.db);
    const wrongText = JSON.stringify({ ...body, consentText: "Some words the shop never showed" });
    const refused = await send("optin", proxyRequestWithQuery("/proxy/optin", params, { body: wrongText }));
    expect(refused.status).toBe(422);
    expectUnchanged(before, await databaseState(app.db));
    const retry = proxyRequestWithQuery("/proxy/optin", params, { body: JSON.stringify(body) });
    expect((await send("optin", retry)).status).toBe(201);
  });

  it("regression: a large body without a content-length header is refused (413), not parsed", async () => {
    const body = JSON.stringify({ ...optInBody(), padding: "x".repeat(50_000) });
    const request = proxyRequestWithQuery("/proxy/optin", freshProxyParams(), { body });
    expect(request.headers.get("content-length")).toBeNull();
    expect((await send("optin", request)).status).toBe(413);
  });

  it("other methods get 405 with a message", async () => {
    for (const method of ["GET", "PUT", "DELETE", "PATCH"]) {
      const request = proxyRequestWithQuery("/proxy/optin", freshProxyParams(), { method, body: "{}" });
      await send("optin", request);
      expect((await answer(routes.optin, request.clone())).status).toBe(405);
    }
  });
});
