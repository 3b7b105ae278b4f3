/**
 * The emulator's POST /admin/oauth/access_token grants:
 * - token exchange (an embedded app's install and first load): the admin's
 *   session token (`id_token`, HS256-signed with the app secret, `aud` the
 *   client id, `dest` the shop) is traded for an offline access token;
 * - refresh_token, for expiring offline tokens: a new access token (the old
 *   one stops working) and a new refresh token.
 * Anything else, or any check failing, answers 400 as Shopify does.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { ShopState } from "./store";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
const GRANTED_SCOPES = "read_customers,write_customers,write_app_proxy,read_orders,read_locales,read_themes";

export interface OAuthAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** The session token's claims when its signature, audience, shop and lifetime hold; null otherwise. */
export function verifyIdToken(
  token: string,
  secret: string,
  apiKey: string | undefined,
  shop: string,
  now = Date.now(),
): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claims: Record<string, unknown>;
  try {
    const head = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: string };
    if (head.alg !== "HS256") return null;
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
  const seconds = now / 1000;
  if (typeof claims.exp !== "number" || claims.exp < seconds) return null;
  if (typeof claims.nbf === "number" && claims.nbf > seconds + 5) return null;
  if (apiKey !== undefined && claims.aud !== apiKey) return null;
  if (claims.dest !== `https://${shop}`) return null;
  return claims;
}

const newToken = (prefix: string) => `${prefix}_${crypto.randomUUID().replaceAll("-", "")}`;

/** Shops whose current token came from a token exchange (not from the emulator's configuration). */
const exchanged = new WeakSet<ShopState>();

function current(shop: ShopState): OAuthAnswer {
  const seconds = shop.accessTokenExpiresAt
    ? Math.max(0, Math.floor((shop.accessTokenExpiresAt.getTime() - Date.now()) / 1000))
    : null;
  return {
    status: 200,
    body: {
      access_token: shop.accessToken,
      scope: GRANTED_SCOPES,
      ...(shop.refreshToken
        ? { expires_in: seconds, refresh_token: shop.refreshToken, refresh_token_expires_in: 90 * 86_400 }
        : {}),
    },
  };
}

function issue(shop: ShopState, expiring: boolean): OAuthAnswer {
  shop.accessToken = newToken("shpat");
  shop.accessTokenExpiresAt = expiring ? new Date(Date.now() + 3600_000) : null;
  shop.refreshToken = expiring ? newToken("shprt") : null;
  return {
    status: 200,
    body: {
      access_token: shop.accessToken,
      scope: GRANTED_SCOPES,
      ...(expiring
        ? { expires_in: 3600, refresh_token: shop.refreshToken, refresh_token_expires_in: 90 * 86_400 }
        : {}),
    },
  };
}

export function accessTokenGrant(
  shop: ShopState | undefined,
  body: Record<string, unknown>,
  options: { apiSecret: string; apiKey?: string },
): OAuthAnswer {
  const invalid = { status: 400, body: { error: "invalid_request" } };
  if (!shop || body.client_secret !== options.apiSecret) return invalid;
  if (options.apiKey !== undefined && body.client_id !== options.apiKey) return invalid;
  if (body.grant_type === "refresh_token") {
    if (!shop.refreshToken || body.refresh_token !== shop.refreshToken) return invalid;
    return issue(shop, true);
  }
  if (body.grant_type !== TOKEN_EXCHANGE_GRANT || body.subject_token_type !== ID_TOKEN_TYPE) return invalid;
  // Online (per-user) tokens are not emulated: the app asks for offline ones only.
  if (body.requested_token_type !== OFFLINE_TOKEN_TYPE) return invalid;
  const token = typeof body.subject_token === "string" ? body.subject_token : "";
  if (!verifyIdToken(token, options.apiSecret, options.apiKey, shop.domain))
    return { status: 400, body: { error: "invalid_subject_token" } };
  // The offline token belongs to the installation: parallel first requests (a page's layout and
  // content loaders) each exchange, and all get the token the first exchange issued.
  const expiring = body.expiring === "1";
  const live = !shop.accessTokenExpiresAt || shop.accessTokenExpiresAt.getTime() > Date.now();
  if (exchanged.has(shop) && live && expiring === (shop.refreshToken !== null)) return current(shop);
  exchanged.add(shop);
  return issue(shop, expiring);
}
