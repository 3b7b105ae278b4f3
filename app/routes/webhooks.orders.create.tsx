import type { ActionFunctionArgs } from "@remix-run/node";
import { linkOrderToConsent, OrderPayload } from "../capture/order-link.server";
import { db } from "../db.server";
import { authenticateWebhook } from "../webhooks/authenticate.server";
import { handleOnce, rejectedPayload } from "../webhooks/once.server";

/** orders/create: link the order to the checkout consent event its metafield names. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload, webhookId } = await authenticateWebhook(request);
  const parsed = OrderPayload.safeParse(payload);
  if (!parsed.success) return rejectedPayload("orders/create", parsed.error.issues[0]?.message ?? "");
  return handleOnce(db, { shop, webhookId, topic: "orders/create" }, () =>
    linkOrderToConsent(db, shop, parsed.data),
  );
};
