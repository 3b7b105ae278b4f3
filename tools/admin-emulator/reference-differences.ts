/**
 * Every way the emulator's SDL (schema.graphql) knowingly differs from the
 * Admin API reference (../shared/reference/shopify-admin/admin-2026-10.graphql),
 * in one place, with the reason. test/graphql/emulator-vs-reference.test.ts
 * computes the differences and requires this list to be exactly them: a new
 * difference fails until it is listed here, and a fixed one until it is removed.
 *
 * Leaving out a type, a field or an enum-free object's field is not a
 * difference: the emulator serves a subset. What it does serve must be typed
 * as Shopify types it.
 */
export const DELIBERATE_DIFFERENCES: Record<string, string> = {
  "CurrencyCode:missing-enum-values":
    "The emulator's shops use a few dozen currencies; the reference lists every ISO 4217 code. " +
    "The app never sends a currency, and every value the emulator returns is one of the reference's.",
};

/*
 * Where the webhook payloads' shapes come from, and what they assume beyond
 * shopify.dev's samples (the reference holds no webhook schema):
 * - Payload keys as in shopify.dev's 2026-07 webhook reference samples:
 *   customers/create|update|delete carry no consent and no tags; each consent
 *   channel has its topic.
 * - Consent states in the consent topics are the GraphQL enum values in lower
 *   case; the SMS topic keeps REST's not_subscribed for NEVER_SUBSCRIBED (the
 *   samples show null states).
 * - REST ids are 64-bit JSON numbers: the emulator offsets its record ids
 *   (ids.ts) so every id is above 2^53, as real ones are.
 */
