/**
 * The consent event an order points at. Shopify CLI 4.8.2 cannot ask for
 * metafields in a webhook payload (docs/decisions/009), so the orders/create
 * handler reads the order's app-owned metafield with one query.
 */
import { z } from "zod";
import { CONSENT_METAFIELD } from "../capture/order-link.server";
import { unstorableTextRefusal } from "../http/json-text";
import type { AdminGraphql } from "../shopify/admin-client.server";

export const ORDER_CONSENT_QUERY = `#graphql
query OrderConsentMetafield($id: ID!, $namespace: String!, $key: String!) {
  order(id: $id) {
    id
    customer {
      id
    }
    metafield(namespace: $namespace, key: $key) {
      value
    }
  }
}
`;

/** `$app:` is the app-reserved namespace the checkout extension writes (the cart metafield copies over). */
export const CONSENT_METAFIELD_NAMESPACE = `$app:${CONSENT_METAFIELD.namespace}`;

const OrderConsentResult = z.object({
  order: z
    .object({
      id: z.string(),
      customer: z.object({ id: z.string() }).nullish(),
      metafield: z.object({ value: z.string() }).nullish(),
    })
    .nullable(),
});

/** Our event ids: time-ordered or UUID-like tokens, never long, never a NUL. */
const EventId = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((value) => unstorableTextRefusal(value) === null);

export type OrderConsentLookup =
  | { found: true; eventId: string | null; customerId: string | null }
  | { found: false };

export async function readOrderConsent(client: AdminGraphql, orderId: string): Promise<OrderConsentLookup> {
  const data = OrderConsentResult.parse(
    await client.request(ORDER_CONSENT_QUERY, {
      id: `gid://shopify/Order/${orderId}`,
      namespace: CONSENT_METAFIELD_NAMESPACE,
      key: CONSENT_METAFIELD.key,
    }),
  );
  if (!data.order) return { found: false };
  const eventId = EventId.safeParse(data.order.metafield?.value);
  const customer = data.order.customer?.id;
  return {
    found: true,
    eventId: eventId.success ? eventId.data : null,
    customerId: customer ? customer.slice(customer.lastIndexOf("/") + 1) : null,
  };
}
