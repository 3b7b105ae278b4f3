/**
 * Writes a batch of Shopify customer snapshots into contacts and the ledger
 * in one transaction: new contacts in one insert, Shopify consent changes as
 * `shopify_sync` events in one chained insert, classifications refreshed.
 * Older snapshots than the one already applied are ignored (webhooks arrive
 * out of order), and unchanged consent writes no event (re-sync is quiet).
 */
import { normalizePhone } from "../consent/phone";
import { CHANNELS } from "../consent/types";
import {
  CLASSIFICATION_COLUMNS,
  classificationColumns,
  classifyStoredContact,
  factFromEvent,
  shopContext,
} from "../contacts/stored-classification.server";
import {
  CONTACT_TYPES,
  findByKeys,
  insertRows,
  updateRowsByKey,
  type WriteMode,
  writeModeFor,
} from "../db/bulk-sql.server";
import { timeOrderedId } from "../db/time-ordered-id";
import type { Database } from "../db.server";
import type { Contact, Prisma } from "../generated/prisma/client";
import {
  type ApplyConsentOptions,
  applyConsentEvents,
  runConsentEffects,
} from "../ledger/apply-consent-events.server";
import {
  type NewConsentEvent,
  type Transaction,
  withLedgerTransaction,
  withShopLedger,
} from "../ledger/consent-events.server";
import { type CustomerSnapshot, consentChanges } from "./customer-snapshot";

export interface ApplyResult {
  created: number;
  updated: number;
  unchanged: number;
  events: number;
  /** E.164 phones touched, for the duplicate refresh. */
  phones: string[];
}

export interface ApplyOptions {
  now?: () => Date;
  /** DUPLICATE for the phones touched: "now", or "deferred" by a bulk import that refreshes once at the end. */
  duplicates?: ApplyConsentOptions["duplicates"];
  /** Force the ORM (row by row, the reference) or multi-row SQL; by default SQL for large batches. */
  writeMode?: WriteMode;
}

/** The columns a sync writes on a contact it already has. */
const SYNCED_COLUMNS = [
  "shopifyCustomerId",
  "phoneRaw",
  "phoneE164",
  "email",
  "firstName",
  "lastName",
  "country",
  "shopifyEmailState",
  "shopifySmsState",
  "shopifyWhatsAppState",
  "shopifyWhatsAppOptInLevel",
  "shopifyWhatsAppUpdatedAt",
  "shopifyEmailUpdatedAt",
  "shopifySmsUpdatedAt",
  "shopifySyncedAt",
  "shopifyUpdatedAt",
] as const;
/** A new contact: its sync columns and its first classification. */
const NEW_CONTACT_COLUMNS = [
  "id",
  "shop",
  ...SYNCED_COLUMNS,
  ...CLASSIFICATION_COLUMNS,
  "createdAt",
  "updatedAt",
] as const;

