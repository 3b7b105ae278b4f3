import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BRAND, fact, GOOD_TEXT, validPhone } from "../../test/fixtures/consent-facts";
import { type ContactEvidence, classifyContact, isExportable } from "./classify";
import { normalizePhone } from "./phone";
import { type ConsentFact, REASON_CODES, SEGMENTS } from "./types";

const classify = (evidence: Partial<ContactEvidence>) =>
  classifyContact({ phone: validPhone(), facts: [], ...evidence }, { brand: BRAND });

const at = (day: number) => new Date(Date.UTC(2026, 0, day));

describe("classifyContact", () => {
  it("a WhatsApp opt-in with time, source and wording naming WhatsApp and the brand is substantiated", () => {
    const result = classify({ facts: [fact()] });
    expect(result).toMatchObject({ segment: "whatsapp_substantiated", reasons: [], optInLevel: "single" });
    expect(isExportable(result)).toBe(true);
  });

  it("a confirmation after the opt-in makes it a confirmed opt-in", () => {
    const optIn = fact({ occurredAt: at(1) });
    const confirm = fact({ action: "confirm", occurredAt: at(2), sourceKind: "whatsapp_reply" });
    expect(classify({ facts: [optIn, confirm] }).optInLevel).toBe("confirmed");
  });

  it("lists every missing piece of proof, not just the first", () => {
    const result = classify({
      phone: normalizePhone("4155552671"),
      facts: [fact({ occurredAt: null, sourceKind: "import", sourceDetail: "", consentText: null })],
    });
    expect(result.segment).toBe("whatsapp_unsubstantiated");
    expect(result.reasons.sort()).toEqual(
      ["MISSING_TIMESTAMP", "MISSING_SOURCE", "MISSING_CONSENT_TEXT", "MISSING_COUNTRY_CODE"].sort(),
    );
  });

  it("wording that never names WhatsApp or the brand is not proof", () => {
    const sms = classify({
      facts: [fact({ consentText: "Sign me up for text message offers. Reply STOP to end." })],
    });
    expect(sms.segment).toBe("whatsapp_unsubstantiated");
    expect(sms.reasons).toEqual(expect.arrayContaining(["TEXT_MISSING_WHATSAPP", "TEXT_MISSING_BRAND"]));
  });

  it("a Shopify SUBSCRIBED state with no proof of ours is unsubstantiated", () => {
    const synced = fact({
      sourceKind: "shopify_sync",
      sourceDetail: "",
      consentText: null,
      captureMethod: "shopify_sync",
    });
    const result = classify({ facts: [synced] });
    expect(result.segment).toBe("whatsapp_unsubstantiated");
    expect(result.reasons).toEqual(expect.arrayContaining(["MISSING_CONSENT_TEXT", "MISSING_SOURCE"]));
  });

  it("the latest WhatsApp event wins", () => {
    const optIn = fact({ occurredAt: at(1) });
    const optOut = fact({ action: "opt_out", occurredAt: at(2) });
    expect(classify({ facts: [optIn, optOut] })).toMatchObject({
      segment: "opted_out",
      reasons: ["OPTED_OUT"],
    });
    const optInAgain = fact({ occurredAt: at(3) });
    expect(classify({ facts: [optIn, optOut, optInAgain] }).segment).toBe("whatsapp_substantiated");
  });

  it("an opt-out with no time, or at the same instant, beats the opt-in", () => {
    expect(classify({ facts: [fact(), fact({ action: "opt_out", occurredAt: null })] }).segment).toBe(
      "opted_out",
    );
    expect(
      classify({ facts: [fact({ occurredAt: at(5) }), fact({ action: "opt_out", occurredAt: at(5) })] })
        .segment,
    ).toBe("opted_out");
  });

  it("SMS or email consent never counts as WhatsApp consent", () => {
    const sms = classify({ facts: [fact({ channel: "sms", consentText: GOOD_TEXT })] });
    expect(sms).toMatchObject({ segment: "sms_only", reasons: ["NO_WHATSAPP_OPT_IN", "SMS_ONLY"] });
    const email = classify({ facts: [fact({ channel: "email" })] });
    expect(email).toMatchObject({ segment: "email_only", reasons: ["NO_WHATSAPP_OPT_IN", "EMAIL_ONLY"] });
    const both = classify({ facts: [fact({ channel: "sms" }), fact({ channel: "email" })] });
    expect(both).toMatchObject({
      segment: "sms_only",
      reasons: ["NO_WHATSAPP_OPT_IN", "SMS_ONLY", "EMAIL_ONLY"],
    });
  });

  it("a generic marketing flag, an order phone or nothing at all is unclear", () => {
    expect(classify({ genericMarketingOptIn: true })).toMatchObject({
      segment: "unclear",
      reasons: ["NO_WHATSAPP_OPT_IN", "UNCLEAR_CHANNEL"],
    });
    expect(classify({ phoneCollectedForOrders: true }).reasons).toEqual([
      "NO_WHATSAPP_OPT_IN",
      "TRANSACTIONAL_ONLY",
    ]);
    expect(classify({}).reasons).toEqual(["NO_WHATSAPP_OPT_IN", "UNCLEAR_CHANNEL"]);
  });

  it("an SMS opt-out leaves no SMS consent", () => {
    const facts = [
      fact({ channel: "sms", occurredAt: at(1) }),
      fact({ channel: "sms", action: "opt_out", occurredAt: at(2) }),
    ];
    expect(classify({ facts }).segment).toBe("unclear");
  });
});

