/**
 * A test opt-in (sent by the merchant from the capture page) is never
 * evidence: whatever test facts a contact has, its classification is the
 * one it has without them, and a contact with test opt-ins alone is never
 * exportable nor on a re-permission segment. A property over facts of every
 * channel, action, source and time; the generated contacts reach Group A
 * too, or the property would prove nothing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyContact, isExportable } from "./classify";
import { normalizePhone } from "./phone";
import { CHANNELS, CONSENT_ACTIONS, type ConsentFact, SOURCE_KINDS, TEST_SOURCE } from "./types";

const NOW = new Date("2026-12-03T12:00:00Z");
const BRAND = "Acme Coffee";
const GOOD_TEXT =
  "Send me offers and news from Acme Coffee on WhatsApp. Reply STOP to unsubscribe at any time.";
const PHONE = normalizePhone("+34612345678");

const factArbitrary = (ids: string, sourceKind: fc.Arbitrary<ConsentFact["sourceKind"]>) =>
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 4 }).map((id) => `${ids}${id}`),
    channel: fc.constantFrom(...CHANNELS),
    action: fc.constantFrom(...CONSENT_ACTIONS),
    occurredAt: fc.option(fc.date({ min: new Date("2015-01-01"), max: NOW, noInvalidDate: true })),
    sourceKind,
    sourceDetail: fc.constantFrom("https://shop.example/pages/whatsapp", ""),
    captureMethod: fc.constant("checkbox" as const),
    consentText: fc.constantFrom(GOOD_TEXT, null),
    level: fc.constantFrom(undefined, "confirmed" as const),
  }) satisfies fc.Arbitrary<ConsentFact>;

const realFacts = fc.array(
  factArbitrary("real-", fc.constantFrom(...SOURCE_KINDS.filter((kind) => kind !== TEST_SOURCE))),
  { maxLength: 4 },
);
const testFacts = fc.array(factArbitrary("test-", fc.constant(TEST_SOURCE)), { minLength: 1, maxLength: 4 });

describe("test opt-ins", () => {
  it("never change a contact's classification, whatever they say", () => {
    let exportable = 0;
    fc.assert(
      fc.property(realFacts, testFacts, (real, tests) => {
        const without = classifyContact({ phone: PHONE, facts: real }, { brand: BRAND, now: NOW });
        const mixed = [...tests, ...real].sort((a, b) => (a.id < b.id ? -1 : 1));
        const withTests = classifyContact({ phone: PHONE, facts: mixed }, { brand: BRAND, now: NOW });
        expect(withTests).toEqual(without);
        if (isExportable(without)) exportable++;
      }),
      { numRuns: 300 },
    );
    expect(exportable, "some generated contacts are exportable without the tests").toBeGreaterThan(0);
  });

  it("alone, even a perfect WhatsApp opt-in, leave the contact unclear: out of Group A and re-permission", () => {
    const perfect: ConsentFact = {
      id: "t1",
      channel: "whatsapp",
      action: "opt_in",
      occurredAt: new Date("2026-12-01T10:00:00Z"),
      sourceKind: TEST_SOURCE,
      sourceDetail: "https://acme.myshopify.com/apps/whatsapp-consent/test#capture-page-test",
      captureMethod: "checkbox",
      consentText: GOOD_TEXT,
      level: "confirmed",
    };
    const result = classifyContact({ phone: PHONE, facts: [perfect] }, { brand: BRAND, now: NOW });
    expect(result.segment).toBe("unclear");
    expect(isExportable(result)).toBe(false);
    // The same fact from the storefront block is proof: the test marker alone makes the difference.
    const real = classifyContact(
      { phone: PHONE, facts: [{ ...perfect, sourceKind: "storefront_block" }] },
      { brand: BRAND, now: NOW },
    );
    expect(isExportable(real)).toBe(true);
  });
});
