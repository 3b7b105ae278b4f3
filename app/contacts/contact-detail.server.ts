/**
 * One contact as the detail page shows it: its consent events in order, each
 * with the exact words the shopper saw and whether its ledger link holds,
 * Shopify's own states beside ours, and why it is (not) exportable.
 */
import { entryHash, sha256Hex } from "../consent/ledger";
import { REASON_CODES, type ReasonCode } from "../consent/types";
import type { Database } from "../db.server";

export type LinkCheck = "verified" | "hash_mismatch" | "details_mismatch" | "wrong_previous_hash";

export interface TimelineEvent {
  id: string;
  seq: number;
  channel: string;
  action: string;
  occurredAt: string | null;
  recordedAt: string;
  sourceKind: string;
  sourceDetail: string;
  captureMethod: string;
  optInLevel: string | null;
  consentText: { text: string; sha256: string; language: string | null } | null;
  ledger: LinkCheck;
  decisive: boolean;
}

export interface ContactDetail {
  id: string;
  name: string;
  phoneE164: string | null;
  phoneRaw: string | null;
  email: string | null;
  country: string | null;
  shopifyCustomerId: string | null;
  segment: string;
  reasons: ReasonCode[];
  exportable: boolean;
  duplicateOfId: string | null;
  /** Whether the record standing for this one's phone is exported (null: none). */
  duplicateOfExportable: boolean | null;
  decidedAt: string | null;
  optInLevel: string | null;
  shopify: {
    email: string | null;
    sms: string | null;
    whatsapp: string | null;
    whatsappOptInLevel: string | null;
    syncedAt: string | null;
  };
  events: TimelineEvent[];
}

/** The contact of this shop with this id, or null (unknown id, or another shop's contact). */
export async function contactDetail(db: Database, shop: string, id: string): Promise<ContactDetail | null> {
  const contact = await db.contact.findFirst({ where: { id, shop, redactedAt: null } });
  if (!contact) return null;
  // No ORDER BY: with one, SQLite walks the shop's whole (shop, seq) or (shop, recordedAt)
  // index to skip a sort, instead of reading this contact's few events through
  // (shop, contactId, ...). A contact has a handful of events; they are put in chain order here.
  const events = (
    await db.consentEvent.findMany({
      where: { shop, contactId: contact.id },
      include: { consentText: { select: { text: true, sha256: true, language: true } } },
    })
  ).sort((a, b) => a.seq - b.seq);
  // Each event's link: its own hash, its details, and the hash of the event before it in the shop's chain.
  const previous = await db.consentEvent.findMany({
    where: { shop, seq: { in: events.map((event) => event.seq - 1) } },
    select: { seq: true, hash: true },
  });
  const hashBefore = new Map(previous.map((event) => [event.seq + 1, event.hash]));
  const genesis = "0".repeat(64);
  const reasons = contact.reasons
    .split(";")
    .filter((code): code is ReasonCode => (REASON_CODES as readonly string[]).includes(code));
  const standIn = contact.duplicateOfId
    ? await db.contact.findFirst({
        where: { shop, id: contact.duplicateOfId, redactedAt: null },
        select: { segment: true, reasons: true },
      })
    : null;
  return {
    id: contact.id,
    name: [contact.firstName, contact.lastName].filter(Boolean).join(" "),
    phoneE164: contact.phoneE164,
    phoneRaw: contact.phoneRaw,
    email: contact.email,
    country: contact.country,
    shopifyCustomerId: contact.shopifyCustomerId,
    segment: contact.segment,
    reasons,
    // The export's own rule (app/export/group-a.server.ts): proven, and nothing against it.
    exportable: contact.segment === "whatsapp_substantiated" && reasons.length === 0,
    duplicateOfId: standIn ? contact.duplicateOfId : null,
    duplicateOfExportable: standIn
      ? standIn.segment === "whatsapp_substantiated" && standIn.reasons === ""
      : null,
    decidedAt: contact.decidedAt?.toISOString() ?? null,
    optInLevel: contact.optInLevel,
    shopify: {
      email: contact.shopifyEmailState,
      sms: contact.shopifySmsState,
      whatsapp: contact.shopifyWhatsAppState,
      whatsappOptInLevel: contact.shopifyWhatsAppOptInLevel,
      syncedAt: contact.shopifySyncedAt?.toISOString() ?? null,
    },
    events: events.map((event) => {
      const expectedPrevious = event.seq === 1 ? genesis : hashBefore.get(event.seq);
      let ledger: LinkCheck = "verified";
      if (entryHash(event) !== event.hash) ledger = "hash_mismatch";
      else if (event.details !== null && sha256Hex(event.details) !== event.detailsHash)
        ledger = "details_mismatch";
      else if (expectedPrevious !== event.prevHash) ledger = "wrong_previous_hash";
      return {
        id: event.id,
        seq: event.seq,
        channel: event.channel,
        action: event.action,
        occurredAt: event.occurredAt?.toISOString() ?? null,
        recordedAt: event.recordedAt.toISOString(),
        sourceKind: event.sourceKind,
        sourceDetail: event.sourceDetail,
        captureMethod: event.captureMethod,
        optInLevel: event.optInLevel,
        consentText: event.consentText,
        ledger,
        decisive: event.id === contact.evidenceEventId,
      };
    }),
  };
}
