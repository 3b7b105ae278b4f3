/**
 * The one way consent changes land: new events are appended to the shop's
 * chain, and everything derived from the ledger follows in the same
 * transaction (the contacts' stored classification, DUPLICATE marks, the
 * write-back outbox). Writers that each repeated this sequence by hand
 * drifted apart; a DUPLICATE mark left stale by one of them was a false
 * accept. What must wait for the commit (waking the write-back worker) is
 * returned, for the caller to run once the transaction has committed.
 */
import { refreshDuplicates } from "../contacts/duplicates.server";
import { reclassifyContacts } from "../contacts/stored-classification.server";
import type { RowBatch, WriteMode } from "../db/bulk-sql.server";
import type { Database } from "../db.server";
import type { ConsentEvent } from "../generated/prisma/client";
import { enqueueWriteBack, type WriteBackEvent } from "../write-back/outbox.server";
import { scheduleWriteBacks } from "../write-back/worker.server";
import {
  appendEventsInTransaction,
  type LedgerHead,
  type NewConsentEvent,
  type Transaction,
  withLedgerTransaction,
} from "./consent-events.server";

export interface ApplyConsentOptions {
  now?: () => Date;
  /**
   * The head withShopLedger's lock returned, when nothing was appended since
   * in this transaction: saves reading it again (the head's compare-and-set
   * still checks it).
   */
  head?: LedgerHead;
  /** Force the ORM or multi-row SQL for every write; by default SQL for large batches. */
  writeMode?: WriteMode;
  /**
   * Rows the events need written first, in this transaction (the contact a
   * capture creates for its event): on PostgreSQL written with the events
   * in one statement.
   */
  before?: readonly RowBatch[];
  /** Contacts changed without a new event (phone, customer id, redaction): reclassified too. */
  contacts?: readonly string[];
  /**
   * Contacts the caller classifies itself from exactly these events, in this
   * transaction (a contact created just now, from the facts it has in hand):
   * not read back.
   */
  classified?: readonly string[];
  /** Phones whose DUPLICATE groups may have changed: the contacts' phones, old and new. */
  phones?: readonly (string | null)[];
  /**
   * "deferred" for a bulk import made of many calls: the caller refreshes
   * every group once at the end (refreshAllDuplicates). Until then a
   * contact keeps the mark it had (reclassifyContacts preserves it).
   */
  duplicates?: "now" | "deferred";
  /**
   * Mirror WhatsApp consent into this Shopify customer: the appended events,
   * and `stored` events already in the ledger (a guest's opt-in once an
   * order names the customer) unless one is queued already.
   */
  writeBack?: {
    shopifyCustomerId: string | null;
    stored?: readonly (WriteBackEvent & { channel: string })[];
  };
}

/** Work that must wait until the transaction committed. */
export interface ConsentEffects {
  writeBacksQueued: boolean;
}

export interface AppliedConsentEvents {
  events: ConsentEvent[];
  effects: ConsentEffects;
}

/** Appends `events` and brings everything derived from the ledger up to date, inside `tx` (from withShopLedger). */
export async function applyConsentEvents(
  tx: Transaction,
  shop: string,
  events: readonly Omit<NewConsentEvent, "shop">[],
  options: ApplyConsentOptions = {},
): Promise<AppliedConsentEvents> {
  const stored = await appendEventsInTransaction(
    tx,
    shop,
    events,
    options.now,
    options.writeMode,
    options.head,
    options.before,
  );
  const writeBacksQueued = await queueWriteBacks(tx, stored, options.writeBack);
  const classified = new Set(options.classified ?? []);
  const contacts = new Set([...(options.contacts ?? []), ...stored.map((event) => event.contactId)]);
  const reclassify = [...contacts].filter((id) => !classified.has(id));
  await reclassifyContacts(tx, shop, reclassify, options.writeMode);
  const phones = (options.phones ?? []).filter((phone): phone is string => Boolean(phone));
  if (options.duplicates !== "deferred" && phones.length > 0)
    await refreshDuplicates(tx, shop, phones, options.writeMode);
  return { events: stored, effects: { writeBacksQueued } };
}

async function queueWriteBacks(
  tx: Transaction,
  appended: readonly ConsentEvent[],
  writeBack: ApplyConsentOptions["writeBack"],
): Promise<boolean> {
  if (!writeBack?.shopifyCustomerId) return false;
  let queued = false;
  // Shopify's own consent (sync events) came from Shopify: only the app's WhatsApp records go back.
  for (const event of appended) {
    if (event.channel !== "whatsapp" || event.sourceKind === "shopify_sync") continue;
    if (await enqueueWriteBack(tx, event, writeBack.shopifyCustomerId)) queued = true;
  }
  for (const event of writeBack.stored ?? []) {
    if (event.channel !== "whatsapp") continue;
    if (await tx.writeBackTask.findUnique({ where: { eventId: event.id }, select: { id: true } })) continue;
    if (await enqueueWriteBack(tx, event, writeBack.shopifyCustomerId)) queued = true;
  }
  return queued;
}

/** Runs what applyConsentEvents left for after the commit. */
export function runConsentEffects(db: Database, shop: string, effects: ConsentEffects): void {
  if (effects.writeBacksQueued) scheduleWriteBacks(db, shop);
}

/** The end of a deferred (bulk) import: every shared phone of the shop judged once. */
export function refreshAllDuplicates(db: Database, shop: string): Promise<number> {
  return withLedgerTransaction(db, (tx) => refreshDuplicates(tx, shop));
}
