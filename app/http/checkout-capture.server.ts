/**
 * The endpoint of the checkout UI extension: a session-token JWT (signature,
 * expiry, and audience = this app, which the library leaves unchecked for
 * extensions), CORS, zod validation, then the same recording as the
 * storefront with source `checkout` or `thank_you`.
 */
import { z } from "zod";
import { rateLimited } from "../capture/rate-limit.server";
import { recordCapturedConsent } from "../capture/record-consent.server";
import { countRefusal } from "../capture/refusals.server";
import { db } from "../db.server";
import { appEnv } from "../env.server";
import { authenticate } from "../shopify.server";
import { problemResponse, refuse, tooManyRequests, wrongMethod } from "./answers";
import { truncatedClientAddress } from "./client-address";
import { parseJsonBody } from "./json-body";

export const CheckoutOptIn = z.object({
  eventId: z.uuid("eventId must be a UUID made by the extension"),
  consent: z.boolean(),
  phone: z.string().trim().min(3, "A phone number is needed.").max(40),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .transform((code) => code.toUpperCase())
    .optional(),
  consentText: z.string().trim().max(2000).optional(),
  target: z.enum(["checkout", "thank_you"]),
  checkoutToken: z.string().max(200).optional(),
  orderId: z.string().max(200).optional(),
});

const customerIdFromSubject = (sub: unknown) => {
  const match = typeof sub === "string" ? /^gid:\/\/shopify\/Customer\/(\d+)$/.exec(sub) : null;
  return match?.[1] ?? null;
};

/**
 * The shop a token is for: `dest` must be exactly https://<shop>.myshopify.com
 * (no port, path, credentials or look-alike host); anything else is refused.
 */
const EXACT_DEST = /^https:\/\/([a-z0-9][a-z0-9-]*\.myshopify\.com)$/;
export function shopOfToken(dest: unknown): string | null {
  return typeof dest === "string" ? (EXACT_DEST.exec(dest)?.[1] ?? null) : null;
}

/**
 * The library's own refusals (no token, bad signature, expired) carry no
 * body; the extension gets a sentence it can show, with CORS headers so it
 * can read it. Its other answers (OPTIONS preflight, bots) pass unchanged.
 */
async function authenticateCheckout(request: Request) {
  try {
    return await authenticate.public.checkout(request);
  } catch (thrown) {
    if (thrown instanceof Response && thrown.status === 401) {
      throw refuse(
        "unauthenticated",
        "The checkout session token is missing, expired or not signed by Shopify. Reload the page.",
        { cors: true },
      );
    }
    throw thrown;
  }
}

/** OPTIONS is answered by the library (CORS preflight); any other loader request is refused. */
export async function handleCheckoutPreflight(request: Request): Promise<Response> {
  const { cors } = await authenticateCheckout(request);
  return cors(wrongMethod());
}

export async function handleCheckoutCapture(request: Request): Promise<Response> {
  const { sessionToken, cors } = await authenticateCheckout(request);
  if (sessionToken.aud !== appEnv().SHOPIFY_API_KEY) {
    return cors(refuse("unauthenticated", "This session token was issued for another app."));
  }
  // The library checks `exp` only when the token has one: a token without it would never expire.
  if (typeof sessionToken.exp !== "number") {
    return cors(refuse("unauthenticated", "This session token has no expiry. Reload the page."));
  }
  if (request.method !== "POST") return cors(wrongMethod());
  const shop = shopOfToken(sessionToken.dest);
  if (!shop) {
    return cors(refuse("unauthenticated", "This session token does not name a Shopify store."));
  }
  const config = appEnv();
  // Every signed request counts against its client (one key for all without an address)...
  const client = `checkout-client:${shop}:${truncatedClientAddress(request) ?? "unknown"}`;
  // Refusals past the token are counted for the capture page (a bad token names no trustworthy shop).
  if (await rateLimited(client, config.RATE_LIMIT_PER_CLIENT)) {
    await countRefusal(db, shop, "rate_limited");
    return cors(tooManyRequests());
  }
  const parsed = await parseJsonBody(request, CheckoutOptIn);
  if (!parsed.ok) {
    await countRefusal(db, shop, "invalid_input");
    return cors(problemResponse(parsed));
  }
  const body = parsed.value;
  // ...and only well-formed ones against the shop.
  if (await rateLimited(`checkout:${shop}`, config.RATE_LIMIT_PER_SHOP)) {
    await countRefusal(db, shop, "rate_limited");
    return cors(tooManyRequests());
  }
  const reference = body.orderId
    ? `order:${body.orderId}`
    : body.checkoutToken
      ? `checkout:${body.checkoutToken}`
      : "";
  const outcome = await recordCapturedConsent(db, {
    shop,
    clientEventId: body.eventId,
    action: body.consent ? "opt_in" : "opt_out",
    phone: body.phone,
    country: body.country,
    consentText: body.consentText,
    sourceKind: body.target,
    sourceDetail: reference,
    captureMethod: "checkbox",
    shopifyCustomerId: customerIdFromSubject(sessionToken.sub),
    details: {
      userAgent: request.headers.get("user-agent")?.slice(0, 300),
      checkoutToken: body.checkoutToken,
    },
  });
  if (outcome.status === "rejected") {
    await countRefusal(db, shop, outcome.cause === "wrong_wording" ? "wrong_wording" : "invalid_input");
    return cors(problemResponse(outcome.problem));
  }
  return cors(
    Response.json(
      { status: outcome.status, eventId: outcome.eventId },
      { status: outcome.status === "recorded" ? 201 : 200 },
    ),
  );
}
