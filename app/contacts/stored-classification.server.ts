/**
 * Classification of stored contacts: gathers a contact's ledger events as
 * the core's facts and caches the outcome (segment, reasons, evidence) on
 * the contact row so the admin can filter with indexes.
 */
import { type Classification, classifyContact } from "../consent/classify";
import { type NormalizedPhone, normalizePhone } from "../consent/phone";
import { CONSENT_RULES_VERSION } from "../consent/rules-version";
import type { CaptureMethod, Channel, ConsentAction, ConsentFact, SourceKind } from "../consent/types";
import {
  CONTACT_TYPES,
  findByKeys,
  refreshPlannerStatistics,
  updateRowsByKey,
  type WriteMode,
  writeModeFor,
} from "../db/bulk-sql.server";
import type { Database } from "../db.server";
import type { ConsentEvent, Contact } from "../generated/prisma/client";
import { type Transaction, withLedgerTransaction } from "../ledger/consent-events.server";

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
  /** The contact's phone already normalised with the same inputs (saves parsing it twice). */
  normalized?: NormalizedPhone,
): Classification {
  const phone =
    normalized ??
    normalizePhone(contact.phoneRaw ?? contact.phoneE164, {
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
    rulesVersion: CONSENT_RULES_VERSION,
  };
}

/** Contacts per events query: keeps every statement well under the drivers' parameter limits. */
const FACTS_CHUNK = 500;

/** Every event of these contacts, with the consent wording each points at. */
export async function loadFacts(
  tx: Transaction,
  shop: string,
  contactIds: readonly string[],
  mode?: WriteMode,
) {
  const facts = new Map<string, ConsentFact[]>();
  const texts = new Map<string, string>();
  for (let start = 0; start < contactIds.length; start += FACTS_CHUNK) {
    const chunk = contactIds.slice(start, start + FACTS_CHUNK);
    const events =
      writeModeFor(chunk.length, mode) === "sql"
        ? (await findByKeys<ConsentEvent>(tx, "ConsentEvent", shop, "contactId", chunk)).sort(
            (a, b) => a.seq - b.seq,
          )
        : await tx.consentEvent.findMany({
            where: { shop, contactId: { in: chunk } },
            orderBy: { seq: "asc" },
          });
    // A shop has a handful of wordings: fetched once each rather than joined onto every event.
    const missing = [
      ...new Set(events.map((event) => event.consentTextId).filter((id) => id !== null && !texts.has(id))),
    ] as string[];
    if (missing.length > 0) {
      const found = await tx.consentTextVersion.findMany({
        where: { shop, id: { in: missing } },
        select: { id: true, text: true },
      });
      for (const text of found) texts.set(text.id, text.text);
    }
    for (const event of events) {
      const list = facts.get(event.contactId) ?? [];
      const consentText = event.consentTextId ? (texts.get(event.consentTextId) ?? null) : null;
      list.push(factFromEvent({ ...event, consentText }));
      facts.set(event.contactId, list);
    }
  }
  return facts;
}

export async function shopContext(tx: Transaction, shop: string): Promise<ShopContext> {
  const settings = await tx.shop.findUnique({ where: { domain: shop } });
  return { brand: settings?.brandName ?? "", defaultCountry: settings?.defaultCountry ?? null };
}

/** The columns classificationColumns() fills: the bulk SQL writers name them from here. */
export const CLASSIFICATION_COLUMNS = [
  "segment",
  "reasons",
  "evidenceEventId",
  "evidenceSourceKind",
  "optInLevel",
  "decidedAt",
  "rulesVersion",
] as const;

function withDuplicateReason(reasons: string): string {
  return reasons === "" ? "DUPLICATE" : `${reasons};DUPLICATE`;
}

function sameValue(stored: unknown, computed: unknown): boolean {
  if (stored instanceof Date || computed instanceof Date) {
    return stored instanceof Date && computed instanceof Date && stored.getTime() === computed.getTime();
  }
  return (stored ?? null) === (computed ?? null);
}

/** Recomputes and stores the classification of the given contacts (only those whose classification changed). */
export async function reclassifyContacts(
  tx: Transaction,
  shop: string,
  contactIds: readonly string[],
  mode?: WriteMode,
) {
  if (contactIds.length === 0) return;
  const context = await shopContext(tx, shop);
  const contacts =
    writeModeFor(contactIds.length, mode) === "sql"
      ? await findByKeys<Contact>(tx, "Contact", shop, "id", contactIds)
      : await tx.contact.findMany({ where: { shop, id: { in: [...contactIds] } } });
  const facts = await loadFacts(tx, shop, contactIds, mode);
  const updatedAt = new Date();
  const rows = [];
  for (const contact of contacts) {
    const columns = classificationColumns(
      classifyStoredContact(contact, facts.get(contact.id) ?? [], context),
    );
    // The core knows nothing of other contacts: a contact another one stands for stays
    // DUPLICATE until refreshDuplicates decides again. Dropping the mark here let a bulk
    // re-sync export both contacts of a shared phone until its final duplicate refresh.
    if (contact.duplicateOfId) columns.reasons = withDuplicateReason(columns.reasons);
    // Rewriting an unchanged row would still rewrite its entries in every classification index.
    if (CLASSIFICATION_COLUMNS.every((column) => sameValue(contact[column], columns[column]))) continue;
    rows.push({ id: contact.id, shop, updatedAt, ...columns });
  }
  if (rows.length === 0) return;
  if (writeModeFor(rows.length, mode) === "sql") {
    const columns = ["id", "shop", "updatedAt", ...CLASSIFICATION_COLUMNS];
    await updateRowsByKey(
      tx,
      "Contact",
      "id",
      columns,
      CONTACT_TYPES,
      ["updatedAt", ...CLASSIFICATION_COLUMNS],
      rows,
    );
    return;
  }
  for (const { id, shop: _shop, updatedAt: _at, ...data } of rows) {
    await tx.contact.update({ where: { id }, data });
  }
}

/**
 * Reclassifies every contact of a shop, a page of contacts per transaction
 * (memory stays flat for a million contacts); DUPLICATE is refreshed by the
 * caller afterwards (reclassifying keeps the marks as they were).
 */
export async function reclassifyShop(
  db: Database,
  shop: string,
  options: { pageSize?: number; mode?: WriteMode } = {},
): Promise<number> {
  let after = "";
  let count = 0;
  for (;;) {
    const page = await db.contact.findMany({
      where: { shop, id: { gt: after } },
      select: { id: true },
      orderBy: { id: "asc" },
      take: options.pageSize ?? 2000,
    });
    if (page.length === 0) {
      // Segments may have moved wholesale: exports and the admin filter on them.
      await refreshPlannerStatistics(db, ["Contact"]);
      return count;
    }
    const ids = page.map((contact) => contact.id);
    await withLedgerTransaction(db, async (tx) => {
      await reclassifyContacts(tx, shop, ids, options.mode);
    });
    count += ids.length;
    after = ids[ids.length - 1] ?? after;
  }
}
