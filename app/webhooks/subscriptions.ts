/**
 * Where each webhook topic is delivered: the same URIs as the
 * [[webhooks.subscriptions]] of shopify.app.toml (test/config checks they agree).
 */
export const WEBHOOK_PATHS: Record<string, string> = {
  "app/uninstalled": "/webhooks/app/uninstalled",
  "customers/create": "/webhooks/customers",
  "customers/update": "/webhooks/customers",
  "customers/delete": "/webhooks/customers",
  "bulk_operations/finish": "/webhooks/bulk_operations/finish",
  "orders/create": "/webhooks/orders/create",
  "customers/data_request": "/webhooks/compliance",
  "customers/redact": "/webhooks/compliance",
  "shop/redact": "/webhooks/compliance",
};

export const webhookPath = (topic: string): string => WEBHOOK_PATHS[topic] ?? "/webhooks";
