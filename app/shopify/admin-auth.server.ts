/**
 * Admin authentication for the embedded pages. Demo mode (npm run demo)
 * signs in to the emulated demo store without Shopify; it exists only in
 * development: env validation refuses DEMO_MODE with NODE_ENV=production,
 * and the check below is compiled away in production builds.
 */
import { db } from "../db.server";
import { appEnv } from "../env.server";
import { authenticate } from "../shopify.server";
import type { AdminGraphql } from "./admin-client.server";
import { adminClientForShop } from "./offline-admin.server";

export interface AdminContext {
  shop: string;
  /** Admin API client for this shop (offline token). */
  client: () => Promise<AdminGraphql>;
  demo: boolean;
  /** Who is signed in, for audit logs: "staff:<Shopify user id>" (no name or email), or "demo". */
  actor: string;
}

/** True in `remix vite:build` output (Vite replaces it): a production build never has demo sign-in. */
const PRODUCTION_BUILD = import.meta.env?.PROD === true;

export function demoSignInAllowed(): boolean {
  const config = appEnv();
  return !PRODUCTION_BUILD && config.NODE_ENV !== "production" && config.DEMO_MODE === "1";
}

export async function requireAdmin(request: Request): Promise<AdminContext> {
  if (demoSignInAllowed()) {
    const shop = appEnv().DEMO_SHOP;
    return { shop, client: () => adminClientForShop(shop), demo: true, actor: "demo" };
  }
  const { session, sessionToken } = await authenticate.admin(request);
  await db.shop.upsert({ where: { domain: session.shop }, create: { domain: session.shop }, update: {} });
  // The session token's `sub` is the staff member's user id (offline sessions carry no user).
  const actor = sessionToken?.sub ? `staff:${sessionToken.sub}` : "staff:unknown";
  return { shop: session.shop, client: () => adminClientForShop(session.shop), demo: false, actor };
}
