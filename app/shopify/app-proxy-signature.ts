/**
 * How Shopify's App Proxy signs the query it adds to a storefront request
 * (shopify.dev, "Authenticate app proxies"): every parameter but `signature`
 * as `key=value` (the values of a repeated key joined with ","), sorted,
 * concatenated without a separator, HMAC-SHA256 with the app's secret, hex.
 * The capture page's test opt-in signs its request this way so it goes
 * through the same check as a shopper's.
 */
import { createHmac } from "node:crypto";

export function appProxySignature(params: readonly (readonly [string, string])[], secret: string): string {
  const joined = new Map<string, string[]>();
  for (const [key, value] of params) joined.set(key, [...(joined.get(key) ?? []), value]);
  const message = [...joined.entries()]
    // localeCompare, as @shopify/shopify-api's own validator sorts.
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

/** The query the App Proxy adds for a guest of `shop` at `timestamp` (seconds), signed. */
export function signedAppProxyQuery(shop: string, timestamp: number, secret: string): URLSearchParams {
  const params: [string, string][] = [
    ["shop", shop],
    ["logged_in_customer_id", ""],
    ["path_prefix", "/apps/whatsapp-consent"],
    ["timestamp", String(timestamp)],
  ];
  const query = new URLSearchParams(params);
  query.set("signature", appProxySignature(params, secret));
  return query;
}
