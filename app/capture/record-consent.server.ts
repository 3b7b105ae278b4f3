/**
 * Records a consent decision captured by the app itself (storefront block or
 * embed, checkout, thank-you page, WhatsApp reply) with its proof: server
 * time, source, the exact text shown (only wording the shop configured is
 * accepted, so a forged request cannot invent it), request facts. Idempotent
 * on the client's event id. Mirrors WhatsApp consent into Shopify through
 * the write-back outbox.
 */
import { randomBytes } from "node:crypto";
import { normalizeConsentText, textSha256 } from "../consent/consent-text";
import { normalizePhone } from "../consent/phone";
import { type ConsentAction, type SourceKind, TEST_SOURCE } from "../consent/types";
import {
  CLASSIFICATION_COLUMNS,
  type ClassifiableContact,
  classificationColumns,
  classifyStoredContact,
  factFromEvent,
} from "../contacts/stored-classification.server";
import { CONTACT_TYPES, isPostgres } from "../db/bulk-sql.server";
import { timeOrderedId } from "../db/time-ordered-id";
import type { Database } from "../db.server";
import type { Contact } from "../generated/prisma/client";
import { applyConsentEvents, runConsentEffects } from "../ledger/apply-consent-events.server";
import {
  headOf,
  type LedgerHead,
  type Transaction,
  withLedgerTransaction,
  withShopLedger,
} from "../ledger/consent-events.server";
import { recordTextSighting, sightingPlace, wordingAccepted } from "../ledger/consent-texts.server";
import { type Problem, problem } from "../problem";

/** Where a source kind's consent text must be configured. */
export const PLACEMENT_OF: Partial<Record<SourceKind, "storefront" | "checkout">> = {
  storefront_block: "storefront",
  storefront_embed: "storefront",
  checkout: "checkout",
  thank_you: "checkout",
  // A test opt-in proves the storefront wording is accepted: it is judged as the storefront's.
  test_opt_in: "storefront",
};

export interface CaptureInput {
  shop: string;
  clientEventId: string;
  action: Extract<ConsentAction, "opt_in" | "opt_out" | "confirm">;
  phone: string;
  country?: string | null;
  /** Required for opt-ins: the exact words the shopper saw. */
  consentText?: string | null;
  sourceKind: SourceKind;
  sourceDetail: string;
  captureMethod: "checkbox" | "click_to_chat";
  optInLevel?: "single" | "confirmed";
  /** Shopify customer id when the shopper is logged in or the order names one. */
  shopifyCustomerId?: string | null;
  /** Request facts kept as sealed, redactable details. */
  details?: Record<string, string | null | undefined>;
  /** Use this contact instead of finding one by customer id or phone. */
  contactId?: string;
  /**
   * A signed request's replay marker (App Proxy: "<signature>:<event id>"),
   * stored before anything else: one already stored refuses the capture
   * with ReplayedRequest.
   */
  replayMarker?: string;
}

/** The signed request was already used for this event (see app/http/app-proxy.server.ts). */
export class ReplayedRequest extends Error {}

/** Why a capture was refused, for the refusal counts of the capture page. */
export type CaptureRefusalCause = "not_set_up" | "wrong_wording" | "invalid_phone";

export type CaptureOutcome =
  | { status: "recorded" | "already_recorded"; eventId: string; contactId: string; confirmUrl?: string }
  | { status: "rejected"; cause: CaptureRefusalCause; problem: Problem };

/** What a capture needs to know before it records, read in one statement. */
interface CaptureContext {
  brandName: string;
  defaultCountry: string | null;
  doubleOptIn: boolean | number;
  whatsappNumber: string | null;
  /** The event already stored under this client event id, if any. */
  eventId: string | null;
  contactId: string | null;
  /** The shop's wording with the sha256 of the text sent, if any. */
  textId: string | null;
  sha256: string | null;
  text: string | null;
  inUseAt: string | null;
}

/**
 * SQLite: the shop's settings, the event stored under this client event id,
 * and the wording sent, in one statement before the ledger transaction. With a
 * replay marker, it is stored first (SQLite has no INSERT in a WITH).
 */
async function captureContext(db: Database, input: CaptureInput, sha256: string) {
  if (input.replayMarker !== undefined) {
    try {
      await db.$executeRaw`
        INSERT INTO "ProxySignature" ("signature", "shop", "seenAt") VALUES (${input.replayMarker}, ${input.shop}, ${new Date()})`;
    } catch {
      throw new ReplayedRequest();
    }
  }
  const [row] = await db.$queryRaw<CaptureContext[]>`
    SELECT s."brandName", s."defaultCountry", s."doubleOptIn", s."whatsappNumber",
      e."id" AS "eventId", e."contactId", t."id" AS "textId", t."sha256", t."text", t."inUseAt"
    FROM "Shop" s
    LEFT JOIN "ConsentEvent" e ON e."shop" = s."domain" AND e."clientEventId" = ${input.clientEventId}
    LEFT JOIN "ConsentTextVersion" t ON t."shop" = s."domain" AND t."sha256" = ${sha256}
    WHERE s."domain" = ${input.shop}`;
  return row ?? null;
}

