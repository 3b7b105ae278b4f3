import { appEnv } from "../env.server";
import { unauthenticated } from "../shopify.server";
import { adminClient } from "./admin-client.server";

/**
 * The Admin API client of the app's background jobs (write-back, bulk
 * imports, order lookups), from the shop's offline session as the library
 * keeps it: unauthenticated.admin refreshes an expiring offline token
 * (expiringOfflineAccessTokens) and stores the new one before it is used.
 */
export async function adminClientForShop(shop: string) {
  const { session } = await unauthenticated.admin(shop);
  if (!session.accessToken) throw new Error(`no offline token for ${shop}: the app is not installed there`);
  return adminClient({
    shop,
    accessToken: session.accessToken,
    origin: appEnv().SHOPIFY_ADMIN_API_ORIGIN ?? null,
  });
}
