/**
 * The per-shop consent ledger: every event stores the sha256 of its
 * canonical form, and that form includes the previous event's hash, so
 * changing, removing or reordering any event breaks every later link.
 *
 * Personal data (phone as typed, email, user agent, IP prefix) lives in a
 * separate `details` document that is committed to by `detailsHash` only.
 * Redaction erases the details and keeps the hash: the chain still verifies.
 *
 * The chain alone proves the events were not changed; what an export shows
 * also comes from rows beside them (the wording's text, the contact's
 * phone). The verifier checks those against what each event committed to:
 * the wording by its sha256 (in the hash), the phone inside the sealed
 * details (see docs/decisions/002-consent-ledger.md).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { textSha256 } from "./consent-text";

export const GENESIS_HASH = "0".repeat(64);

/** The fields of an event that the hash commits to, in a fixed order. */
export interface LedgerEntry {
  shop: string;
  seq: number;
  id: string;
  contactId: string;
  channel: string;
  action: string;
  occurredAt: Date | null;
  recordedAt: Date;
  sourceKind: string;
  sourceDetail: string;
  captureMethod: string;
  optInLevel: string | null;
  consentTextSha256: string | null;
  clientEventId: string | null;
  detailsHash: string;
  prevHash: string;
}

export interface StoredLedgerEntry extends LedgerEntry {
  hash: string;
  /** Null once redacted. */
  details: string | null;
  /** Set by redaction, together with erasing `details`. */
  redactedAt: Date | null;
  /** The stored pointer to the wording; must be the wording whose sha256 the event commits to. */
  consentTextId?: string | null;
}

export function sha256Hex(input: string): string {
  return createHash("sha256").update(input, "utf8").digest("hex");
}

export function canonicalEntry(entry: LedgerEntry): string {
  return JSON.stringify([
    "wa-consent-ledger/1",
    entry.shop,
    entry.seq,
    entry.id,
    entry.contactId,
    entry.channel,
    entry.action,
    entry.occurredAt?.toISOString() ?? null,
    entry.recordedAt.toISOString(),
    entry.sourceKind,
    entry.sourceDetail,
    entry.captureMethod,
    entry.optInLevel,
    entry.consentTextSha256,
    entry.clientEventId,
    entry.detailsHash,
    entry.prevHash,
  ]);
}

export function entryHash(entry: LedgerEntry): string {
  return sha256Hex(canonicalEntry(entry));
}

/** Random bytes drawn 4 kB at a time: one randomBytes call per salt cost more than hashing the event. */
const saltPool = { bytes: Buffer.alloc(0), used: 0 };
const SALT_BYTES = 16;

function randomSalt(): string {
  if (saltPool.used + SALT_BYTES > saltPool.bytes.length) {
    saltPool.bytes = randomBytes(4096);
    saltPool.used = 0;
  }
  const salt = saltPool.bytes.toString("hex", saltPool.used, saltPool.used + SALT_BYTES);
  saltPool.used += SALT_BYTES;
  return salt;
}

/**
 * Serialises personal details with a random salt, so that the stored hash
 * cannot be brute-forced back into a phone number once the details are erased.
 */
export function sealDetails(details: Record<string, string | null | undefined>): {
  details: string;
  detailsHash: string;
} {
  const entries = Object.entries(details)
    .filter(([, value]) => value !== undefined && value !== null && value !== "")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const document = JSON.stringify({ salt: randomSalt(), ...Object.fromEntries(entries) });
  return { details: document, detailsHash: sha256Hex(document) };
}

export type LedgerProblem =
  | "wrong_sequence"
  | "wrong_previous_hash"
  | "hash_mismatch"
  | "details_mismatch"
  /** Details erased on an event that was not redacted (or kept on one that was). */
  | "redaction_mismatch"
  /** The recorded head (the shop row) is not the last event: events were removed from the end. */
  | "head_mismatch"
  /** A witnessed head (signed into an evidence pack) is no longer in the chain. */
  | "witness_mismatch"
  /** The wording's stored text no longer hashes to its sha256. */
  | "consent_text_altered"
  /** The event points at a wording other than the one its hash commits to (or at none). */
  | "consent_text_mismatch"
  /** The contact's phone is not the phone its deciding event committed to. */
  | "phone_mismatch"
  /** An exportable contact's deciding event commits to no phone. */
  | "phone_not_committed";