/**
 * PostgreSQL: the same context, read by the statement that locks the shop's
 * chain (and that stores the replay marker): one round trip instead of two.
 * The event and wording are read from the statement's snapshot, taken before
 * the lock was granted; an event with this client event id committed while it
 * waited is caught by the unique (shop, clientEventId) instead (see the caller).
 * Null when the shop has no row: nothing is written then.
 */
async function lockWithCaptureContext(tx: Transaction, input: CaptureInput, sha256: string) {
  const marker = input.replayMarker ?? null;
  const [row] = await tx.$queryRaw<
    (CaptureContext & { ledgerSeq: number | bigint; ledgerHead: string; marked: number })[]
  >`
    WITH lock AS (
      UPDATE "Shop" SET "ledgerSeq" = "ledgerSeq" WHERE "domain" = ${input.shop}
      RETURNING "domain", "ledgerSeq", "ledgerHead", "brandName", "defaultCountry", "doubleOptIn", "whatsappNumber"),
    mark AS (
      INSERT INTO "ProxySignature" ("signature", "shop", "seenAt")
      SELECT ${marker}::text, l."domain", ${new Date()} FROM lock l WHERE ${marker}::text IS NOT NULL
      ON CONFLICT DO NOTHING RETURNING 1)
    SELECT (SELECT count(*) FROM mark)::integer AS "marked", l."ledgerSeq", l."ledgerHead",
      l."brandName", l."defaultCountry", l."doubleOptIn", l."whatsappNumber",
      e."id" AS "eventId", e."contactId", t."id" AS "textId", t."sha256", t."text", t."inUseAt"
    FROM lock l
    LEFT JOIN "ConsentEvent" e ON e."shop" = l."domain" AND e."clientEventId" = ${input.clientEventId}
    LEFT JOIN "ConsentTextVersion" t ON t."shop" = l."domain" AND t."sha256" = ${sha256}`;
  if (!row) return null;
  if (marker !== null && row.marked !== 1) throw new ReplayedRequest();
  return { ...row, head: headOf(row) };
}

type Rejected = Extract<CaptureOutcome, { status: "rejected" }>;
type Recorded = Extract<CaptureOutcome, { status: "recorded" | "already_recorded" }>;

/** A capture refused once the chain was locked: its transaction rolls back, replay marker included. */
class RefusedInTransaction extends Error {
  constructor(readonly outcome: Rejected) {
    super(outcome.cause);
  }
}

/** What a capture records once checked: the wording it was given with, and the phone read as one line. */
interface CheckedCapture<Shop extends CaptureContext = CaptureContext> {
  status: "checked";
  shop: Shop;
  text: { id: string; sha256: string; wording: string } | null;
  phone: { e164: string; country: string | null };
}

/** The checks a capture passes before anything is recorded: set up, the shop's own wording, a valid phone. */
async function checkCapture<Shop extends CaptureContext>(
  db: Database | Transaction,
  input: CaptureInput,
  wording: string,
  shop: Shop | null,
): Promise<CheckedCapture<Shop> | Recorded | Rejected> {
  if (shop?.eventId && shop.contactId)
    return { status: "already_recorded", eventId: shop.eventId, contactId: shop.contactId };
  if (!shop)
    return {
      status: "rejected",
      cause: "not_set_up",
      problem: problem("unprocessable", "This store has not set up WhatsApp consent yet."),
    };

  let text: CheckedCapture["text"] = null;
  if (input.action === "opt_in") {
    const placement = PLACEMENT_OF[input.sourceKind];
    const version =
      wording && shop.textId && shop.sha256 && shop.text !== null
        ? {
            id: shop.textId,
            shop: input.shop,
            sha256: shop.sha256,
            text: shop.text,
            inUseAt: shop.inUseAt ?? "",
          }
        : null;
    if (!version || (placement && !(await wordingAccepted(db, version, placement)))) {
      return {
        status: "rejected",
        cause: "wrong_wording",
        problem: problem(
          "unprocessable",
          "The consent text sent is not one this store shows. Reload the page and try again.",
        ),
      };
    }
    text = { id: version.id, sha256: version.sha256, wording: version.text };
  }

  const phone = normalizePhone(input.phone, { country: input.country, defaultCountry: shop.defaultCountry });
  if (!phone.ok) {
    return {
      status: "rejected",
      cause: "invalid_phone",
      problem: problem(
        "unprocessable",
        phone.problem === "MISSING_COUNTRY_CODE"
          ? "Add your country code to the phone number (for example +34 for Spain)."
          : "That does not look like a valid phone number.",
      ),
    };
  }
  return { status: "checked", shop, text, phone };
}