export async function applySnapshots(
  db: Database,
  shop: string,
  snapshots: readonly CustomerSnapshot[],
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const now = options.now ?? (() => new Date());
  // The latest snapshot per customer wins within a batch too (one without a customer
  // updatedAt, from a consent topic, counts as the latest).
  const latest = new Map<string, CustomerSnapshot>();
  for (const snapshot of snapshots) {
    const seen = latest.get(snapshot.customerId);
    if (!seen?.updatedAt || !snapshot.updatedAt || snapshot.updatedAt >= seen.updatedAt)
      latest.set(snapshot.customerId, snapshot);
  }

  const { result, effects } = await withShopLedger(db, shop, async (tx) => {
    const result: ApplyResult = { created: 0, updated: 0, unchanged: 0, events: 0, phones: [] };
    const context = await shopContext(tx, shop);
    const ids = [...latest.keys()];
    const bulk = writeModeFor(ids.length, options.writeMode) === "sql";
    const found = bulk
      ? await findByKeys<Contact>(tx, "Contact", shop, "shopifyCustomerId", ids)
      : await tx.contact.findMany({ where: { shop, shopifyCustomerId: { in: ids } } });
    const existing = new Map(found.map((contact) => [contact.shopifyCustomerId as string, contact]));
    const syncedAt = now();
    const newContacts: Prisma.ContactCreateManyInput[] = [];
    const events: Omit<NewConsentEvent, "shop">[] = [];
    const touched: string[] = [];
    const unchangedIds: string[] = [];
    const changedContacts: Record<string, unknown>[] = [];

    for (const received of latest.values()) {
      const current = existing.get(received.customerId);
      if (current?.redactedAt) continue;
      if (current?.shopifyUpdatedAt && received.updatedAt && received.updatedAt < current.shopifyUpdatedAt) {
        result.unchanged += 1;
        continue;
      }
      const snapshot = withoutStaleConsent(received, current);
      const previous = {
        email: current?.shopifyEmailState ?? null,
        sms: current?.shopifySmsState ?? null,
        whatsapp: current?.shopifyWhatsAppState ?? null,
      };
      const changes = consentChanges(previous, snapshot);
      const contactId = current?.id ?? timeOrderedId();
      const columns = syncedColumns(snapshot, current);
      const phone = normalizePhone(columns.phoneRaw, {
        country: columns.country,
        defaultCountry: context.defaultCountry,
      });
      Object.assign(columns, {
        phoneE164: phone.ok ? phone.e164 : null,
        shopifySyncedAt: syncedAt,
      });
      if (phone.ok) result.phones.push(phone.e164);
      if (current?.phoneE164 && current.phoneE164 !== columns.phoneE164)
        result.phones.push(current.phoneE164);
      const contactEvents = changes.map((change) => ({
        id: timeOrderedId(),
        contactId,
        channel: change.channel,
        action: change.action,
        occurredAt: change.occurredAt,
        sourceKind: "shopify_sync" as const,
        sourceDetail: change.sourceDetail,
        captureMethod: "shopify_sync" as const,
        optInLevel: change.optInLevel,
      }));
      events.push(...contactEvents);
      if (current) {
        const samePerson = SYNCED_COLUMNS.every(
          (column) =>
            column === "shopifySyncedAt" ||
            column === "shopifyUpdatedAt" ||
            sameValue(current[column], columns[column]),
        );
        if (changes.length === 0 && samePerson) {
          result.unchanged += 1;
          unchangedIds.push(current.id);
          continue;
        }
        changedContacts.push({ id: current.id, shop, ...columns });
        touched.push(current.id);
        result.updated += 1;
      } else {
        const facts = contactEvents.map((event) => factFromEvent({ ...event, consentText: null }));
        const classification = classifyStoredContact({ id: contactId, ...columns }, facts, context, phone);
        newContacts.push({ id: contactId, shop, ...columns, ...classificationColumns(classification) });
        result.created += 1;
      }
    }

    if (unchangedIds.length > 0) {
      await tx.contact.updateMany({
        where: { shop, id: { in: unchangedIds } },
        data: { shopifySyncedAt: syncedAt },
      });
    }
    await writeContacts(tx, newContacts, changedContacts, options.writeMode);
    // New contacts were classified above, in their insert, from the same events.
    const applied = await applyConsentEvents(tx, shop, events, {
      now,
      writeMode: options.writeMode,
      contacts: touched,
      classified: newContacts.map((contact) => contact.id as string),
      phones: result.phones,
      duplicates: options.duplicates,
    });
    result.events = applied.events.length;
    return { result, effects: applied.effects };
  });
  runConsentEffects(db, shop, effects);
  return result;
}

/**
 * customers/delete: the contacts stop linking to the customer; they and their
 * proof stay (the ledger is append-only). Without the customer they are judged
 * again, and so is which contact stands for their phone (the customer id is
 * part of the tie key).
 */
export async function unlinkDeletedCustomer(db: Database, shop: string, customerId: string) {
  return withLedgerTransaction(db, async (tx) => {
    const contacts = await tx.contact.findMany({
      where: { shop, shopifyCustomerId: customerId },
      select: { id: true, phoneE164: true },
    });
    if (contacts.length === 0) return { count: 0 };
    const ids = contacts.map((contact) => contact.id);
    await tx.contact.updateMany({ where: { shop, id: { in: ids } }, data: { shopifyCustomerId: null } });
    await applyConsentEvents(tx, shop, [], {
      contacts: ids,
      phones: contacts.map((contact) => contact.phoneE164),
    });
    return { count: contacts.length };
  });
}

type SyncedColumns = { [K in (typeof SYNCED_COLUMNS)[number]]: Contact[K] };

const sameValue = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/**
 * The contact's Shopify columns after this snapshot: what the snapshot
 * carried, and what the contact already had for everything it did not.
 */
