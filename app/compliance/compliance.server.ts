/**
 * Shopify's mandatory privacy webhooks. customers/redact erases a customer's
 * personal data but keeps every ledger hash, so the shop's chain still
 * verifies; shop/redact deletes everything the app holds for the shop.
 */
import { z } from "zod";
import type { Database } from "../db.server";
import { applyConsentEvents } from "../ledger/apply-consent-events.server";
import { withLedgerTransaction } from "../ledger/consent-events.server";
import { enableSecureDelete, flushErasure } from "./sqlite-secure-delete.server";

const customerRef = z.object({
  id: z.union([z.number(), z.string()]).nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
});

export const DataRequestPayload = z.object({
  shop_domain: z.string(),
  customer: customerRef,
  data_request: z.object({ id: z.union([z.number(), z.string()]) }),
});

export const CustomerRedactPayload = z.object({
  shop_domain: z.string(),
  customer: customerRef,
});

type CustomerRef = z.infer<typeof customerRef>;

/** The shop's contacts that are this customer: by Shopify id, else by the email or phone Shopify names. */
async function contactsOf(db: Database, shop: string, customer: CustomerRef) {
  const or: object[] = [];
  if (customer.id !== null && customer.id !== undefined) or.push({ shopifyCustomerId: String(customer.id) });
  if (customer.email) or.push({ email: customer.email });
  if (customer.phone) or.push({ phoneRaw: customer.phone }, { phoneE164: customer.phone });
  if (or.length === 0) return [];
  return db.contact.findMany({ where: { shop, OR: or } });
}

/** Assembles the customer's consent record for the merchant to hand over. */
export async function handleDataRequest(
  db: Database,
  shop: string,
  payload: z.infer<typeof DataRequestPayload>,
) {
  const contacts = await contactsOf(db, shop, payload.customer);
  const events = await db.consentEvent.findMany({
    where: { shop, contactId: { in: contacts.map((contact) => contact.id) } },
    include: { consentText: { select: { text: true, sha256: true, language: true } } },
    orderBy: { seq: "asc" },
  });
  const document = {
    shop,
    requestedAt: new Date().toISOString(),
    customer: payload.customer,
    contacts: contacts.map((contact) => ({
      phone: contact.phoneE164 ?? contact.phoneRaw,
      email: contact.email,
      firstName: contact.firstName,
      lastName: contact.lastName,
      segment: contact.segment,
      reasons: contact.reasons ? contact.reasons.split(";") : [],
      consentEvents: events
        .filter((event) => event.contactId === contact.id)
        .map((event) => ({
          channel: event.channel,
          action: event.action,
          occurredAt: event.occurredAt?.toISOString() ?? null,
          recordedAt: event.recordedAt.toISOString(),
          source: event.sourceKind,
          sourceDetail: event.sourceDetail,
          method: event.captureMethod,
          optInLevel: event.optInLevel,
          consentText: event.consentText?.text ?? null,
          details: event.details ? JSON.parse(event.details) : null,
        })),
    })),
  };
  const requestId = String(payload.data_request.id);
  await db.dataRequestExport.upsert({
    where: { shop_requestId: { shop, requestId } },
    create: {
      shop,
      requestId,
      shopifyCustomerId: String(payload.customer.id ?? ""),
      document: JSON.stringify(document),
    },
    update: {},
  });
  return document;
}

/** Erases names, email, phone and event details; keeps ids and hashes so the ledger verifies. */
export async function handleCustomerRedact(
  db: Database,
  shop: string,
  payload: z.infer<typeof CustomerRedactPayload>,
) {
  await enableSecureDelete(db);
  const contacts = await contactsOf(db, shop, payload.customer);
  if (contacts.length === 0) return { contacts: 0 };
  const ids = contacts.map((contact) => contact.id);
  const phones = contacts.map((contact) => contact.phoneE164);
  const redactedAt = new Date();
  await withLedgerTransaction(db, async (tx) => {
    await tx.contact.updateMany({
      where: { shop, id: { in: ids } },
      data: {
        phoneRaw: null,
        phoneE164: null,
        email: null,
        firstName: null,
        lastName: null,
        duplicateOfId: null,
        redactedAt,
      },
    });
    await tx.consentEvent.updateMany({
      where: { shop, contactId: { in: ids } },
      data: { details: null, redactedAt },
    });
    await tx.dataRequestExport.deleteMany({
      where: { shop, shopifyCustomerId: { in: contacts.map((contact) => contact.shopifyCustomerId ?? "-") } },
    });
    // No new event: the contacts lost their phones, so their groups are judged again.
    await applyConsentEvents(tx, shop, [], { contacts: ids, phones });
  });
  await flushErasure(db);
  return { contacts: contacts.length };
}

/** 48 hours after uninstall: nothing of the shop stays. */
/**
 * Shopify retries a failed webhook delivery 8 times over 4 hours; a little
 * more is allowed for clocks that disagree. A shop/redact triggered longer
 * ago than that is not a delivery Shopify would make.
 */
export const SHOP_REDACT_WINDOW_MS = (4 * 60 + 15) * 60_000;

export type ShopRedactOutcome = "applied" | "repeat" | "too_old";

/**
 * One shop/redact delivery: refused when triggered outside the retry window
 * (or with no trigger time), acknowledged without erasing anything when its
 * webhook id was already applied (a repeat would erase what the shop stored
 * after reinstalling), applied otherwise. The record of applied ids names no
 * shop and lasts only as long as the window.
 */
export async function handleShopRedactDelivery(
  db: Database,
  shop: string,
  delivery: { webhookId: string; triggeredAt: string | undefined },
  now = new Date(),
): Promise<ShopRedactOutcome> {
  const triggered = delivery.triggeredAt ? Date.parse(delivery.triggeredAt) : Number.NaN;
  const oldestAccepted = now.getTime() - SHOP_REDACT_WINDOW_MS;
  if (!Number.isFinite(triggered) || triggered < oldestAccepted) return "too_old";
  const seen = await db.redactedShopDelivery.findUnique({ where: { webhookId: delivery.webhookId } });
  if (seen) return "repeat";
  await handleShopRedact(db, shop);
  // After the erasure: a crash in between re-runs an erasure, which is harmless.
  await db.redactedShopDelivery
    .create({ data: { webhookId: delivery.webhookId, receivedAt: now } })
    .catch(() => undefined); // a concurrent duplicate recorded it first
  await db.redactedShopDelivery.deleteMany({ where: { receivedAt: { lt: new Date(oldestAccepted) } } });
  return "applied";
}

export async function handleShopRedact(db: Database, shop: string) {
  await enableSecureDelete(db);
  await db.$transaction([
    db.session.deleteMany({ where: { shop } }),
    db.shop.deleteMany({ where: { domain: shop } }),
  ]);
  await flushErasure(db);
}
