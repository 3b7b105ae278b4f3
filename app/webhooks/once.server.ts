/**
 * Shopify may deliver a webhook more than once: a delivery whose id was
 * already handled is acknowledged without running the handler again. The
 * handlers are idempotent on their own too (a crash between handling and
 * recording only means one harmless re-run).
 */
import type { Database } from "../db.server";

export async function handleOnce(
  db: Database,
  delivery: { shop: string; webhookId: string; topic: string },
  handler: () => Promise<unknown>,
): Promise<"handled" | "already_handled"> {
  const seen = await db.processedWebhook.findUnique({
    where: { shop_webhookId: { shop: delivery.shop, webhookId: delivery.webhookId } },
  });
  if (seen) return "already_handled";
  await handler();
  await db.shop.upsert({ where: { domain: delivery.shop }, create: { domain: delivery.shop }, update: {} });
  await db.processedWebhook
    .create({ data: { shop: delivery.shop, webhookId: delivery.webhookId, topic: delivery.topic } })
    .catch(() => undefined); // a concurrent duplicate recorded it first
  return "handled";
}