const factArbitrary: fc.Arbitrary<ConsentFact> = fc.record({
  id: fc.uuid(),
  channel: fc.constantFrom("whatsapp", "sms", "email"),
  action: fc.constantFrom("opt_in", "opt_out", "confirm"),
  occurredAt: fc.option(fc.date({ min: at(1), max: at(300), noInvalidDate: true }), { nil: null }),
  sourceKind: fc.option(fc.constantFrom("storefront_block", "checkout", "shopify_sync", "import"), {
    nil: null,
  }),
  sourceDetail: fc.option(fc.constantFrom("", "https://shop.example/p", "popup-1"), { nil: null }),
  captureMethod: fc.option(fc.constantFrom("checkbox", "import"), { nil: null }),
  consentText: fc.option(
    fc.constantFrom(
      GOOD_TEXT,
      "Get SMS offers from Acme Coffee",
      "Marketing messages welcome",
      "WhatsApp deals from us",
      "",
    ),
    { nil: null },
  ),
}) as fc.Arbitrary<ConsentFact>;

/** Anything at all: mostly unproven (a random opt-in rarely carries every piece of proof). */
const anyEvidence = fc.record({
  phone: fc
    .constantFrom("+34612345678", "612345678", "+1 415 555 2671", "12", "")
    .map((raw) => normalizePhone(raw)),
  facts: fc.array(factArbitrary, { maxLength: 8 }),
  genericMarketingOptIn: fc.boolean(),
  phoneCollectedForOrders: fc.boolean(),
});

/** A proven WhatsApp opt-in, then a few random facts that may overrule it (a later opt-out, a worse opt-in). */
const provenEvidence = fc.record({
  phone: fc.constantFrom("+34612345678", "+1 415 555 2671").map((raw) => normalizePhone(raw)),
  facts: fc
    .tuple(
      fc.uuid(),
      fc.date({ min: at(1), max: at(300), noInvalidDate: true }),
      fc.array(factArbitrary, { maxLength: 3 }),
    )
    .map(([id, occurredAt, rest]) => [fact({ id, occurredAt }), ...rest]),
  genericMarketingOptIn: fc.boolean(),
  phoneCollectedForOrders: fc.boolean(),
});

const evidenceArbitrary = fc.oneof(
  { weight: 1, arbitrary: anyEvidence },
  { weight: 2, arbitrary: provenEvidence },
);

/**
 * Counts the exportable contacts a property drew: one that never meets an
 * exportable contact (or meets nothing else) passes without testing its case.
 */
function sides() {
  let drawn = 0;
  let exportable = 0;
  return {
    see(evidence: ContactEvidence) {
      drawn++;
      if (isExportable(classifyContact(evidence, { brand: BRAND }))) exportable++;
    },
    expectBoth() {
      expect(exportable / drawn, `${exportable} of ${drawn} exportable`).toBeGreaterThanOrEqual(0.25);
      expect(exportable, `${exportable} of ${drawn} exportable`).toBeLessThan(drawn);
    },
  };
}

describe("classification invariants", () => {
  it("every contact lands in exactly one known segment, with known reasons, none twice", () => {
    const drawn = sides();
    fc.assert(
      fc.property(evidenceArbitrary, (evidence) => {
        drawn.see(evidence);
        const result = classifyContact(evidence, { brand: BRAND });
        expect(SEGMENTS).toContain(result.segment);
        for (const reason of result.reasons) expect(REASON_CODES).toContain(reason);
        expect(new Set(result.reasons).size).toBe(result.reasons.length);
        expect(result.segment === "whatsapp_substantiated").toBe(result.reasons.length === 0);
      }),
    );
    drawn.expectBoth();
  });

  it("an opted-out or unproven contact is never exportable", () => {
    const drawn = sides();
    fc.assert(
      fc.property(evidenceArbitrary, (evidence) => {
        drawn.see(evidence);
        const result = classifyContact(evidence, { brand: BRAND });
        if (!isExportable(result)) return;
        const optIn = result.whatsappOptIn as ConsentFact;
        expect(evidence.phone.ok).toBe(true);
        expect(optIn.channel).toBe("whatsapp");
        expect(optIn.occurredAt).not.toBeNull();
        expect(optIn.consentText?.toLowerCase()).toContain("whatsapp");
        expect(optIn.consentText?.toLowerCase()).toContain("acme coffee");
        const laterOptOut = evidence.facts.some(
          (f) =>
            f.channel === "whatsapp" &&
            f.action === "opt_out" &&
            (f.occurredAt === null || f.occurredAt.getTime() >= (optIn.occurredAt as Date).getTime()),
        );
        expect(laterOptOut).toBe(false);
      }),
    );
    drawn.expectBoth();
  });

  it("the order of a contact's facts does not matter", () => {
    const drawn = sides();
    fc.assert(
      fc.property(evidenceArbitrary, fc.nat(), (evidence, seed) => {
        drawn.see(evidence);
        const shuffled = [...evidence.facts].sort(
          (a, b) => ((a.id.charCodeAt(seed % 30) ?? 0) % 7) - ((b.id.charCodeAt(seed % 30) ?? 0) % 7),
        );
        const first = classifyContact(evidence, { brand: BRAND });
        const second = classifyContact({ ...evidence, facts: shuffled.reverse() }, { brand: BRAND });
        expect(second.segment).toBe(first.segment);
        expect([...second.reasons].sort()).toEqual([...first.reasons].sort());
      }),
    );
    drawn.expectBoth();
  });
});
