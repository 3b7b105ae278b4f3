/**
 * Where each webhook topic is delivered: the same URIs as the
 * [[webhooks.subscriptions]] of shopify.app.toml (test/config checks they agree).
 * Topic names as shopify.dev spells them; README "Webhooks" says why each one.
 */
export const WEBHOOK_PATHS: Record<string, string> = {
  "app/uninstalled": "/webhooks/app/uninstalled",
  "customers/create": "/webhooks/customers",
  "customers/update": "/webhooks/customers",
  "customers/delete": "/webhooks/customers",
  "customers_email_marketing_consent/update": "/webhooks/customers",
  "customers_marketing_consent/update": "/webhooks/customers",
  "customers_whats_app_marketing_consent/update": "/webhooks/customers",
  "bulk_operations/finish": "/webhooks/bulk_operations/finish",
  "orders/create": "/webhooks/orders/create",
  "customers/data_request": "/webhooks/compliance",
  "customers/redact": "/webhooks/compliance",
  "shop/redact": "/webhooks/compliance",
};

export const webhookPath = (topic: string): string => WEBHOOK_PATHS[topic] ?? "/webhooks";

/** The library hands topics over as CUSTOMERS_WHATS_APP_MARKETING_CONSENT_UPDATE: back to the subscribed name. */
const BY_STORAGE_KEY = new Map(
  Object.keys(WEBHOOK_PATHS).map((topic) => [topic.toUpperCase().replace(/[/.]/g, "_"), topic]),
);

export function topicName(topic: string): string | null {
  return BY_STORAGE_KEY.get(topic.toUpperCase().replace(/[/.]/g, "_")) ?? null;
}