export interface LedgerBreak {
  seq: number;
  id: string;
  problem: LedgerProblem;
  /** The row beside the event that does not match (a wording or contact id), when there is one. */
  subject?: string;
}

/** A wording as stored: the verifier recomputes its sha256 from the text. */
export interface StoredWording {
  id: string;
  sha256: string;
  text: string;
}

/** The contact an event belongs to, as stored now. */
export interface StoredContact {
  id: string;
  phoneE164: string | null;
  redactedAt: Date | null;
  /** The event that decides the contact's segment (its WhatsApp opt-in or opt-out). */
  evidenceEventId: string | null;
  /** In Group A: the export shows its phone, so its deciding event must commit to one. */
  exportable: boolean;
}

/**
 * The E.164 phone an event committed to: `phoneE164` inside its sealed
 * details, read only when the details still hash to `detailsHash`. Null when
 * the event committed to none or its details were erased (redaction).
 */
export function committedPhone(entry: { details: string | null; detailsHash: string }): string | null {
  if (entry.details === null || sha256Hex(entry.details) !== entry.detailsHash) return null;
  try {
    const phone = (JSON.parse(entry.details) as { phoneE164?: unknown }).phoneE164;
    return typeof phone === "string" ? phone : null;
  } catch {
    return null;
  }
}

/** Rows read with raw SQL may carry a date as text or a number. */
function sameInstant(a: Date, b: Date | null): boolean {
  return b !== null && new Date(a).getTime() === new Date(b).getTime();
}

export interface LedgerVerification {
  ok: boolean;
  eventCount: number;
  /** Hash of the last event, or the genesis hash for an empty ledger. */
  head: string;
  firstBreak: LedgerBreak | null;
}

/**
 * Verifies a shop's chain one event at a time (events must arrive in seq
 * order), so millions of events can be streamed through in constant memory.
 */
export class LedgerVerifier {
  private expectedSeq = 1;
  private previousHash = GENESIS_HASH;
  private count = 0;
  private broken: LedgerBreak | null = null;
  private readonly wordings = new Map<string, { sha256: string; intact: boolean }>();
  private readonly citedWordings = new Set<string>();

  /** `wordings`: every wording of the shop, so that each event's pointer and each text can be checked. */
  constructor(wordings: Iterable<StoredWording> = []) {
    for (const wording of wordings) {
      this.wordings.set(wording.id, {
        sha256: wording.sha256,
        intact: textSha256(wording.text) === wording.sha256,
      });
    }
  }

  /** `contact`: the event's contact as stored now, when known (its phone is then checked). */
  add(entry: StoredLedgerEntry, contact?: StoredContact | null): void {
    this.count += 1;
    if (entry.consentTextId) this.citedWordings.add(entry.consentTextId);
    if (!this.broken) {
      const found = this.check(entry, contact ?? null);
      if (found) this.broken = { seq: entry.seq, id: entry.id, ...found };
    }
    this.expectedSeq = entry.seq + 1;
    this.previousHash = entry.hash;
  }

  private check(
    entry: StoredLedgerEntry,
    contact: StoredContact | null,
  ): { problem: LedgerProblem; subject?: string } | null {
    if (entry.seq !== this.expectedSeq) return { problem: "wrong_sequence" };
    if (entry.prevHash !== this.previousHash) return { problem: "wrong_previous_hash" };
    if (entryHash(entry) !== entry.hash) return { problem: "hash_mismatch" };
    if (entry.details !== null && sha256Hex(entry.details) !== entry.detailsHash)
      return { problem: "details_mismatch" };
    if ((entry.details === null) !== (entry.redactedAt !== null)) return { problem: "redaction_mismatch" };
    return this.checkWording(entry) ?? (contact ? this.checkContact(entry, contact) : null);
  }

  private checkWording(entry: StoredLedgerEntry): { problem: LedgerProblem; subject?: string } | null {
    if (entry.consentTextId === undefined) return null;
    if (entry.consentTextId === null) {
      return entry.consentTextSha256 === null ? null : { problem: "consent_text_mismatch" };
    }
    const wording = this.wordings.get(entry.consentTextId);
    if (!wording || wording.sha256 !== entry.consentTextSha256)
      return { problem: "consent_text_mismatch", subject: entry.consentTextId };
    if (!wording.intact) return { problem: "consent_text_altered", subject: entry.consentTextId };
    return null;
  }

