/**
 * Webhook authentication, called in-process with deliveries signed the way
 * Shopify signs them (Shopify's own test helper, or an HMAC-SHA256 of the
 * raw bytes for bodies it cannot make; test/helpers/webhooks.ts): only a
 * delivery signed with this app's secret, for a *.myshopify.com shop, with a
 * JSON body, gets through, and every refusal says what was wrong. What a
 * route then does with the payload is tested under test/webhooks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTestApp, TEST_SHOP } from "../../test/helpers/app";
import { rawWebhook, signedWebhook } from "../../test/helpers/webhooks";
import { authenticateWebhook } from "./webhook-auth.server";

const PATH = "/webhooks/customers";
const TOPIC = "customers/update";
let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  app = await loadTestApp();
});
afterAll(() => app.cleanup());

/** The refusal: status, content type and text. */
async function refusal(request: Request) {
  try {
    await authenticateWebhook(request);
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return { status: thrown.status, text: await thrown.text() };
  }
  return "accepted";
}

const headers = { "x-shopify-topic": TOPIC };

describe("authenticating a webhook delivery", () => {
  it("a delivery signed with the app's secret gets through with its shop, topic and payload, 64-bit ids kept exact", async () => {
    const raw = '{"id":706405506930370084,"count":3,"note":"café"}';
    const context = await authenticateWebhook(rawWebhook(PATH, raw, headers));
    expect(context.shop).toBe(TEST_SHOP);
    expect(context.topic).toBe("CUSTOMERS_UPDATE");
    expect(context.payload).toEqual({ id: "706405506930370084", count: 3, note: "café" });
    const signed = await authenticateWebhook(await signedWebhook(PATH, TOPIC, { id: 1 }));
    expect(signed.payload).toEqual({ id: 1 });
  });

  it("a delivery signed with another secret is refused 401 with a sentence", async () => {
    expect(await refusal(await signedWebhook(PATH, TOPIC, { id: 1 }, { secret: "another-secret" }))).toEqual({
      status: 401,
      text: "Unauthorized: the webhook signature does not match this app's secret",
    });
  });

  it("a signed body changed afterwards is refused 401", async () => {
    const signed = rawWebhook(PATH, '{"id":1}', headers);
    const changed = new Request(signed.url, { method: "POST", headers: signed.headers, body: '{"id":2}' });
    expect(await refusal(changed)).toMatchObject({ status: 401 });
  });

  it("a delivery without a signature is refused 401 as not signed, also when it is empty", async () => {
    const notSigned = { status: 401, text: "Unauthorized: the webhook is not signed" };
    expect(await refusal(rawWebhook(PATH, '{"id":1}', headers, { hmac: null }))).toEqual(notSigned);
    expect(await refusal(rawWebhook(PATH, '{"id":1}', headers, { hmac: "" }))).toEqual(notSigned);
  });

  it("a signed delivery missing the topic header is refused 400 naming the headers a webhook needs", async () => {
    const request = rawWebhook(PATH, '{"id":1}', {});
    request.headers.delete("x-shopify-topic");
    const answer = await refusal(request);
    expect(answer).toMatchObject({ status: 400, text: expect.stringContaining("X-Shopify-Topic") });
  });

  it("anything but POST is refused 405 saying webhooks come by POST", async () => {
    const signed = rawWebhook(PATH, "", headers);
    const get = new Request(signed.url, { method: "GET", headers: signed.headers });
    expect(await refusal(get)).toEqual({
      status: 405,
      text: "Method Not Allowed: webhooks are delivered with POST",
    });
  });

  it("a signed body that is not JSON is refused 400", async () => {
    expect(await refusal(rawWebhook(PATH, "{not json", headers))).toEqual({
      status: 400,
      text: "Bad Request: the webhook body is not JSON",
    });
  });

  it("a signed body holding a NUL character is refused 400", async () => {
    const answer = await refusal(rawWebhook(PATH, JSON.stringify({ note: "a\u0000b" }), headers));
    expect(answer).toMatchObject({ status: 400, text: expect.stringMatching(/^Bad Request: .*NUL/) });
  });

  it.each(["evil.example", "test-shop.myshopify.com.evil.example", "Test-Shop.myshopify.com"])(
    "a signed delivery for the shop %s is refused 400: rows are only ever stored under a *.myshopify.com shop",
    async (shop) => {
      expect(
        await refusal(rawWebhook(PATH, '{"id":1}', { ...headers, "x-shopify-shop-domain": shop })),
      ).toEqual({
        status: 400,
        text: "Bad Request: X-Shopify-Shop-Domain must be a *.myshopify.com domain",
      });
    },
  );

  it("a body past Shopify's 1,000,000-byte ceiling is refused 413 before its signature is checked", async () => {
    const big = JSON.stringify({ note: "x".repeat(1_000_000) });
    const answer = await refusal(rawWebhook(PATH, big, headers, { secret: "another-secret" }));
    expect(answer).toMatchObject({ status: 413 });
  });
});
