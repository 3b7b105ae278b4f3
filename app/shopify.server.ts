import "@shopify/shopify-app-remix/adapters/node";
import { shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { db } from "./db.server";
import { type AppEnvironment, appEnv } from "./env.server";
import { onFirstUse } from "./lazy";
import { emulatedShopFetch } from "./shopify/admin-client.server";
import { adminClientForShop } from "./shopify/offline-admin.server";
import { PrismaSessionStorage } from "./shopify/session-storage.server";
import { publishShopWording } from "./shopify/wording-metafield.server";
import { SHOPIFY_API_VERSION } from "./shopify-api-version";

/** The library's enum member for our one API version (test/config checks it exists). */
export const apiVersion = Object.values(ApiVersion).find(
  (version) => version === SHOPIFY_API_VERSION,
) as ApiVersion;
if (!apiVersion)
  throw new Error(`@shopify/shopify-app-remix does not know API version ${SHOPIFY_API_VERSION}`);

function createShopifyApp(config: AppEnvironment) {
  return shopifyApp({
    apiKey: config.SHOPIFY_API_KEY,
    apiSecretKey: config.SHOPIFY_API_SECRET,
    apiVersion,
    scopes: config.SCOPES.split(","),
    appUrl: config.SHOPIFY_APP_URL,
    authPathPrefix: "/auth",
    sessionStorage: new PrismaSessionStorage(db),
    distribution: AppDistribution.AppStore,
    future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
    hooks: {
      // An install (or a reinstall, which starts without the old installation's app-data
      // metafields) gets the wording saved in the app at once. Never throws: a failure here
      // would fail the merchant's sign-in; the next save publishes again.
      afterAuth: async ({ session }) => {
        await publishShopWording(db, session.shop, () => adminClientForShop(session.shop));
      },
    },
    // The library logs a line per authenticated request at Info: on a busy storefront that
    // is a console write per opt-in (measured in bench/capture-load.ts). Warnings and errors stay.
    logger: { level: config.NODE_ENV === "production" ? LogSeverity.Warning : LogSeverity.Info },
    ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
  });
}

/**
 * The library's own App Proxy signature check (HMAC of the query string,
 * timestamp within 90 s). authenticate.public.appProxy runs the same check
 * and then loads the shop's offline session, refreshing an expired token
 * over the network: on every storefront opt-in that is a query the capture
 * never uses, and a dependency on Shopify being reachable.
 */
function createSignatureCheck(config: AppEnvironment) {
  return shopifyApi({
    apiKey: config.SHOPIFY_API_KEY,
    apiSecretKey: config.SHOPIFY_API_SECRET,
    apiVersion,
    hostName: new URL(config.SHOPIFY_APP_URL).host,
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
  });
}

type ShopifyApp = ReturnType<typeof createShopifyApp>;
let instance: { app: ShopifyApp; signatures: ReturnType<typeof createSignatureCheck> } | undefined;

/** Reads the environment and builds both Shopify objects on first use; one pair per process. */
function shopifyInstance() {
  if (!instance) {
    const config = appEnv();
    // Development and tests only (env validation refuses it in production): the library's own
    // calls to https://<shop>/admin/... (token refresh, admin.graphql) go to the local emulator.
    if (config.SHOPIFY_ADMIN_API_ORIGIN)
      setAbstractFetchFunc(
        emulatedShopFetch(config.SHOPIFY_ADMIN_API_ORIGIN, (input, init) => fetch(input, init)),
      );
    instance = { app: createShopifyApp(config), signatures: createSignatureCheck(config) };
  }
  return instance;
}

/** The Shopify app (server.js calls it at boot, so a missing variable stops the server before it listens). */
export function getShopify(): ShopifyApp {
  return shopifyInstance().app;
}

export const authenticate: ShopifyApp["authenticate"] = onFirstUse(() => getShopify().authenticate);
export const unauthenticated: ShopifyApp["unauthenticated"] = onFirstUse(() => getShopify().unauthenticated);
export const login: ShopifyApp["login"] = (request) => getShopify().login(request);
export const addDocumentResponseHeaders: ShopifyApp["addDocumentResponseHeaders"] = (request, headers) =>
  getShopify().addDocumentResponseHeaders(request, headers);

export async function validAppProxySignature(url: URL): Promise<boolean> {
  const query = new URLSearchParams(url.search);
  // As the Remix package does: Shopify signs without an empty "index".
  if (!query.get("index")) query.delete("index");
  const { signatures } = shopifyInstance();
  try {
    return await signatures.utils.validateHmac(query, { signator: "appProxy" });
  } catch {
    // Missing or repeated signature, or a timestamp outside the 90 s window.
    return false;
  }
}
