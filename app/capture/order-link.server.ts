/**
 * orders/create: an order placed after a checkout opt-in carries the consent
 * event id in its metafield (copied from the cart). The order and its
 * customer are linked to the event; a contact captured as a guest gets the
 * customer id, and its WhatsApp consent is then mirrored into Shopify.
 */
import { z } from "zod";
import { reclassifyContacts } from "../contacts/stored-classification.server";
import type { Database } from "../db.server";
import { withLedgerTransaction } from "../ledger/consent-events.server";
import { enqueueWriteBack } from "../write-back/outbox.server";
import { scheduleWriteBacks } from "../write-back/worker.server";

export const CONSENT_METAFIELD = { namespace: "whatsapp_consent", key: "event_id" } as const;

export const OrderPayload = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  customer: z.object({ id: z.union([z.number(), z.string()]).transform(String) }).nullish(),
  metafields: z
    .array(
      z.object({
        namespace: z.string(),
        key: z.string(),
        value: z.union([z.string(), z.number()]).transform(String),
      }),
    )
    .nullish(),
});

/** `$app:whatsapp_consent` arrives as `app--<app id>--whatsapp_consent`. */
const isConsentNamespace = (namespace: string) =>
  namespace === CONSENT_METAFIELD.namespace || namespace.endsWith(`--${CONSENT_METAFIELD.namespace}`);

export async function linkOrderToConsent(db: Database, shop: string, order: z.infer<typeof OrderPayload>) {
  const eventId = order.metafields?.find(
    (field) => isConsentNamespace(field.namespace) && field.key === CONSENT_METAFIELD.key,
  )?.value;
  if (!eventId) return { linked: false as const };
  const event = await db.consentEvent.findFirst({ where: { shop, id: eventId } });
  if (!event) return { linked: false as const };
  const customerId = order.customer?.id ?? null;
  const queued = await withLedgerTransaction(db, async (tx) => {
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
        const pending = await tx.writeBackTask.findUnique({ where: { eventId: event.id } });
        const task =
          !pending && event.channel === "whatsapp" ? await enqueueWriteBack(tx, event, customerId) : null;
        await reclassifyContacts(tx, shop, [contact.id]);
        return task !== null;
      }
    }
    return false;
  });
  if (queued) scheduleWriteBacks(db, shop);
  return { linked: true as const, eventId };
}