function syncedColumns(snapshot: CustomerSnapshot, current: Contact | undefined): SyncedColumns {
  const keep = <T>(sent: T | undefined, stored: T | null | undefined): T | null =>
    sent === undefined ? (stored ?? null) : sent;
  const { email, sms, whatsapp } = snapshot.consent;
  return {
    shopifyCustomerId: snapshot.customerId,
    phoneRaw: keep(snapshot.phone, current?.phoneRaw),
    phoneE164: current?.phoneE164 ?? null,
    email: keep(snapshot.email, current?.email),
    firstName: keep(snapshot.firstName, current?.firstName),
    lastName: keep(snapshot.lastName, current?.lastName),
    country: keep(snapshot.country, current?.country),
    shopifyEmailState: email === undefined ? (current?.shopifyEmailState ?? null) : (email?.state ?? null),
    shopifySmsState: sms === undefined ? (current?.shopifySmsState ?? null) : (sms?.state ?? null),
    shopifyWhatsAppState:
      whatsapp === undefined ? (current?.shopifyWhatsAppState ?? null) : (whatsapp?.state ?? null),
    shopifyWhatsAppOptInLevel:
      whatsapp === undefined ? (current?.shopifyWhatsAppOptInLevel ?? null) : (whatsapp?.optInLevel ?? null),
    shopifyWhatsAppUpdatedAt:
      whatsapp === undefined ? (current?.shopifyWhatsAppUpdatedAt ?? null) : (whatsapp?.updatedAt ?? null),
    shopifyEmailUpdatedAt:
      email === undefined ? (current?.shopifyEmailUpdatedAt ?? null) : (email?.updatedAt ?? null),
    shopifySmsUpdatedAt:
      sms === undefined ? (current?.shopifySmsUpdatedAt ?? null) : (sms?.updatedAt ?? null),
    shopifySyncedAt: current?.shopifySyncedAt ?? null,
    shopifyUpdatedAt: snapshot.updatedAt ?? current?.shopifyUpdatedAt ?? null,
  };
}

const STORED_CONSENT_TIME = {
  email: "shopifyEmailUpdatedAt",
  sms: "shopifySmsUpdatedAt",
  whatsapp: "shopifyWhatsAppUpdatedAt",
} as const;

/**
 * Drops each channel's consent that is older than the one already applied
 * (a consent topic and a sync can cross, deliveries come out of order): the
 * stored time is the newer truth, and an undated state cannot replace a dated one.
 */
function withoutStaleConsent(snapshot: CustomerSnapshot, current: Contact | undefined): CustomerSnapshot {
  if (!current) return snapshot;
  const consent = { ...snapshot.consent };
  const address = { email: snapshot.email, sms: snapshot.phone, whatsapp: snapshot.phone };
  const storedAddress = { email: current.email, sms: current.phoneRaw, whatsapp: current.phoneRaw };
  for (const channel of CHANNELS) {
    // A new email or phone brings its own consent: no earlier time of the old address applies.
    if (address[channel] !== undefined && address[channel] !== storedAddress[channel]) continue;
    const storedAt = current[STORED_CONSENT_TIME[channel]];
    const sent = consent[channel];
    if (storedAt && sent && !(sent.updatedAt && sent.updatedAt >= storedAt)) delete consent[channel];
  }
  return { ...snapshot, consent };
}

async function writeContacts(
  tx: Transaction,
  created: Prisma.ContactCreateManyInput[],
  changed: Record<string, unknown>[],
  mode?: WriteMode,
) {
  if (created.length > 0) {
    if (writeModeFor(created.length, mode) === "sql") {
      // The ORM fills these two itself; raw SQL must say them (updatedAt has no database default).
      const at = new Date();
      const rows = created.map((row) => ({ ...row, createdAt: at, updatedAt: at }));
      await insertRows(tx, "Contact", NEW_CONTACT_COLUMNS, CONTACT_TYPES, rows);
    } else await tx.contact.createMany({ data: created });
  }
  if (changed.length > 0) {
    if (writeModeFor(changed.length, mode) === "sql") {
      const at = new Date();
      const rows = changed.map((row) => ({ ...row, updatedAt: at }));
      const columns = ["id", "shop", ...SYNCED_COLUMNS, "updatedAt"];
      await updateRowsByKey(
        tx,
        "Contact",
        "id",
        columns,
        CONTACT_TYPES,
        [...SYNCED_COLUMNS, "updatedAt"],
        rows,
      );
    } else {
      for (const { id, shop: _shop, ...data } of changed) {
        await tx.contact.update({ where: { id: id as string }, data });
      }
    }
  }
}
