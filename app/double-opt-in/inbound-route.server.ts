/**
 * The two inbound-message endpoints. Both identify the shop by `?shop=`,
 * verify an HMAC-SHA256 of the raw body with that shop's secret (Meta's
 * `X-Hub-Signature-256` with the Meta app secret, or our `X-Signature` with
 * the shared inbound secret), then apply the messages.
 */
import { db } from "../db.server";
import { applyInboundMessages, validHmacSignature } from "./inbound.server";
import { type ParsedInbound, parseGenericInbound, parseMetaWebhook } from "./inbound-message";

export type InboundFlavour = "meta" | "generic";

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export async function handleInbound(request: Request, flavour: InboundFlavour): Promise<Response> {
  if (request.method !== "POST") return Response.json({ error: "Use POST." }, { status: 405 });
  const shopDomain = new URL(request.url).searchParams.get("shop") ?? "";
  const rawBody = await request.text();
  const shop = SHOP_DOMAIN.test(shopDomain)
    ? await db.shop.findUnique({ where: { domain: shopDomain } })
    : null;
  const secret = flavour === "meta" ? shop?.metaAppSecret : shop?.inboundSecret;
  const header = request.headers.get(flavour === "meta" ? "x-hub-signature-256" : "x-signature");
  if (!shop || !validHmacSignature(secret, rawBody, header)) {
    return Response.json({ error: "Signature missing or wrong for this shop." }, { status: 401 });
  }
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return Response.json({ error: "The body must be JSON." }, { status: 400 });
  }
  const parsed: ParsedInbound = flavour === "meta" ? parseMetaWebhook(body) : parseGenericInbound(body);
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
  const shop = await db.shop.findUnique({ where: { domain: url.searchParams.get("shop") ?? "" } });
  const token = url.searchParams.get("hub.verify_token");
  if (
    url.searchParams.get("hub.mode") !== "subscribe" ||
    !shop?.inboundSecret ||
    token !== shop.inboundSecret
  ) {
    return new Response("Verification token does not match.", { status: 403 });
  }
  return new Response(url.searchParams.get("hub.challenge") ?? "", { status: 200 });
}
