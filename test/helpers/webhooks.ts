import { createHmac } from "node:crypto";
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { SHOPIFY_API_VERSION } from "../../app/shopify-api-version";
import { TEST_API_SECRET, TEST_SHOP } from "./app";

let counter = 0;

/** A webhook delivery signed exactly as Shopify signs it. */
export async function signedWebhook(
  path: string,
  topic: string,
  payload: unknown,
  options: { webhookId?: string; secret?: string; shop?: string } = {},
): Promise<Request> {
  counter += 1;
  return setUpValidRequest(
    {
      type: RequestType.Extension,
      // The helper appends ".myshopify.com" itself.
      store: (options.shop ?? TEST_SHOP).replace(/\.myshopify\.com$/, ""),
      apiSecretKey: options.secret ?? TEST_API_SECRET,
      body: payload,
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topic,
        "X-Shopify-API-Version": SHOPIFY_API_VERSION,
        "X-Shopify-Webhook-Id": options.webhookId ?? `webhook-${Date.now()}-${counter}`,
        "X-Shopify-Event-Id": `event-${counter}`,
        "X-Shopify-Triggered-At": new Date().toISOString(),
      },
    },
    new Request(`https://app.example.test${path}`),
  );
}

/** Calls a Remix action the way the server would. */
export async function callAction(
  action: (args: {
    request: Request;
    params: Record<string, string>;
    context: Record<string, unknown>;
  }) => Promise<Response>,
  request: Request,
): Promise<Response> {
  try {
    return await action({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/**
 * A webhook with exactly this raw body and these headers, signed over the
 * raw bytes (HMAC-SHA256, base64) unless `hmac` says otherwise: for bodies
 * that are not JSON and headers Shopify would never send.
 */
export function rawWebhook(
  path: string,
  rawBody: string,
  headers: Record<string, string>,
  options: { secret?: string; hmac?: string | null } = {},
): Request {
  const hmac =
    options.hmac === undefined
      ? createHmac("sha256", options.secret ?? TEST_API_SECRET)
          .update(rawBody, "utf8")
          .digest("base64")
      : options.hmac;
  const all: Record<string, string> = {
    "content-type": "application/json",
    "x-shopify-api-version": SHOPIFY_API_VERSION,
    "x-shopify-shop-domain": TEST_SHOP,
    "x-shopify-webhook-id": `raw-${Date.now()}-${Math.random()}`,
    "x-shopify-event-id": "event-raw",
    "x-shopify-triggered-at": new Date().toISOString(),
    ...headers,
  };
  if (hmac !== null) all["x-shopify-hmac-sha256"] = hmac;
  return new Request(`https://app.example.test${path}`, { method: "POST", body: rawBody, headers: all });
}
