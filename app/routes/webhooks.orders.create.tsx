import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { linkOrderToConsent } from "../capture/order-link.server";
import { db } from "../db.server";
import { acknowledged } from "../http/answers";
import { refuseDelivery, rejectedPayload } from "../http/webhook-answers";
import { authenticateWebhook } from "../http/webhook-auth.server";
import { adminClientForShop } from "../shopify/offline-admin.server";
import { restId } from "../sync/customer-snapshot";
import { handleOnce } from "../webhooks/once.server";
import { readOrderConsent } from "../webhooks/order-consent.server";

const OrderPayload = z.object({
  id: restId,
  customer: z.object({ id: restId }).nullish(),
});

/**
 * orders/create: link the order to the checkout consent event its metafield
 * names. The metafield is read from Shopify (the payload cannot carry it);
 * when Shopify cannot be asked, the delivery fails and Shopify sends it again.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload, webhookId } = await authenticateWebhook(request);
  const parsed = OrderPayload.safeParse(payload);
  if (!parsed.success) return rejectedPayload("orders/create", parsed.error.issues[0]?.message ?? "");
  const order = parsed.data;
  let read: Awaited<ReturnType<typeof readOrderConsent>>;
  try {
    read = await readOrderConsent(await adminClientForShop(shop), order.id);
  } catch (error) {
    // The shop domain and the error's kind only: Shopify's answers may hold personal data.
    console.warn(`orders/create for ${shop}: consent metafield unreadable (${(error as Error).name})`);
    return refuseDelivery(
      "unavailable",
      "Service Unavailable: the order's consent could not be read from Shopify yet; Shopify will deliver this webhook again",
    );
  }
  await handleOnce(db, { shop, webhookId, topic: "orders/create" }, async () => {
    if (!read.found || !read.eventId) return;
    await linkOrderToConsent(db, shop, {
      id: order.id,
      customerId: order.customer?.id ?? read.customerId,
      eventId: read.eventId,
    });
  });
  return acknowledged();
};
