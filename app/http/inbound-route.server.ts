/**
 * The two inbound-message endpoints. Both identify the shop by `?shop=`,
 * verify an HMAC-SHA256 of the raw body with that shop's secret (Meta's
 * `X-Hub-Signature-256` with the Meta app secret, or our `X-Signature` with
 * the shared inbound secret), then apply the messages.
 */
import { timingSafeEqual } from "node:crypto";
import { rateLimited } from "../capture/rate-limit.server";
import { db } from "../db.server";
import { applyInboundMessages, validHmacSignature } from "../double-opt-in/inbound.server";
import { type ParsedInbound, parseGenericInbound, parseMetaWebhook } from "../double-opt-in/inbound-message";
import { appEnv } from "../env.server";
import { SHOP_DOMAIN } from "../shopify/shop-domain";
import { problemResponse, refuse, tooManyRequests, wrongMethod } from "./answers";
import { readBody } from "./body-limits";
import { truncatedClientAddress } from "./client-address";
import { parseJsonText } from "./json-text";

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
  return refuse("unauthenticated", "Signature missing or wrong for this shop.");
}

export async function handleInbound(request: Request, flavour: InboundFlavour): Promise<Response> {
  if (request.method !== "POST") return wrongMethod();
  const shopDomain = new URL(request.url).searchParams.get("shop") ?? "";
  // Only a well-formed shop domain gets a counter of its own: made-up ones cannot fill the table.
  if (!SHOP_DOMAIN.test(shopDomain)) return refusedSignature(request);
  const read = await readBody(request);
  if (!read.ok) return problemResponse(read);
  const rawBody = read.value;
  const shop = await db.shop.findUnique({ where: { domain: shopDomain } });
  const secret = flavour === "meta" ? shop?.metaAppSecret : shop?.inboundSecret;
  const header = request.headers.get(flavour === "meta" ? "x-hub-signature-256" : "x-signature");
  if (!shop || !validHmacSignature(secret, rawBody, header)) return refusedSignature(request);
  if (await rateLimited(`inbound:${shop.domain}`, appEnv().RATE_LIMIT_PER_SHOP)) return tooManyRequests();
  const json = parseJsonText(rawBody);
  if (!json.ok) return refuse("invalid", json.error);
  const parsed: ParsedInbound =
    flavour === "meta" ? parseMetaWebhook(json.value) : parseGenericInbound(json.value);
  if (!parsed.ok) return refuse("invalid", parsed.error);
  const result = await applyInboundMessages(db, shop.domain, parsed.messages);
  const acted = result.confirmed + result.optedOut;
  if (acted === 0 && result.unknownCodes > 0) {
    return refuse("not_found", "No pending confirmation matches that code and number.", { details: result });
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
    return refuse("forbidden", "Verification token does not match.", { text: true, headers: TEXT });
  }
  return new Response(url.searchParams.get("hub.challenge") ?? "", { status: 200, headers: TEXT });
}
