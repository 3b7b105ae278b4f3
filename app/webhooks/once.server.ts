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
): Promise<Response> {
  const seen = await db.processedWebhook.findUnique({
    where: { shop_webhookId: { shop: delivery.shop, webhookId: delivery.webhookId } },
  });
  if (seen) return new Response(null, { status: 200 });
  await handler();
  await db.shop.upsert({ where: { domain: delivery.shop }, create: { domain: delivery.shop }, update: {} });
  await db.processedWebhook
    .create({ data: { shop: delivery.shop, webhookId: delivery.webhookId, topic: delivery.topic } })
    .catch(() => undefined); // a concurrent duplicate recorded it first
  return new Response(null, { status: 200 });
}

/** A payload that fails validation: acknowledged (retrying cannot fix it) but not applied. */
export function rejectedPayload(topic: string, problem: string): Response {
  return Response.json({ error: `${topic} payload not understood: ${problem}` }, { status: 422 });
}
