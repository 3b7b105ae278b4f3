/**
 * The App Proxy's signature check, called in-process with requests signed
 * the way Shopify's App Proxy signs them (sorted key=value pairs,
 * HMAC-SHA256 hex of the app secret, the shared harness in
 * tools/support/app-proxy.ts): only a request signed with this app's
 * secret, fresh, for a shop, gets through. Replays are refused in
 * test/capture/app-proxy.test.ts (they need the database).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { freshProxyParams, proxyRequestWithQuery, signedProxyRequest } from "../../tools/support/app-proxy";
import { TEST_API_KEY, TEST_API_SECRET, TEST_SHOP } from "../../tools/support/test-shop";
import { authenticateProxy } from "./app-proxy.server";

beforeAll(() => {
  Object.assign(process.env, {
    SHOPIFY_API_KEY: TEST_API_KEY,
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    SHOPIFY_APP_URL: "https://app.example.test",
  });
});

/** The refusal a rejected request gets: its status and sentence. */
async function refusal(request: Request) {
  try {
    await authenticateProxy(request);
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return { status: thrown.status, error: (await thrown.json()).error };
  }
  return "accepted";
}

const withParam = (params: [string, string][], key: string, value: string): [string, string][] =>
  params.map(([name, old]) => [name, name === key ? value : old]);

describe("authenticating an App Proxy request", () => {
  it("a request Shopify's own test helper signed is accepted, for the shop it names, as a guest", async () => {
    const request = await signedProxyRequest("/proxy/optin", {});
    const context = await authenticateProxy(request);
    expect(context).toEqual({
      shop: TEST_SHOP,
      signature: new URL(request.url).searchParams.get("signature"),
      loggedInCustomerId: null,
    });
  });

  it("a logged-in shopper's customer id is kept when it is a number, dropped otherwise", async () => {
    expect(
      (await authenticateProxy(await signedProxyRequest("/p", {}, { customerId: "7208" })))
        .loggedInCustomerId,
    ).toBe("7208");
    for (const customerId of ["gid://shopify/Customer/7208", "7208 ", "12a", "a12"]) {
      const request = proxyRequestWithQuery(
        "/p",
        withParam(freshProxyParams(), "logged_in_customer_id", customerId),
      );
      expect((await authenticateProxy(request)).loggedInCustomerId).toBeNull();
    }
  });

  it("a request signed with another secret is refused 401 with a sentence", async () => {
    expect(
      await refusal(proxyRequestWithQuery("/p", freshProxyParams(), { secret: "another-secret" })),
    ).toEqual({
      status: 401,
      error: "This request did not come from the store: the signature is wrong or too old.",
    });
  });

  it("a signed request whose shop was changed afterwards is refused 401", async () => {
    const signed = proxyRequestWithQuery("/p", freshProxyParams());
    const url = new URL(signed.url);
    url.searchParams.set("shop", "other-shop.myshopify.com");
    expect(await refusal(new Request(url, { method: "POST", body: "{}" }))).toMatchObject({ status: 401 });
  });

  it("a signature more than 90 seconds old is refused 401", async () => {
    const stale = String(Math.trunc(Date.now() / 1000) - 120);
    expect(
      await refusal(proxyRequestWithQuery("/p", withParam(freshProxyParams(), "timestamp", stale))),
    ).toMatchObject({
      status: 401,
      error: expect.stringContaining("too old"),
    });
  });

  it("a request without a signature, or without a shop, is refused 401 as not signed", async () => {
    const notSigned = { status: 401, error: "This request did not come from the store: it is not signed." };
    expect(await refusal(proxyRequestWithQuery("/p", freshProxyParams(), { signature: null }))).toEqual(
      notSigned,
    );
    expect(await refusal(proxyRequestWithQuery("/p", freshProxyParams(), { signature: "" }))).toEqual(
      notSigned,
    );
    const withoutShop = freshProxyParams().filter(([name]) => name !== "shop");
    expect(await refusal(proxyRequestWithQuery("/p", withoutShop))).toEqual(notSigned);
  });
});
