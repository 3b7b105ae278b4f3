/**
 * The one Admin API version of the app. shopify.app.toml's webhooks
 * api_version and the extensions' api_version must equal it
 * (test/config/api-version.test.ts checks them).
 */
export const SHOPIFY_API_VERSION = "2026-10";
