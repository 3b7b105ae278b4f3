import type { ActionFunctionArgs } from "@remix-run/node";
import {
  CustomerRedactPayload,
  DataRequestPayload,
  handleCustomerRedact,
  handleDataRequest,
  handleShopRedactDelivery,
} from "../compliance/compliance.server";
import { db } from "../db.server";
import { acknowledged } from "../http/answers";
import { refuseDelivery, rejectedPayload } from "../http/webhook-answers";
import { authenticateWebhook } from "../http/webhook-auth.server";
import { handleOnce } from "../webhooks/once.server";

/** Shopify's mandatory compliance topics (declared in shopify.app.toml). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload, webhookId, triggeredAt } = await authenticateWebhook(request);
  const name = String(topic).toLowerCase().replace(/_/g, "/");
  switch (name) {
    case "customers/data/request": {
      const parsed = DataRequestPayload.safeParse(payload);
      if (!parsed.success)
        return rejectedPayload("customers/data_request", parsed.error.issues[0]?.message ?? "");
      await handleOnce(db, { shop, webhookId, topic: name }, () => handleDataRequest(db, shop, parsed.data));
      return acknowledged();
    }
    case "customers/redact": {
      const parsed = CustomerRedactPayload.safeParse(payload);
      if (!parsed.success) return rejectedPayload("customers/redact", parsed.error.issues[0]?.message ?? "");
      await handleOnce(db, { shop, webhookId, topic: name }, () =>
        handleCustomerRedact(db, shop, parsed.data),
      );
      return acknowledged();
    }
    case "shop/redact": {
      // Nothing of the shop may remain; only the webhook id is kept, for the retry window.
      const outcome = await handleShopRedactDelivery(db, shop, { webhookId, triggeredAt });
      if (outcome === "too_old") {
        return refuseDelivery(
          "invalid",
          "Bad Request: this shop/redact was triggered more than 4 hours ago (X-Shopify-Triggered-At), longer than Shopify retries a delivery; it was not applied",
        );
      }
      return acknowledged();
    }
    default:
      return refuseDelivery("invalid", `unexpected topic ${String(topic)}`);
  }
};
