/**
 * One row per E.164 phone. Among contacts sharing a phone the strongest,
 * most recent evidence wins; the others are duplicates of it. A WhatsApp
 * opt-out that is not provably older than the best opt-in wins over it:
 * a number that asked to stop is never exported through another record.
 *
 * DedupeIndex keeps a few numbers per phone, not the contacts, so a
 * million-row list can be deduplicated in two streaming passes. They live
 * in typed arrays (about 50 bytes a phone), not in objects.
 */
import type { OptInLevel, Segment } from "./types";

export interface DedupeCandidate {
  id: string;
  segment: Segment;
  optInLevel: OptInLevel | null;
  /** When the deciding evidence happened; null when unknown. */
  decidedAt: Date | null;
  /** Content-derived key that breaks exact ties independently of input order. */
  tieKey: string;
}

const SEGMENT_STRENGTH: Record<Segment, number> = {
  whatsapp_substantiated: 50,
  whatsapp_unsubstantiated: 40,
  sms_only: 30,
  email_only: 20,
  unclear: 10,
  opted_out: 0,
};

export function evidenceStrength(candidate: Pick<DedupeCandidate, "segment" | "optInLevel">): number {
  const confirmedBonus = candidate.optInLevel === "confirmed" ? 5 : 0;
  return SEGMENT_STRENGTH[candidate.segment] + confirmedBonus;
}

const isWhatsAppOptIn = (strength: number) => strength >= SEGMENT_STRENGTH.whatsapp_unsubstantiated;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a: a compact, stable number for the tie key. */
export function tieHash(text: string): number {
  let hash = FNV_OFFSET;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash;
}

/** tieHash(parts.join(separator)), without building the joined string. */
export function tieHashOfParts(parts: readonly string[], separator: string): number {
  let hash = FNV_OFFSET;
  for (let part = 0; part < parts.length; part++) {
    if (part > 0) {
      for (let index = 0; index < separator.length; index++) {
        hash ^= separator.charCodeAt(index);
        hash = Math.imul(hash, FNV_PRIME) >>> 0;
      }
    }
    const text = parts[part] ?? "";
    for (let index = 0; index < text.length; index++) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, FNV_PRIME) >>> 0;
    }
  }
  return hash;
}

/** "+" and 1 to 15 digits, no leading zero: exact as a number (15 digits stay under 2^53). */
const NUMERIC_PHONE = /^\+[1-9]\d{0,14}$/;
/** A canonical decimal id ("0", "17", not "017" or "1e3") of at most 15 digits. */
const NUMERIC_ID = /^(?:0|[1-9]\d{0,14})$/;

/** The phone's digits as an exact number; -1 when it is kept as text instead. */
const numericPhone = (phone: string): number => (NUMERIC_PHONE.test(phone) ? Number(phone.slice(1)) : -1);

/** The id as its number; -1 when it is kept as text instead. */
const numericId = (id: string): number => (NUMERIC_ID.test(id) ? Number(id) : -1);

