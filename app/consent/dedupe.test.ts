import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DedupeCandidate, DedupeIndex, findDuplicates, tieHash, tieHashOfParts } from "./dedupe";
import { SEGMENTS, type Segment } from "./types";

const at = (day: number) => new Date(Date.UTC(2026, 0, day));

function candidate(id: string, overrides: Partial<DedupeCandidate> = {}): DedupeCandidate {
  return {
    id,
    segment: "whatsapp_substantiated",
    optInLevel: "single",
    decidedAt: at(1),
    tieKey: id,
    ...overrides,
  };
}

const phone = "+34612345678";

describe("findDuplicates", () => {
  it("keeps the strongest evidence and points the others at it", () => {
    const duplicates = findDuplicates([
      {
        phoneE164: phone,
        candidate: candidate("sms", { segment: "sms_only", optInLevel: null, decidedAt: null }),
      },
      { phoneE164: phone, candidate: candidate("proven") },
      {
        phoneE164: phone,
        candidate: candidate("unproven", { segment: "whatsapp_unsubstantiated", decidedAt: at(9) }),
      },
      { phoneE164: "+14155552671", candidate: candidate("other") },
      { phoneE164: null, candidate: candidate("no-phone") },
    ]);
    expect(Object.fromEntries(duplicates)).toEqual({ sms: "proven", unproven: "proven" });
  });

  it("prefers a confirmed opt-in, then the most recent one", () => {
    const confirmed = findDuplicates([
      { phoneE164: phone, candidate: candidate("recent", { decidedAt: at(20) }) },
      { phoneE164: phone, candidate: candidate("confirmed", { optInLevel: "confirmed" }) },
    ]);
    expect(confirmed.get("recent")).toBe("confirmed");
    const recent = findDuplicates([
      { phoneE164: phone, candidate: candidate("old", { decidedAt: at(2) }) },
      { phoneE164: phone, candidate: candidate("new", { decidedAt: at(3) }) },
    ]);
    expect(recent.get("old")).toBe("new");
  });

  it("an opt-out on any record of the number beats an older or equal opt-in", () => {
    const later = findDuplicates([
      { phoneE164: phone, candidate: candidate("optin", { decidedAt: at(2) }) },
      {
        phoneE164: phone,
        candidate: candidate("optout", { segment: "opted_out", optInLevel: null, decidedAt: at(3) }),
      },
    ]);
    expect(later.get("optin")).toBe("optout");
    const undated = findDuplicates([
      { phoneE164: phone, candidate: candidate("optin", { decidedAt: at(30) }) },
      {
        phoneE164: phone,
        candidate: candidate("optout", { segment: "opted_out", optInLevel: null, decidedAt: null }),
      },
    ]);
    expect(undated.get("optin")).toBe("optout");
    const older = findDuplicates([
      { phoneE164: phone, candidate: candidate("optin", { decidedAt: at(5) }) },
      {
        phoneE164: phone,
        candidate: candidate("optout", { segment: "opted_out", optInLevel: null, decidedAt: at(4) }),
      },
    ]);
    expect(older.get("optout")).toBe("optin");
  });

  it("an opt-out at the same instant as the best opt-in wins over it", () => {
    const same = findDuplicates([
      { phoneE164: phone, candidate: candidate("optin", { decidedAt: at(3), optInLevel: "confirmed" }) },
      {
        phoneE164: phone,
        candidate: candidate("optout", { segment: "opted_out", optInLevel: null, decidedAt: at(3) }),
      },
    ]);
    expect(same.get("optin")).toBe("optout");
  });

  it("the latest of several opt-outs is the one weighed against the best opt-in, in any order", () => {
    const entries = [
      {
        phoneE164: phone,
        candidate: candidate("early-stop", { segment: "opted_out", optInLevel: null, decidedAt: at(3) }),
      },
      { phoneE164: phone, candidate: candidate("optin", { decidedAt: at(4) }) },
      {
        phoneE164: phone,
        candidate: candidate("late-stop", { segment: "opted_out", optInLevel: null, decidedAt: at(5) }),
      },
    ];
    expect(findDuplicates(entries).get("optin")).toBe("late-stop");
    expect(findDuplicates([...entries].reverse()).get("optin")).toBe("late-stop");
  });

  it("an opt-out wins over a newer record that is no WhatsApp opt-in, and loses to a newer WhatsApp opt-in", () => {
    const optOut = {
      phoneE164: phone,
      candidate: candidate("optout", { segment: "opted_out", optInLevel: null, decidedAt: at(3) }),
    };
    const sms = findDuplicates([
      optOut,
      { phoneE164: phone, candidate: candidate("sms", { segment: "sms_only", decidedAt: at(9) }) },
    ]);
    expect(sms.get("sms")).toBe("optout");
    const unproven = findDuplicates([
      optOut,
      {
        phoneE164: phone,
        candidate: candidate("unproven", { segment: "whatsapp_unsubstantiated", decidedAt: at(9) }),
      },
    ]);
    expect(unproven.get("optout")).toBe("unproven");
  });

  it("on a full tie the id that sorts first as text wins, whatever the order", () => {
    const tie = (id: string) => ({ phoneE164: phone, candidate: candidate(id, { tieKey: "same" }) });
    // "10" sorts before "9" as text.
    for (const [first, second, winner, loser] of [
      ["b", "a", "a", "b"],
      ["a", "b", "a", "b"],
      ["9", "10", "10", "9"],
      ["10", "9", "10", "9"],
    ] as const) {
      expect(findDuplicates([tie(first), tie(second)]).get(loser)).toBe(winner);
    }
  });

  it("picks one winner per phone whatever the input order", () => {
    const entry = fc.record({
      phoneE164: fc.constantFrom("+34612345678", "+14155552671", "+5511987654321"),
      candidate: fc.record({
        id: fc.uuid(),
        segment: fc.constantFrom(...SEGMENTS),
        optInLevel: fc.constantFrom("single" as const, "confirmed" as const, null),
        decidedAt: fc.option(fc.date({ min: at(1), max: at(40), noInvalidDate: true }), { nil: null }),
        tieKey: fc.string({ maxLength: 4 }),
      }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.candidate.id, maxLength: 12 }), (entries) => {
        const forward = findDuplicates(entries);
        const backward = findDuplicates([...entries].reverse());
        expect(backward).toEqual(forward);
        const phones = new Set(entries.map((e) => e.phoneE164));
        const winners = entries.filter((e) => !forward.has(e.candidate.id));
        expect(winners.length).toBe(phones.size);
        for (const [loser, winner] of forward) {
          const loserPhone = entries.find((e) => e.candidate.id === loser)?.phoneE164;
          expect(entries.find((e) => e.candidate.id === winner)?.phoneE164).toBe(loserPhone);
        }
      }),
    );
  });
});

