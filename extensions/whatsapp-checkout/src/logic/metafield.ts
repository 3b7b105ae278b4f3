/**
 * The cart metafield that carries a pointer to the proof onto the order.
 * Shopify copies a cart metafield to the order when an order metafield
 * definition with the same namespace and key has the `cartToOrderCopyable`
 * capability (declared in shopify.app.toml as
 * `[order.metafields.whatsapp_consent.event_id]`).
 */
export const CONSENT_METAFIELD = {
  namespace: "$app:whatsapp_consent",
  key: "event_id",
  type: "single_line_text_field",
} as const;

export interface CartMetafieldUpdate {
  type: "updateCartMetafield";
  metafield: { namespace: string; key: string; type: string; value: string };
}

/** The change for `applyMetafieldChange`: the id of the latest decision the app recorded. */
export function consentMetafieldChange(eventId: string): CartMetafieldUpdate {
  return { type: "updateCartMetafield", metafield: { ...CONSENT_METAFIELD, value: eventId } };
}
