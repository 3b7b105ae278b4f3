import { getJwt } from "@shopify/shopify-api/test-helpers";
import { describe, expect, it } from "vitest";
import { accessTokenGrant, ID_TOKEN_TYPE, OFFLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "./oauth";
import { AdminStore } from "./store";

const SECRET = "app-secret";
const KEY = "app-key";
const SHOP = "oauth-shop.myshopify.com";

function shopState() {
  const store = new AdminStore();
  store.addShop({ domain: SHOP, accessToken: "shpat_old" });
  return store.requireShop(SHOP);
}

async function exchange(
  overrides: Record<string, unknown> = {},
  jwt: { secret?: string; store?: string } = {},
) {
  const { token } = await getJwt(jwt.store ?? "oauth-shop", KEY, jwt.secret ?? SECRET);
  return {
    client_id: KEY,
    client_secret: SECRET,
    grant_type: TOKEN_EXCHANGE_GRANT,
    subject_token: token,
    subject_token_type: ID_TOKEN_TYPE,
    requested_token_type: OFFLINE_TOKEN_TYPE,
    expiring: "1",
    ...overrides,
  };
}

describe("the emulator's token exchange", () => {
  it("trades a session token for a new expiring offline token", async () => {
    const shop = shopState();
    const answer = accessTokenGrant(shop, await exchange(), { apiSecret: SECRET, apiKey: KEY });
    expect(answer.status).toBe(200);
    expect(answer.body.access_token).toBe(shop.accessToken);
    expect(shop.accessToken).not.toBe("shpat_old");
    expect(answer.body.refresh_token).toBe(shop.refreshToken);
  });

  it("gives a second exchange for the same installation the token the first one issued", async () => {
    const shop = shopState();
    const first = accessTokenGrant(shop, await exchange(), { apiSecret: SECRET, apiKey: KEY });
    const second = accessTokenGrant(shop, await exchange(), { apiSecret: SECRET, apiKey: KEY });
    expect(second.body.access_token).toBe(first.body.access_token);
    expect(second.body.refresh_token).toBe(first.body.refresh_token);
  });

  it.each([
    ["signed with another secret", {}, { secret: "other" }],
    ["for another shop", {}, { store: "someone-else" }],
    ["not a JWT", { subject_token: "abc" }, {}],
  ])("refuses a session token %s as invalid_subject_token", async (_, overrides, jwt) => {
    const shop = shopState();
    const answer = accessTokenGrant(shop, await exchange(overrides, jwt), { apiSecret: SECRET, apiKey: KEY });
    expect(answer).toEqual({ status: 400, body: { error: "invalid_subject_token" } });
    expect(shop.accessToken).toBe("shpat_old");
  });

  it.each([
    ["a wrong client secret", { client_secret: "nope" }],
    ["a wrong client id", { client_id: "nope" }],
    [
      "an online token request",
      { requested_token_type: "urn:shopify:params:oauth:token-type:online-access-token" },
    ],
    ["an unknown grant", { grant_type: "password" }],
  ])("refuses %s", async (_, overrides) => {
    const shop = shopState();
    const answer = accessTokenGrant(shop, await exchange(overrides), { apiSecret: SECRET, apiKey: KEY });
    expect(answer.status).toBe(400);
    expect(shop.accessToken).toBe("shpat_old");
  });
});
