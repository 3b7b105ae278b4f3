/**
 * The DedupeIndex as it was before it moved to typed arrays (objects and
 * arrays per phone), kept verbatim as the reference the compact one must match.
 */
import type { DedupeCandidate } from "./dedupe";
import type { Segment } from "./types";

const SEGMENT_STRENGTH: Record<Segment, number> = {
  whatsapp_substantiated: 50,
  whatsapp_unsubstantiated: 40,
  sms_only: 30,
  email_only: 20,
  unclear: 10,
  opted_out: 0,
};

function evidenceStrength(candidate: Pick<DedupeCandidate, "segment" | "optInLevel">): number {
  const confirmedBonus = candidate.optInLevel === "confirmed" ? 5 : 0;
  return SEGMENT_STRENGTH[candidate.segment] + confirmedBonus;
}

const isWhatsAppOptIn = (strength: number) => strength >= SEGMENT_STRENGTH.whatsapp_unsubstantiated;

/** FNV-1a: a compact, stable number for the tie key. */
function tieHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const num = (values: number[], index: number) => values[index] ?? Number.NaN;

/** Negative when `a` beats the candidate stored at `bIndex`. */
function compare(aStrength: number, aAt: number, aTie: number, aId: string, b: Slot, bIndex: number) {
  const bId = b.id[bIndex] ?? "";
  return (
    num(b.strength, bIndex) - aStrength ||
    // Infinite times (unknown) compare equal to each other rather than NaN.
    (num(b.at, bIndex) === aAt ? 0 : num(b.at, bIndex) - aAt) ||
    aTie - num(b.tie, bIndex) ||
    (aId < bId ? -1 : aId > bId ? 1 : 0)
  );
}

interface Slot {
  id: string[];
  strength: number[];
  at: number[];
  tie: number[];
}

const newSlot = (): Slot => ({ id: [], strength: [], at: [], tie: [] });

export class ReferenceDedupeIndex {
  private readonly slotOf = new Map<string, number>();
  private readonly best = newSlot();
  /** The latest WhatsApp opt-out per phone (id "" when none). */
  private readonly optOut = newSlot();

  add(phoneE164: string, candidate: DedupeCandidate): void {
    const strength = evidenceStrength(candidate);
    const at = candidate.decidedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
    const tie = tieHash(candidate.tieKey);
    let index = this.slotOf.get(phoneE164);
    if (index === undefined) {
      index = this.best.id.length;
      this.slotOf.set(phoneE164, index);
      for (const slot of [this.best, this.optOut]) {
        slot.id.push("");
        slot.strength.push(-1);
        slot.at.push(Number.NEGATIVE_INFINITY);
        slot.tie.push(0);
      }
    }
    if (candidate.segment === "opted_out") {
      // Unknown opt-out time counts as "latest": doubt favours the shopper.
      const optOutAt = candidate.decidedAt?.getTime() ?? Number.POSITIVE_INFINITY;
      if (this.optOut.id[index] === "" || compare(0, optOutAt, tie, candidate.id, this.optOut, index) < 0) {
        this.write(this.optOut, index, candidate.id, 0, optOutAt, tie);
      }
    }
    if (this.best.id[index] === "" || compare(strength, at, tie, candidate.id, this.best, index) < 0) {
      this.write(this.best, index, candidate.id, strength, at, tie);
    }
  }

  private write(slot: Slot, index: number, id: string, strength: number, at: number, tie: number) {
    slot.id[index] = id;
    slot.strength[index] = strength;
    slot.at[index] = at;
    slot.tie[index] = tie;
  }

  /** The id of the contact that stands for this phone. */
  winnerOf(phoneE164: string): string | undefined {
    const index = this.slotOf.get(phoneE164);
    if (index === undefined) return undefined;
    const optOutId = this.optOut.id[index] ?? "";
    if (optOutId !== "") {
      const bestIsOptIn = isWhatsAppOptIn(num(this.best.strength, index));
      if (!bestIsOptIn || num(this.optOut.at, index) >= num(this.best.at, index)) return optOutId;
    }
    return this.best.id[index];
  }

  get size(): number {
    return this.slotOf.size;
  }
}