// ---------------------------------------------------------------------------
// The index as it was before it moved to typed arrays (objects and arrays per
// phone), kept verbatim: the compact DedupeIndex must pick the same winners.

const REFERENCE_STRENGTH: Record<Segment, number> = {
  whatsapp_substantiated: 50,
  whatsapp_unsubstantiated: 40,
  sms_only: 30,
  email_only: 20,
  unclear: 10,
  opted_out: 0,
};

function referenceStrength(candidate: Pick<DedupeCandidate, "segment" | "optInLevel">): number {
  const confirmedBonus = candidate.optInLevel === "confirmed" ? 5 : 0;
  return REFERENCE_STRENGTH[candidate.segment] + confirmedBonus;
}

const isWhatsAppOptIn = (strength: number) => strength >= REFERENCE_STRENGTH.whatsapp_unsubstantiated;

/** FNV-1a: a compact, stable number for the tie key. */
function referenceTieHash(text: string): number {
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

class ReferenceDedupeIndex {
  private readonly slotOf = new Map<string, number>();
  private readonly best = newSlot();
  /** The latest WhatsApp opt-out per phone (id "" when none). */
  private readonly optOut = newSlot();

  add(phoneE164: string, candidate: DedupeCandidate): void {
    const strength = referenceStrength(candidate);
    const at = candidate.decidedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
    const tie = referenceTieHash(candidate.tieKey);
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

// Under mutation testing (vitest.mutation.config.ts) each test runs once per
// mutant: the reference comparisons draw fewer cases there, npm test the full count.
const underMutation = process.env.MUTATION_RUN === "1";

describe("DedupeIndex", () => {
  const phones = ["+34612345678", "+14155552671", "+5511987654321", "+999999999999999", "+0123", "tel:1", ""];
  const ids = fc.oneof(
    fc.integer({ min: 0, max: 2_000_000 }).map(String),
    fc.constantFrom("", "0", "007", "1e3", "10", "9", "x", "contact-a", "contact-b"),
    fc.uuid(),
  );
  const entry = fc.record({
    phone: fc.constantFrom(...phones),
    candidate: fc.record({
      id: ids,
      segment: fc.constantFrom(...SEGMENTS),
      optInLevel: fc.constantFrom("single" as const, "confirmed" as const, null),
      // Few distinct times, so ties (and the rules that break them) come up often.
      decidedAt: fc.option(fc.oneof(fc.constantFrom(1, 2, 3).map(at), fc.constant(new Date(Number.NaN))), {
        nil: null,
      }),
      tieKey: fc.constantFrom("", "a", "b", "a\u0001b"),
    }),
  });

  it("picks the same winner as the reference implementation, in any order, ids and phones of any shape", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (entries) => {
        const compact = new DedupeIndex();
        const reference = new ReferenceDedupeIndex();
        for (const { phone, candidate } of entries) {
          compact.add(phone, candidate);
          reference.add(phone, candidate);
        }
        for (const phone of phones) expect(compact.winnerOf(phone)).toBe(reference.winnerOf(phone));
        expect(compact.size).toBe(reference.size);
      }),
      { numRuns: underMutation ? 300 : 2000 },
    );
  });

  it("stays the same as the reference when it grows to many phones", () => {
    const compact = new DedupeIndex();
    const reference = new ReferenceDedupeIndex();
    const segments: Segment[] = [...SEGMENTS];
    const phoneOf = (n: number) =>
      n % 97 === 0 ? `other-${n % 1000}` : `+1${String(4155550000 + (n % 29_999))}`;
    const rows = underMutation ? 20_000 : 100_000;
    for (let n = 0; n < rows; n++) {
      const candidate: DedupeCandidate = {
        id: n % 13 === 0 ? `id-${n}` : String(n),
        segment: segments[(n * 7) % segments.length] as Segment,
        optInLevel: n % 5 === 0 ? "confirmed" : "single",
        decidedAt: n % 3 === 0 ? null : at(1 + (n % 28)),
        tieKey: String(n % 11),
      };
      compact.add(phoneOf(n), candidate);
      reference.add(phoneOf(n), candidate);
    }
    expect(compact.size).toBe(reference.size);
    for (let n = 0; n < 30_000; n++)
      expect(compact.winnerOf(phoneOf(n))).toBe(reference.winnerOf(phoneOf(n)));
    expect(compact.winnerOf("+19999999999")).toBeUndefined();
  });

  it("addScored is add with the candidate reduced to numbers", () => {
    const index = new DedupeIndex();
    index.addScored(phone, "2", 50, at(2).getTime(), tieHash("x"), false);
    index.addScored(phone, "3", 0, Number.NEGATIVE_INFINITY, tieHash("y"), true);
    expect(index.winnerOf(phone)).toBe("3");
  });

  it("tieHashOfParts hashes the joined text without joining", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 5 }), { maxLength: 6 }), (parts) => {
        expect(tieHashOfParts(parts, "\u0001")).toBe(tieHash(parts.join("\u0001")));
      }),
    );
  });
});
