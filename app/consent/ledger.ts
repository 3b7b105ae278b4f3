/**
 * The per-shop consent ledger: every event stores the sha256 of its
 * canonical form, and that form includes the previous event's hash, so
 * changing, removing or reordering any event breaks every later link.
 *
 * Personal data (phone as typed, email, user agent, IP prefix) lives in a
 * separate `details` document that is committed to by `detailsHash` only.
 * Redaction erases the details and keeps the hash: the chain still verifies.
 */
import { createHash, randomBytes } from "node:crypto";

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
  /** The recorded head (the shop row) is not the last event: events were removed from the end. */
  | "head_mismatch";

export interface LedgerBreak {
  seq: number;
  id: string;
  problem: LedgerProblem;
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

  add(entry: StoredLedgerEntry): void {
    this.count += 1;
    if (this.broken) return;
    const problem = this.check(entry);
    if (problem) this.broken = { seq: entry.seq, id: entry.id, problem };
    this.expectedSeq = entry.seq + 1;
    this.previousHash = entry.hash;
  }

  private check(entry: StoredLedgerEntry): LedgerProblem | null {
    if (entry.seq !== this.expectedSeq) return "wrong_sequence";
    if (entry.prevHash !== this.previousHash) return "wrong_previous_hash";
    if (entryHash(entry) !== entry.hash) return "hash_mismatch";
    if (entry.details !== null && sha256Hex(entry.details) !== entry.detailsHash) return "details_mismatch";
    return null;
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

export function verifyLedger(entries: Iterable<StoredLedgerEntry>): LedgerVerification {
  const verifier = new LedgerVerifier();
  for (const entry of entries) verifier.add(entry);
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