  private checkContact(
    entry: StoredLedgerEntry,
    contact: StoredContact,
  ): { problem: LedgerProblem; subject?: string } | null {
    // Redaction erases a customer's phone and every event's details together, dating them alike:
    // a redaction date of its own would be a change to the event that no hash covers.
    if (entry.redactedAt !== null && !sameInstant(entry.redactedAt, contact.redactedAt))
      return { problem: "redaction_mismatch", subject: contact.id };
    if (contact.evidenceEventId !== entry.id || contact.redactedAt !== null) return null;
    const phone = committedPhone(entry);
    if (phone === null)
      return contact.exportable ? { problem: "phone_not_committed", subject: contact.id } : null;
    return phone === contact.phoneE164 ? null : { problem: "phone_mismatch", subject: contact.id };
  }

  /** A wording no event cites is still shown in the evidence pack: its text must hash to its sha256. */
  checkUncitedWordings(): void {
    if (this.broken) return;
    for (const [id, wording] of this.wordings) {
      if (!wording.intact && !this.citedWordings.has(id)) {
        this.broken = { seq: 0, id: "", problem: "consent_text_altered", subject: id };
        return;
      }
    }
  }

  /**
   * Checks the chain ends at the head recorded with the last append; without
   * it, deleting the newest events would leave a shorter chain that verifies.
   */
  expectHead(head: { seq: number; hash: string }): void {
    if (this.broken || (head.seq === this.expectedSeq - 1 && head.hash === this.previousHash)) return;
    const seq = Math.min(this.expectedSeq, head.seq);
    this.broken = { seq, id: "", problem: "head_mismatch" };
  }

  result(): LedgerVerification {
    return {
      ok: this.broken === null,
      eventCount: this.count,
      head: this.previousHash,
      firstBreak: this.broken,
    };
  }
}

export function verifyLedger(
  entries: Iterable<StoredLedgerEntry>,
  facts: { wordings?: Iterable<StoredWording>; contacts?: ReadonlyMap<string, StoredContact> } = {},
): LedgerVerification {
  const verifier = new LedgerVerifier(facts.wordings);
  for (const entry of entries) verifier.add(entry, facts.contacts?.get(entry.contactId));
  verifier.checkUncitedWordings();
  return verifier.result();
}

/** Builds the next entry of a chain (the database adapter persists it). */
export function chainEntry(
  previous: { seq: number; hash: string },
  fields: Omit<LedgerEntry, "seq" | "prevHash">,
): LedgerEntry & { hash: string } {
  const entry: LedgerEntry = { ...fields, seq: previous.seq + 1, prevHash: previous.hash };
  return { ...entry, hash: entryHash(entry) };
}

/**
 * A chain head written outside the database (into the evidence pack a
 * platform keeps): an attacker who can rewrite the database can cut the
 * newest events and move the shop's recorded head back with them, but
 * cannot change a copy held elsewhere. The signature (HMAC-SHA256 with the
 * app's secret) lets verify-ledger tell a head the app issued from one
 * written by hand.
 */
export const WITNESS_FORMAT = "wa-consent-ledger-witness/1";

export interface LedgerWitness {
  format: typeof WITNESS_FORMAT;
  shop: string;
  /** The head's sequence number (how many events the chain held). */
  seq: number;
  head: string;
  signedAt: string;
  signature: string;
}

function witnessSignature(key: string, witness: Omit<LedgerWitness, "signature">): string {
  const canonical = JSON.stringify([
    witness.format,
    witness.shop,
    witness.seq,
    witness.head,
    witness.signedAt,
  ]);
  return createHmac("sha256", key).update(canonical, "utf8").digest("hex");
}

export function signWitness(
  key: string,
  head: { shop: string; seq: number; head: string; signedAt: Date },
): LedgerWitness {
  const unsigned = {
    format: WITNESS_FORMAT,
    shop: head.shop,
    seq: head.seq,
    head: head.head,
    signedAt: head.signedAt.toISOString(),
  } as const;
  return { ...unsigned, signature: witnessSignature(key, unsigned) };
}

export function witnessSignatureValid(key: string, witness: LedgerWitness): boolean {
  const expected = Buffer.from(witnessSignature(key, witness), "hex");
  const given = Buffer.from(witness.signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
