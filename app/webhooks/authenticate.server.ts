import { authenticate } from "../shopify.server";

/**
 * authenticate.webhook, but a delivery with no HMAC header at all is
 * "unauthenticated" (401) rather than a malformed request (400): an
 * unsigned delivery must never look like one worth fixing and resending.
 */
export async function authenticateWebhook(request: Request) {
  if (!request.headers.get("x-shopify-hmac-sha256")) {
    throw new Response("Unauthorized: the webhook is not signed", { status: 401 });
  }
  return authenticate.webhook(request);
}