export async function recordCapturedConsent(db: Database, given: CaptureInput): Promise<CaptureOutcome> {
  // A test opt-in touches no customer: no customer match, no mirror into Shopify, no confirmation code.
  const test = given.sourceKind === TEST_SOURCE;
  const input = test ? { ...given, shopifyCustomerId: null } : given;
  const wording = input.action === "opt_in" ? normalizeConsentText(input.consentText ?? "") : "";
  const sha256 = wording ? textSha256(wording) : "";
  let written: Recorded | RecordedInLedger;
  try {
    if (isPostgres(db)) {
      written = await withLedgerTransaction(db, async (tx) => {
        const shop = await lockWithCaptureContext(tx, input, sha256);
        // Read through the transaction: a second connection per capture could exhaust the pool.
        const checked = await checkCapture(tx, input, wording, shop);
        if (checked.status === "rejected") throw new RefusedInTransaction(checked);
        if (checked.status !== "checked") return checked;
        return recordInLedger(tx, checked.shop.head, input, checked);
      });
    } else {
      const shop = await captureContext(db, input, sha256);
      const checked = await checkCapture(db, input, wording, shop);
      if (checked.status !== "checked") return checked;
      written = await withShopLedger(db, input.shop, (tx, head) => recordInLedger(tx, head, input, checked));
    }
  } catch (error) {
    if (error instanceof RefusedInTransaction) return error.outcome;
    if (error instanceof ReplayedRequest) throw error;
    // A concurrent retry with the same client event id won the race.
    const raced = await db.consentEvent.findUnique({
      where: { shop_clientEventId: { shop: input.shop, clientEventId: input.clientEventId } },
    });
    if (raced) return { status: "already_recorded", eventId: raced.id, contactId: raced.contactId };
    throw error;
  }
  if (!("effects" in written)) return written;
  const { effects, sighting, ...recorded } = written;
  if (sighting) textSightings.set(sighting, Date.now());
  runConsentEffects(db, input.shop, effects);
  return recorded;
}

type RecordedInLedger = Awaited<ReturnType<typeof recordInLedger>>;

/** Inside the shop's locked chain: the contact found or made, the event appended, what follows from it. */
async function recordInLedger(
  tx: Transaction,
  head: LedgerHead,
  input: CaptureInput,
  { shop, text, phone }: CheckedCapture,
) {
  const test = input.sourceKind === TEST_SOURCE;
  const event = {
    id: timeOrderedId(),
    channel: "whatsapp" as const,
    action: input.action,
    occurredAt: new Date(),
    sourceKind: input.sourceKind,
    sourceDetail: input.sourceDetail,
    captureMethod: input.captureMethod,
    optInLevel: input.action === "opt_out" ? null : (input.optInLevel ?? "single"),
    consentText: text,
    clientEventId: input.clientEventId,
    details: { phoneRaw: input.phone, phoneE164: phone.e164, ...input.details },
  };
  // A contact made just now is for a phone no other contact has: it cannot be
  // anyone's duplicate, and the event below is all it has, so it is stored
  // already classified from that event (not read back, not updated after).
  const context = { brand: shop.brandName, defaultCountry: shop.defaultCountry };
  const classify = (draft: ClassifiableContact) => {
    const fact = factFromEvent({ ...event, contactId: draft.id, consentText: text?.wording ?? null });
    return classificationColumns(classifyStoredContact(draft, [fact], context));
  };
  const { contact, created, newRow } = await findOrCreateContact(tx, input, phone, classify);
  const applied = await applyConsentEvents(tx, input.shop, [{ ...event, contactId: contact.id }], {
    head,
    writeMode: "sql",
    before: newRow
      ? [{ table: "Contact", columns: NEW_CONTACT_COLUMNS, types: CONTACT_TYPES, rows: [newRow] }]
      : [],
    classified: created ? [contact.id] : [],
    phones: created ? [] : [phone.e164],
    writeBack: { shopifyCustomerId: test ? null : contact.shopifyCustomerId },
  });
  const sighting = text && !test ? await touchText(tx, text.id, input.sourceKind, input.sourceDetail) : null;
  const confirmUrl =
    input.action === "opt_in" && !test && shop.doubleOptIn && shop.whatsappNumber
      ? await issueConfirmation(tx, input.shop, contact.id, event.id, shop.whatsappNumber)
      : undefined;
  return {
    status: "recorded" as const,
    eventId: event.id,
    contactId: contact.id,
    confirmUrl,
    effects: applied.effects,
    sighting,
  };
}

