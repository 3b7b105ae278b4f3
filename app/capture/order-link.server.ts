/**
 * orders/create: an order placed after a checkout opt-in carries the consent
 * event id in its metafield (copied from the cart; the webhook reads it with
 * a query, docs/decisions/009). The order and its
 * customer are linked to the event; a contact captured as a guest gets the
 * customer id, and its WhatsApp consent is then mirrored into Shopify.
 */
import type { Database } from "../db.server";
import { applyConsentEvents, runConsentEffects } from "../ledger/apply-consent-events.server";
import { withLedgerTransaction } from "../ledger/consent-events.server";

export const CONSENT_METAFIELD = { namespace: "whatsapp_consent", key: "event_id" } as const;

/** The order facts the link needs; the event id is the order's consent metafield, read by the webhook. */
export interface OrderConsent {
  id: string;
  customerId: string | null;
  eventId: string | null;
}

export async function linkOrderToConsent(db: Database, shop: string, order: OrderConsent) {
  const { eventId } = order;
  if (!eventId) return { linked: false as const };
  const event = await db.consentEvent.findFirst({ where: { shop, id: eventId } });
  if (!event) return { linked: false as const };
  const customerId = order.customerId;
  const effects = await withLedgerTransaction(db, async (tx) => {
    await tx.orderConsentLink.upsert({
      where: { shop_orderId_eventId: { shop, orderId: order.id, eventId } },
      create: { shop, orderId: order.id, eventId, shopifyCustomerId: customerId },
      update: {},
    });
    const contact = await tx.contact.findUniqueOrThrow({ where: { id: event.contactId } });
    if (customerId && !contact.shopifyCustomerId) {
      const taken = await tx.contact.findFirst({ where: { shop, shopifyCustomerId: customerId } });
      if (!taken) {
        await tx.contact.update({ where: { id: contact.id }, data: { shopifyCustomerId: customerId } });
        // No new event: the contact now has a customer (which changes how it is judged and
        // which contact stands for a shared phone), and the opt-in goes to Shopify.
        const { effects } = await applyConsentEvents(tx, shop, [], {
          contacts: [contact.id],
          phones: [contact.phoneE164],
          writeBack: { shopifyCustomerId: customerId, stored: [event] },
        });
        return effects;
      }
    }
    return null;
  });
  if (effects) runConsentEffects(db, shop, effects);
  return { linked: true as const, eventId };
}
