import { InvalidShopError } from "@shopify/shopify-api";
import type { ProblemKind } from "../problem";
import { SHOP_DOMAIN } from "../shopify/shop-domain";
import { authenticate } from "../shopify.server";
import { parseJsonKeepingIds } from "../webhooks/json-ids";
import { refuse } from "./answers";
import { readBody } from "./body-limits";
import { unstorableTextRefusal } from "./json-text";
import { refuseDelivery } from "./webhook-answers";

/** The library refuses with an empty body; these say what was wrong. */
const LIBRARY_REFUSALS: Record<number, { kind: ProblemKind; message: string }> = {
  400: {
    kind: "invalid",
    message:
      "Bad Request: a webhook needs a body and the X-Shopify-Topic, X-Shopify-Shop-Domain, X-Shopify-Webhook-Id and X-Shopify-API-Version headers",
  },
  401: {
    kind: "unauthenticated",
    message: "Unauthorized: the webhook signature does not match this app's secret",
  },
  405: { kind: "wrong_method", message: "Method Not Allowed: webhooks are delivered with POST" },
};

const invalidShop = () =>
  refuseDelivery("invalid", "Bad Request: X-Shopify-Shop-Domain must be a *.myshopify.com domain");

/**
 * authenticate.webhook, with refusals a person can act on:
 * - no HMAC header at all is "unauthenticated" (401) rather than a
 *   malformed request (400): an unsigned delivery must never look like one
 *   worth fixing and resending;
 * - a signed body that is not JSON, holds a NUL character, or comes with a
 *   shop header that is not a *.myshopify.com domain, is a 400 (the library would crash on the first
 *   and store rows under a made-up shop for the second);
 * - the library reads the whole body before it checks the signature, so it
 *   is handed a copy read within Shopify's payload ceiling (413 past it);
 * - the payload is that signed body parsed again with 64-bit ids kept exact
 *   (the library's JSON.parse rounds them).
 */
export async function authenticateWebhook(request: Request) {
  if (!request.headers.get("x-shopify-hmac-sha256")) {
    throw refuseDelivery("unauthenticated", "Unauthorized: the webhook is not signed");
  }
  let context: Awaited<ReturnType<typeof authenticate.webhook>>;
  let body: string | undefined;
  try {
    if (request.method === "POST") {
      const read = await readBody(request);
      if (!read.ok) throw refuse(read.kind, read.message);
      body = read.value;
    }
    context = await authenticate.webhook(
      new Request(request.url, { method: request.method, headers: request.headers, body }),
    );
  } catch (thrown) {
    if (thrown instanceof InvalidShopError) throw invalidShop();
    if (thrown instanceof SyntaxError) {
      throw refuseDelivery("invalid", "Bad Request: the webhook body is not JSON");
    }
    const refusal = thrown instanceof Response ? LIBRARY_REFUSALS[thrown.status] : undefined;
    if (refusal) throw refuseDelivery(refusal.kind, refusal.message);
    throw thrown;
  }
  if (!SHOP_DOMAIN.test(context.shop)) throw invalidShop();
  const unstorable = unstorableTextRefusal(context.payload);
  if (unstorable !== null) throw refuseDelivery("invalid", `Bad Request: ${unstorable}`);
  return { ...context, payload: parseJsonKeepingIds(body ?? "") as typeof context.payload };
}