/** A contact Shopify knows first (highest customer id), then the oldest. */
function preferredContact(a: Contact, b: Contact): number {
  if (a.shopifyCustomerId !== b.shopifyCustomerId) {
    if (a.shopifyCustomerId === null) return 1;
    if (b.shopifyCustomerId === null) return -1;
    return a.shopifyCustomerId < b.shopifyCustomerId ? 1 : -1;
  }
  return a.createdAt.getTime() - b.createdAt.getTime();
}

/** Columns of a contact made by a capture: who it is, and its classification from the capture's event. */
const NEW_CONTACT_COLUMNS = [
  "id",
  "shop",
  "phoneRaw",
  "phoneE164",
  "country",
  "shopifyCustomerId",
  ...CLASSIFICATION_COLUMNS,
  "createdAt",
  "updatedAt",
] as const;

async function findOrCreateContact(
  tx: Transaction,
  input: CaptureInput,
  phone: { e164: string; country: string | null },
  classify: (draft: ClassifiableContact) => ReturnType<typeof classificationColumns>,
): Promise<{
  contact: Pick<Contact, "id" | "shopifyCustomerId">;
  created: boolean;
  /** The row of a contact created here, for the caller to insert with its event. */
  newRow?: Record<string, unknown>;
}> {
  const phoneE164 = phone.e164;
  if (input.contactId) {
    return {
      contact: await tx.contact.findUniqueOrThrow({ where: { id: input.contactId } }),
      created: false,
    };
  }
  const customerId = input.shopifyCustomerId || null;
  const byCustomer = customerId
    ? await tx.contact.findFirst({
        where: { shop: input.shop, shopifyCustomerId: customerId, redactedAt: null },
      })
    : null;
  if (byCustomer) {
    if (byCustomer.phoneE164 !== phoneE164 && !byCustomer.phoneE164) {
      const contact = await tx.contact.update({
        where: { id: byCustomer.id },
        data: { phoneRaw: input.phone, phoneE164 },
      });
      return { contact, created: false };
    }
    if (byCustomer.phoneE164 === phoneE164) return { contact: byCustomer, created: false };
  }
  // Chosen here, not by ORDER BY (nor take, which orders by id): SQLite, having
  // no statistics, served any ordering by walking the whole shop in that
  // order instead of looking the phone up in its index.
  const samePhone = await tx.$queryRaw<Contact[]>`
    SELECT * FROM "Contact" WHERE "shop" = ${input.shop} AND "phoneE164" = ${phoneE164} AND "redactedAt" IS NULL`;
  const byPhone = samePhone.sort(preferredContact)[0];
  if (byPhone) return { contact: byPhone, created: false };
  const now = new Date();
  const draft = {
    id: timeOrderedId(),
    phoneRaw: input.phone,
    phoneE164,
    country: phone.country,
    shopifyCustomerId: byCustomer ? null : customerId,
  };
  const row = { ...draft, shop: input.shop, ...classify(draft), createdAt: now, updatedAt: now };
  return { contact: draft, created: true, newRow: row };
}

/**
 * When each wording was last recorded as seen at each place, by this process:
 * "last seen" is kept to the minute, not rewritten by every capture.
 */
const textSightings = new Map<string, number>();
const SIGHTING_INTERVAL_MS = 60_000;

/** Records where a wording was seen; returns the sighting's key, or null when recorded recently. */
async function touchText(tx: Transaction, textId: string, sourceKind: string, location: string) {
  const now = new Date();
  const key = `${textId}\n${sourceKind}\n${sightingPlace(location)}`;
  if (now.getTime() - (textSightings.get(key) ?? 0) < SIGHTING_INTERVAL_MS) return null;
  if (textSightings.size > 10_000) textSightings.clear();
  await recordTextSighting(tx, textId, sourceKind, location, now);
  return key;
}

/** A one-time code the shopper sends to the store's WhatsApp number to confirm. */
async function issueConfirmation(
  tx: Transaction,
  shop: string,
  contactId: string,
  eventId: string,
  number: string,
) {
  const code = randomBytes(4).toString("hex").toUpperCase();
  await tx.doubleOptInCode.create({ data: { code, shop, contactId, eventId } });
  const digits = number.replace(/\D/g, "");
  return `https://wa.me/${digits}?text=${encodeURIComponent(`CONFIRM ${code}`)}`;
}
