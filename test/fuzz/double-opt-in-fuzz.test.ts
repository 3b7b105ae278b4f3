/**
 * Fuzzing the double opt-in endpoints (whatsapp.inbound, whatsapp.meta):
 * correctly signed messages with any body, unknown shops, bad signatures,
 * and the Meta verification handshake with any query.
 */
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as whatsappInboundRoute from "../../app/routes/whatsapp.inbound";
import * as metaRoute from "../../app/routes/whatsapp.meta";
import { loadTestApp, TEST_SHOP } from "../helpers/app";
import {
  answer,
  anyBody,
  anyText,
  databaseState,
  expectClearRejection,
  expectEventsAppended,
  expectUnchanged,
  FUZZ_RUNS,
} from "../helpers/fuzz";

type Handler = (args: { request: Request }) => Promise<Response>;
let app: Awaited<ReturnType<typeof loadTestApp>>;
let generic: Handler;
let meta: Handler;
let verify: Handler;
const SECRETS = { generic: "inbound-secret", meta: "meta-app-secret" };

beforeAll(async () => {
  app = await loadTestApp({ RATE_LIMIT_PER_CLIENT: "100000", RATE_LIMIT_PER_SHOP: "100000" });
  generic = whatsappInboundRoute.action as never;
  meta = metaRoute.action as never;
  verify = metaRoute.loader as never;
  await app.db.shop.create({
    data: {
      domain: TEST_SHOP,
      brandName: "Acme Coffee",
      defaultCountry: "ES",
      doubleOptIn: true,
      inboundSecret: SECRETS.generic,
      metaAppSecret: SECRETS.meta,
    },
  });
});
afterAll(() => app.cleanup());

const sign = (secret: string, body: string) =>
  `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;

function inbound(
  flavour: "generic" | "meta",
  body: string,
  options: { shop?: string; signature?: string | null } = {},
) {
  const header = flavour === "meta" ? "x-hub-signature-256" : "x-signature";
  const signature = options.signature === undefined ? sign(SECRETS[flavour], body) : options.signature;
  const url = new URL(`https://app.example.test/whatsapp/${flavour}`);
  url.searchParams.set("shop", options.shop ?? TEST_SHOP);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-forwarded-for": "192.0.2.5",
  };
  if (signature !== null) headers[header] = signature;
  return new Request(url, { method: "POST", body, headers });
}

const phone = fc.oneof(fc.constantFrom("+34612345678", "34612345678", "+1"), anyText);
const text = fc.oneof(
  fc.constantFrom("CONFIRM 1A2B3C4D", "confirm 00000000", "STOP", "Baja", "arrêt", "stop please"),
  anyText,
);
const genericBody = fc
  .record({ messageId: fc.oneof(fc.uuid(), anyText), from: phone, text }, { requiredKeys: [] })
  .map((body) => JSON.stringify(body));
const metaBody = fc
  .record({
    object: fc.oneof(fc.constant("whatsapp_business_account"), anyText),
    entry: fc.array(
      fc.record({
        changes: fc.array(
          fc.record({
            field: fc.oneof(fc.constant("messages"), anyText),
            value: fc.record(
              {
                messages: fc.array(
                  fc.record(
                    {
                      from: fc.oneof(fc.stringMatching(/^\d{6,15}$/), anyText),
                      id: fc.oneof(fc.uuid(), anyText),
                      type: fc.constant("text"),
                      text: fc.record({ body: text }),
                      button: fc.anything(),
                    },
                    { requiredKeys: ["from", "id", "type"] },
                  ),
                  { maxLength: 3 },
                ),
              },
              { requiredKeys: [] },
            ),
          }),
          { maxLength: 2 },
        ),
      }),
      { maxLength: 2 },
    ),
  })
  .map((body) => JSON.stringify(body));

async function send(handler: Handler, request: Request) {
  const before = await databaseState(app.db);
  const response = await answer(handler, request);
  if (response.status >= 400) {
    await expectClearRejection(response, [400, 401, 403, 404, 405, 413]);
    expectUnchanged(before, await databaseState(app.db));
  } else {
    expect(response.status).toBe(200);
    const result = (await response
      .clone()
      .json()
      .catch(() => null)) as { confirmed?: number; optedOut?: number } | null;
    // Each confirmation or opt-out the answer reports is one event; a handshake records none.
    const acted = (result?.confirmed ?? 0) + (result?.optedOut ?? 0);
    expectEventsAppended(before, await databaseState(app.db), acted);
  }
  return response;
}

describe("double opt-in endpoints under fuzzing", () => {
  it("signed generic messages with any body never crash; a rejection records nothing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(genericBody, genericBody, anyBody), async (body) => {
        await send(generic, inbound("generic", body));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("signed Meta webhooks with any body never crash; a rejection records nothing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(metaBody, metaBody, anyBody), async (body) => {
        await send(meta, inbound("meta", body));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("unknown shops, missing or wrong signatures: 401 and nothing recorded", async () => {
    const shop = fc.oneof(fc.constant(TEST_SHOP), fc.constant("other.myshopify.com"), anyText);
    const signature = fc.oneof(
      fc.constant(null),
      anyText.filter((value) => /^[\x20-\x7e]*$/.test(value)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("generic" as const, "meta" as const),
        shop,
        signature,
        genericBody,
        async (flavour, domain, garbled, body) => {
          const response = await send(
            flavour === "meta" ? meta : generic,
            inbound(flavour, body, { shop: domain, signature: garbled }),
          );
          expect(response.status).toBe(401);
        },
      ),
      { numRuns: Math.ceil(FUZZ_RUNS / 2) },
    );
  });

  it("regression: a signed body over 1 MB is refused (413) before anything is looked up", async () => {
    const body = JSON.stringify({ messageId: "m", from: "+34612345678", text: "x".repeat(1_100_000) });
    const response = await send(generic, inbound("generic", body));
    expect(response.status).toBe(413);
  });

  it("the Meta verification handshake with any query: the challenge only for the right token", async () => {
    const param = fc.tuple(
      fc.constantFrom("shop", "hub.mode", "hub.verify_token", "hub.challenge", "x"),
      anyText,
    );
    await fc.assert(
      fc.asyncProperty(fc.array(param, { maxLength: 5 }), async (params) => {
        const url = new URL("https://app.example.test/whatsapp/meta");
        for (const [key, value] of params) url.searchParams.append(key, value);
        const response = await send(verify, new Request(url));
        if (response.status === 200) expect(url.searchParams.get("hub.verify_token")).toBe(SECRETS.generic);
        else expect(response.status).toBe(403);
      }),
      { numRuns: Math.ceil(FUZZ_RUNS / 2) },
    );
  });
});
