import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DedupeCandidate, findDuplicates } from "./dedupe";
import { SEGMENTS } from "./types";

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