function mix(key: number): number {
  let hash = Math.imul((key % 4294967296) ^ Math.imul((key / 4294967296) | 0, 0x9e3779b9), 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

/**
 * Stored ids: >= 0 a numeric id, -1 none (the empty id), <= -2 an index into
 * the text ids. Ids compare as strings, as they always have.
 */
const NO_ID = -1;

function grow<T extends Float64Array | Uint32Array | Int32Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

export class DedupeIndex {
  /** Open addressing: entry + 1 for numeric phones, 0 when free. */
  private table = new Int32Array(1 << 10);
  private readonly otherPhones = new Map<string, number>();
  private count = 0;
  private capacity = 256;
  private phoneKeys = new Float64Array(this.capacity);
  // The best candidate of each entry.
  private bestId = new Float64Array(this.capacity);
  private bestStrength = new Float64Array(this.capacity);
  private bestAt = new Float64Array(this.capacity);
  private bestTie = new Uint32Array(this.capacity);
  /** Each entry's row in the opt-out columns below, -1 when it has seen no opt-out. */
  private optOutOf = new Int32Array(this.capacity);
  // The latest WhatsApp opt-out of an entry (few entries have one).
  private optOuts = 0;
  private optOutId = new Float64Array(64);
  private optOutAt = new Float64Array(64);
  private optOutTie = new Uint32Array(64);
  private readonly textIds: string[] = [];

  add(phoneE164: string, candidate: DedupeCandidate): void {
    this.addScored(
      phoneE164,
      candidate.id,
      evidenceStrength(candidate),
      candidate.decidedAt?.getTime() ?? Number.NEGATIVE_INFINITY,
      tieHash(candidate.tieKey),
      candidate.segment === "opted_out",
    );
  }

  /**
   * add() with the candidate already reduced to what it is ranked by:
   * evidenceStrength(), decidedAt in ms (-Infinity when unknown), tieHash(tieKey)
   * and whether its segment is opted_out. Lets the reduction run elsewhere (a worker thread).
   */
  addScored(
    phoneE164: string,
    id: string,
    strength: number,
    at: number,
    tie: number,
    optedOut: boolean,
  ): void {
    const entry = this.entryOf(phoneE164, true);
    if (optedOut) {
      // Unknown opt-out time counts as "latest": doubt favours the shopper.
      const optOutAt = at === Number.NEGATIVE_INFINITY ? Number.POSITIVE_INFINITY : at;
      let row = this.optOutOf[entry] as number;
      if (row < 0) {
        row = this.newOptOut();
        this.optOutOf[entry] = row;
      }
      const storedId = this.optOutId[row] as number;
      if (
        storedId === NO_ID ||
        this.compare(
          0,
          optOutAt,
          tie,
          id,
          0,
          this.optOutAt[row] as number,
          this.optOutTie[row] as number,
          storedId,
        ) < 0
      ) {
        this.optOutId[row] = this.storeId(id, storedId);
        this.optOutAt[row] = optOutAt;
        this.optOutTie[row] = tie;
      }
    }
    const storedId = this.bestId[entry] as number;
    if (
      storedId === NO_ID ||
      this.compare(
        strength,
        at,
        tie,
        id,
        this.bestStrength[entry] as number,
        this.bestAt[entry] as number,
        this.bestTie[entry] as number,
        storedId,
      ) < 0
    ) {
      this.bestId[entry] = this.storeId(id, storedId);
      this.bestStrength[entry] = strength;
      this.bestAt[entry] = at;
      this.bestTie[entry] = tie;
    }
  }

  /** The id of the contact that stands for this phone. */
  winnerOf(phoneE164: string): string | undefined {
    const entry = this.entryOf(phoneE164, false);
    if (entry < 0) return undefined;
    const row = this.optOutOf[entry] as number;
    if (row >= 0 && this.optOutId[row] !== NO_ID) {
      const bestIsOptIn = isWhatsAppOptIn(this.bestStrength[entry] as number);
      if (!bestIsOptIn || (this.optOutAt[row] as number) >= (this.bestAt[entry] as number)) {
        return this.idText(this.optOutId[row] as number);
      }
    }
    return this.idText(this.bestId[entry] as number);
  }

  get size(): number {
    return this.count;
  }

  /** Negative when candidate `a` beats the stored candidate `b`. */
  private compare(
    aStrength: number,
    aAt: number,
    aTie: number,
    aId: string,
    bStrength: number,
    bAt: number,
    bTie: number,
    bStoredId: number,
  ): number {
    const byEvidence =
      bStrength - aStrength ||
      // Infinite times (unknown) compare equal to each other rather than NaN.
      (bAt === aAt ? 0 : bAt - aAt) ||
      aTie - bTie;
    if (byEvidence) return byEvidence;
    const bId = this.idText(bStoredId);
    return aId < bId ? -1 : aId > bId ? 1 : 0;
  }

  private idText(stored: number): string {
    if (stored >= 0) return String(stored);
    return stored === NO_ID ? "" : (this.textIds[-stored - 2] as string);
  }

  /** Encodes `id` for a slot that held `previous`, reusing its text slot when it had one. */
  private storeId(id: string, previous: number): number {
    if (id === "") return NO_ID;
    const numeric = numericId(id);
    if (numeric >= 0) {
      if (previous <= -2) this.textIds[-previous - 2] = "";
      return numeric;
    }
    if (previous <= -2) {
      this.textIds[-previous - 2] = id;
      return previous;
    }
    this.textIds.push(id);
    return -this.textIds.length - 1;
  }

  /** The entry of a phone; created when `create` (else -1 when unknown). */
  private entryOf(phone: string, create: boolean): number {
    const key = numericPhone(phone);
    if (key < 0) {
      const known = this.otherPhones.get(phone);
      if (known !== undefined || !create) return known ?? -1;
      const entry = this.newEntry(-1);
      this.otherPhones.set(phone, entry);
      return entry;
    }
    const mask = this.table.length - 1;
    for (let slot = mix(key) & mask; ; slot = (slot + 1) & mask) {
      const stored = this.table[slot] as number;
      if (stored === 0) {
        if (!create) return -1;
        const entry = this.newEntry(key);
        this.table[slot] = entry + 1;
        if (this.count * 2 > this.table.length) this.rehash();
        return entry;
      }
      if (this.phoneKeys[stored - 1] === key) return stored - 1;
    }
  }

  private newEntry(key: number): number {
    if (this.count === this.capacity) {
      this.capacity *= 2;
      this.phoneKeys = grow(this.phoneKeys, this.capacity);
      this.bestId = grow(this.bestId, this.capacity);
      this.bestStrength = grow(this.bestStrength, this.capacity);
      this.bestAt = grow(this.bestAt, this.capacity);
      this.bestTie = grow(this.bestTie, this.capacity);
      this.optOutOf = grow(this.optOutOf, this.capacity);
    }
    const entry = this.count++;
    this.phoneKeys[entry] = key;
    this.bestId[entry] = NO_ID;
    this.bestStrength[entry] = -1;
    this.bestAt[entry] = Number.NEGATIVE_INFINITY;
    this.bestTie[entry] = 0;
    this.optOutOf[entry] = -1;
    return entry;
  }

  private newOptOut(): number {
    if (this.optOuts === this.optOutId.length) {
      const length = this.optOuts * 2;
      this.optOutId = grow(this.optOutId, length);
      this.optOutAt = grow(this.optOutAt, length);
      this.optOutTie = grow(this.optOutTie, length);
    }
    const row = this.optOuts++;
    this.optOutId[row] = NO_ID;
    this.optOutAt[row] = Number.NEGATIVE_INFINITY;
    this.optOutTie[row] = 0;
    return row;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      const key = this.phoneKeys[entry] as number;
      if (key < 0) continue;
      let slot = mix(key) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = entry + 1;
    }
    this.table = table;
  }
}

/** In-memory form: maps each loser's id to its winner's id. */
export function findDuplicates(
  contacts: Iterable<{ phoneE164: string | null; candidate: DedupeCandidate }>,
): Map<string, string> {
  const list = [...contacts];
  const index = new DedupeIndex();
  for (const { phoneE164, candidate } of list) if (phoneE164) index.add(phoneE164, candidate);
  const duplicates = new Map<string, string>();
  for (const { phoneE164, candidate } of list) {
    if (!phoneE164) continue;
    const winner = index.winnerOf(phoneE164);
    if (winner !== undefined && winner !== candidate.id) duplicates.set(candidate.id, winner);
  }
  return duplicates;
}
