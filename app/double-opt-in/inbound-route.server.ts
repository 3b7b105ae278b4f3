/**
 * The two inbound-message endpoints. Both identify the shop by `?shop=`,
 * verify an HMAC-SHA256 of the raw body with that shop's secret (Meta's
 * `X-Hub-Signature-256` with the Meta app secret, or our `X-Signature` with
 * the shared inbound secret), then apply the messages.
 */
import { timingSafeEqual } from "node:crypto";
import { rateLimited, tooManyRequests } from "../capture/rate-limit.server";
import { db } from "../db.server";
import { appEnv } from "../env.server";
import { readBodyText } from "../http/body-limits";
import { truncatedClientAddress } from "../http/client-address";
import { parseJsonText } from "../http/json-text";
import { SHOP_DOMAIN } from "../shopify/shop-domain";
import { applyInboundMessages, validHmacSignature } from "./inbound.server";
import { type ParsedInbound, parseGenericInbound, parseMetaWebhook } from "./inbound-message";

export type InboundFlavour = "meta" | "generic";

/** The handshake echoes caller text: plain text, never sniffed as HTML. */
const TEXT = { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" };

/**
 * Rate limits: signed traffic is bounded per shop only (a platform sends
 * every shopper's reply from a few addresses), counted once the signature
 * holds; failed signatures are bounded per client, so guessing secrets or
 * flooding with junk soon gets 429 without slowing the real deliveries.
 */
async function refusedSignature(request: Request): Promise<Response> {
  const client = truncatedClientAddress(request) ?? "unknown";
  if (await rateLimited(`inbound-fail:${client}`, appEnv().RATE_LIMIT_PER_CLIENT)) return tooManyRequests();
  return Response.json({ error: "Signature missing or wrong for this shop." }, { status: 401 });
}

export async function handleInbound(request: Request, flavour: InboundFlavour): Promise<Response> {
  if (request.method !== "POST") return Response.json({ error: "Use POST." }, { status: 405 });
  const shopDomain = new URL(request.url).searchParams.get("shop") ?? "";
  // Only a well-formed shop domain gets a counter of its own: made-up ones cannot fill the table.
  if (!SHOP_DOMAIN.test(shopDomain)) return refusedSignature(request);
  let rawBody: string;
  try {
    rawBody = await readBodyText(request);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  const shop = await db.shop.findUnique({ where: { domain: shopDomain } });
  const secret = flavour === "meta" ? shop?.metaAppSecret : shop?.inboundSecret;
  const header = request.headers.get(flavour === "meta" ? "x-hub-signature-256" : "x-signature");
  if (!shop || !validHmacSignature(secret, rawBody, header)) return refusedSignature(request);
  if (await rateLimited(`inbound:${shop.domain}`, appEnv().RATE_LIMIT_PER_SHOP)) return tooManyRequests();
  const json = parseJsonText(rawBody);
  if (!json.ok) return Response.json({ error: json.error }, { status: 400 });
  const parsed: ParsedInbound =
    flavour === "meta" ? parseMetaWebhook(json.value) : parseGenericInbound(json.value);
  if (!parsed.ok) return Response.json({ error: parsed.error }, { status: 400 });
  const result = await applyInboundMessages(db, shop.domain, parsed.messages);
  const acted = result.confirmed + result.optedOut;
  if (acted === 0 && result.unknownCodes > 0) {
    return Response.json(
      { error: "No pending confirmation matches that code and number.", ...result },
      { status: 404 },
    );
  }
  return Response.json(result, { status: 200 });
}

/** Meta's webhook verification handshake (GET with hub.challenge). */
export async function handleMetaVerification(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const client = truncatedClientAddress(request) ?? "unknown";
  if (await rateLimited(`meta-verify:${client}`, appEnv().RATE_LIMIT_PER_CLIENT)) return tooManyRequests();
  const domain = url.searchParams.get("shop") ?? "";
  const shop = SHOP_DOMAIN.test(domain) ? await db.shop.findUnique({ where: { domain } }) : null;
  const token = Buffer.from(url.searchParams.get("hub.verify_token") ?? "");
  const expected = Buffer.from(shop?.inboundSecret ?? "");
  if (
    url.searchParams.get("hub.mode") !== "subscribe" ||
    expected.length === 0 ||
    token.length !== expected.length ||
    !timingSafeEqual(token, expected)
  ) {
    return new Response("Verification token does not match.", { status: 403, headers: TEXT });
  }
  return new Response(url.searchParams.get("hub.challenge") ?? "", { status: 200, headers: TEXT });
}
