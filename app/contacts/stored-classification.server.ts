/**
 * Classification of stored contacts: gathers a contact's ledger events as
 * the core's facts and caches the outcome (segment, reasons, evidence) on
 * the contact row so the admin can filter with indexes.
 */
import { type Classification, classifyContact } from "../consent/classify";
import { normalizePhone } from "../consent/phone";
import type { CaptureMethod, Channel, ConsentAction, ConsentFact, SourceKind } from "../consent/types";
import type { Transaction } from "../ledger/consent-events.server";

export interface ClassifiableContact {
  id: string;
  shopifyCustomerId: string | null;
  phoneRaw: string | null;
  phoneE164: string | null;
  country: string | null;
}

export interface StoredEvent {
  id: string;
  contactId: string;
  channel: string;
  action: string;
  occurredAt: Date | null;
  sourceKind: string;
  sourceDetail: string;
  captureMethod: string;
  optInLevel: string | null;
  consentText: string | null;
}

export function factFromEvent(event: StoredEvent): ConsentFact {
  return {
    id: event.id,
    channel: event.channel as Channel,
    action: event.action as ConsentAction,
    occurredAt: event.occurredAt,
    sourceKind: event.sourceKind as SourceKind,
    sourceDetail: event.sourceDetail,
    captureMethod: event.captureMethod as CaptureMethod,
    consentText: event.consentText,
    level: event.optInLevel === "confirmed" ? "confirmed" : undefined,
  };
}

export interface ShopContext {
  brand: string;
  defaultCountry: string | null;
}

export function classifyStoredContact(
  contact: ClassifiableContact,
  facts: readonly ConsentFact[],
  shop: ShopContext,
): Classification {
  const phone = normalizePhone(contact.phoneRaw ?? contact.phoneE164, {
    country: contact.country,
    defaultCountry: shop.defaultCountry,
  });
  return classifyContact(
    {
      phone,
      facts,
      // A Shopify customer's phone with no marketing consent came from an order or account.
      phoneCollectedForOrders: contact.shopifyCustomerId !== null,
    },
    { brand: shop.brand },
  );
}

/** The columns of Contact that cache a classification. */
export function classificationColumns(classification: Classification) {
  return {
    segment: classification.segment,
    reasons: classification.reasons.join(";"),
    evidenceEventId: classification.whatsappOptIn?.id ?? null,
    evidenceSourceKind: classification.whatsappOptIn?.sourceKind ?? null,
    optInLevel: classification.optInLevel,
    decidedAt: classification.decidedAt,
  };
}

/** Every event of these contacts, with the consent wording each points at. */
export async function loadFacts(tx: Transaction, shop: string, contactIds: readonly string[]) {
  const facts = new Map<string, ConsentFact[]>();
  if (contactIds.length === 0) return facts;
  const events = await tx.consentEvent.findMany({
    where: { shop, contactId: { in: [...contactIds] } },
    include: { consentText: { select: { text: true } } },
    orderBy: { seq: "asc" },
  });
  for (const event of events) {
    const list = facts.get(event.contactId) ?? [];
    list.push(factFromEvent({ ...event, consentText: event.consentText?.text ?? null }));
    facts.set(event.contactId, list);
  }
  return facts;
}

export async function shopContext(tx: Transaction, shop: string): Promise<ShopContext> {
  const settings = await tx.shop.findUnique({ where: { domain: shop } });
  return { brand: settings?.brandName ?? "", defaultCountry: settings?.defaultCountry ?? null };
}

/** Recomputes and stores the classification of the given contacts. */
export async function reclassifyContacts(tx: Transaction, shop: string, contactIds: readonly string[]) {
  if (contactIds.length === 0) return;
  const context = await shopContext(tx, shop);
  const contacts = await tx.contact.findMany({ where: { shop, id: { in: [...contactIds] } } });
  const facts = await loadFacts(tx, shop, contactIds);
  for (const contact of contacts) {
    const classification = classifyStoredContact(contact, facts.get(contact.id) ?? [], context);
    await tx.contact.update({ where: { id: contact.id }, data: classificationColumns(classification) });
  }
}
