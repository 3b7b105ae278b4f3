/**
 * Response headers beyond what Shopify's library adds. Documents: the
 * library sets frame-ancestors only when the URL names the shop; without it
 * only Shopify's admin may frame the page (never any site). Public endpoints
 * (App Proxy, checkout, WhatsApp): no MIME sniffing (the Meta handshake
 * echoes caller text) and no caching of answers about a person's consent.
 */
export const ADMIN_FRAME_ANCESTORS = "frame-ancestors https://admin.shopify.com;";

const COMMON: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
};
const PUBLIC_ENDPOINT: Record<string, string> = { ...COMMON, "Cache-Control": "no-store" };

function setMissing(headers: Headers, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) if (!headers.has(name)) headers.set(name, value);
}

/** For entry.server, after addDocumentResponseHeaders. */
export function addDocumentSecurityHeaders(headers: Headers): void {
  setMissing(headers, { ...COMMON, "Content-Security-Policy": ADMIN_FRAME_ANCESTORS });
}

/** Wraps a public route's handler: its answer, returned or thrown, gets the headers. */
export async function withPublicHeaders(answer: Promise<Response> | Response): Promise<Response> {
  try {
    return stamp(await answer);
  } catch (thrown) {
    if (thrown instanceof Response) throw stamp(thrown);
    throw thrown;
  }
}

function stamp(response: Response): Response {
  try {
    setMissing(response.headers, PUBLIC_ENDPOINT);
    return response;
  } catch {
    // Immutable headers (a fetched response): copy it.
    const copy = new Response(response.body, response);
    setMissing(copy.headers, PUBLIC_ENDPOINT);
    return copy;
  }
}
