import { randomUUID } from "node:crypto";
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { appProxySignature, signedAppProxyQuery } from "../../app/shopify/app-proxy-signature";
import { TEST_API_SECRET, TEST_SHOP } from "./test-shop";

/** A storefront POST as the App Proxy forwards it, signed by Shopify's own test helper. */
export async function signedProxyRequest(path: string, body: unknown, options: { customerId?: string } = {}) {
  const url = new URL(`https://app.example.test${path}`);
  url.searchParams.set("path_prefix", "/apps/whatsapp-consent");
  url.searchParams.set("logged_in_customer_id", options.customerId ?? "");
  const request = new Request(url, {
    method: "POST",
    body: JSON.stringify(body),
    headers: {
      "content-type": "application/json",
      "user-agent": "vitest",
      "x-forwarded-for": "203.0.113.77",
    },
  });
  return setUpValidRequest(
    {
      type: RequestType.Public,
      store: TEST_SHOP.replace(/\.myshopify\.com$/, ""),
      apiSecretKey: TEST_API_SECRET,
    },
    request,
  );
}

/**
 * The same signing, written out (sorted key=value pairs, no separator,
 * HMAC-SHA256 hex), to make requests the helper cannot: old timestamps.
 */
export function manuallySignedProxyRequest(
  path: string,
  body: unknown,
  timestamp: number,
  secret = TEST_API_SECRET,
) {
  return new Request(`https://app.example.test${path}?${signedProxyQuery(timestamp, secret)}`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
}

/** The query string Shopify's App Proxy adds, signed with the app secret (sorted pairs, HMAC-SHA256). */
export function signedProxyQuery(
  timestamp = Math.floor(Date.now() / 1000),
  secret = TEST_API_SECRET,
): string {
  return `${signedAppProxyQuery(TEST_SHOP, timestamp, secret)}`;
}

export function optInBody(overrides: Record<string, unknown> = {}) {
  return {
    eventId: randomUUID(),
    phone: "612 34 56 78",
    country: "ES",
    consent: true,
    consentText:
      "Send me offers and news from Acme Coffee on WhatsApp. Reply STOP to unsubscribe at any time.",
    source: "storefront_block",
    blockId: "block-1",
    pageUrl: "https://acme-coffee.example/pages/whatsapp?utm=1",
    locale: "es",
    ...overrides,
  };
}

/**
 * A request whose query string is exactly `params` (repeats allowed), signed
 * the way the App Proxy signs: values of a repeated key joined with ",", keys
 * sorted, `key=value` concatenated, HMAC-SHA256 hex. For fuzzing the query.
 */
export function proxyRequestWithQuery(
  path: string,
  params: readonly (readonly [string, string])[],
  init: { body?: string; method?: string; secret?: string; signature?: string | null } = {},
) {
  const url = new URL(`https://app.example.test${path}`);
  for (const [key, value] of params) url.searchParams.append(key, value);
  const signature =
    init.signature === undefined ? appProxySignature(params, init.secret ?? TEST_API_SECRET) : init.signature;
  if (signature !== null) url.searchParams.set("signature", signature);
  const method = init.method ?? "POST";
  return new Request(url, {
    method,
    body: method === "GET" || method === "HEAD" ? undefined : (init.body ?? ""),
    headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.9" },
  });
}

/** The query Shopify sends for a guest, fresh now. */
export function freshProxyParams(): [string, string][] {
  return [
    ["shop", TEST_SHOP],
    ["logged_in_customer_id", ""],
    ["path_prefix", "/apps/whatsapp-consent"],
    ["timestamp", String(Math.trunc(Date.now() / 1000))],
  ];
}
