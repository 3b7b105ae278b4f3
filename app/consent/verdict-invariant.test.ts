/**
 * The one promise: a contact is exportable only when the wording it agreed
 * to is acceptable to the same analysis `check-text` runs, for the same
 * brand, and its proof holds (a plausible time, a source, a valid phone, no
 * later opt-out). Rows and wordings are generated so that both sides are
 * reached: a property that never meets an exportable contact proves nothing.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyContact, EARLIEST_PLAUSIBLE_OPT_IN, isExportable } from "./classify";
import { analyzeConsentText } from "./consent-text";
import { normalizePhone } from "./phone";
import type { ConsentFact } from "./types";

interface CorpusEntry {
  brand: string;
  text: string;
  accept: boolean;
}
const CORPUS: CorpusEntry[] = JSON.parse(
  readFileSync(new URL("../../test/fixtures/consent-wording-corpus.json", import.meta.url), "utf8"),
);
const ACCEPTED = CORPUS.filter((entry) => entry.accept);
const REFUSED = CORPUS.filter((entry) => !entry.accept);
const NOW = new Date("2026-12-03T12:00:00Z");

/** Ways to spoil an acceptable wording; each must take the contact out of Group A. */
const SPOILERS = [
  " Our partners may also send you offers.",
  " Also by SMS.",
  " No thanks.",
  " We will also send order updates.",
  " Uncheck this box if you do not want this.",
  " By placing an order you agree to this.",
  " I accept the Terms and Conditions.",
];

const wording = fc.oneof(
  { weight: 7, arbitrary: fc.constantFrom(...ACCEPTED).map((e) => ({ ...e, spoiled: false })) },
  { weight: 2, arbitrary: fc.constantFrom(...REFUSED).map((e) => ({ ...e, spoiled: false })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...ACCEPTED), fc.constantFrom(...SPOILERS))
      .map(([e, spoiler]) => ({ ...e, text: e.text + spoiler, spoiled: true })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...ACCEPTED).map((e) => ({ ...e, brand: "Someone Else Ltd", spoiled: true })),
  },
);

const optInTime = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.date({ min: new Date("2015-01-01"), max: new Date("2026-12-01"), noInvalidDate: true }),
  },
  { weight: 1, arbitrary: fc.constantFrom(new Date(0), new Date("2003-05-01"), new Date("2030-01-01")) },
  { weight: 1, arbitrary: fc.constant(null) },
);

const row = fc.record({
  wording,
  occurredAt: optInTime,
  sourceKind: fc.constantFrom(
    "storefront_block",
    "storefront_block",
    "checkout",
    "checkout",
    "import",
    "shopify_sync",
  ),
  // Weighted towards real sources so that every seed draws well over a quarter exportable.
  sourceDetail: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("https://shop.example/pages/whatsapp", "popup-summer") },
    { weight: 1, arbitrary: fc.constantFrom("", "unknown", "N/A", "-") },
  ),
  phone: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("+34612345678", "+447911123456") },
    { weight: 1, arbitrary: fc.constantFrom("612345678", "+34 612 345 678 ext. 12", "") },
  ),
  optOutAfter: fc.oneof(
    { weight: 1, arbitrary: fc.constant(true) },
    { weight: 5, arbitrary: fc.constant(false) },
  ),
});

describe("the consent verdict", () => {
  it("exportable implies the wording is acceptable to check-text, for the same brand, with proof that holds", () => {
    let exportable = 0;
    let runs = 0;
    fc.assert(
      fc.property(row, (r) => {
        runs++;
        const optIn: ConsentFact = {
          id: "in",
          channel: "whatsapp",
          action: "opt_in",
          occurredAt: r.occurredAt,
          sourceKind: r.sourceKind as ConsentFact["sourceKind"],
          sourceDetail: r.sourceDetail,
          captureMethod: "checkbox",
          consentText: r.wording.text,
        };
        const facts: ConsentFact[] = [optIn];
        if (r.optOutAfter && r.occurredAt) {
          facts.push({
            ...optIn,
            id: "out",
            action: "opt_out",
            occurredAt: new Date(r.occurredAt.getTime() + 1000),
          });
        }
        const phone = normalizePhone(r.phone);
        const result = classifyContact({ phone, facts }, { brand: r.wording.brand, now: NOW });
        if (!isExportable(result)) return;
        exportable++;
        expect(analyzeConsentText(r.wording.text, r.wording.brand).acceptable).toBe(true);
        expect(r.wording.spoiled).toBe(false);
        expect(phone.ok).toBe(true);
        expect(r.occurredAt).not.toBeNull();
        const at = (r.occurredAt as Date).getTime();
        expect(at).toBeGreaterThanOrEqual(EARLIEST_PLAUSIBLE_OPT_IN.getTime());
        expect(at).toBeLessThanOrEqual(NOW.getTime());
        expect(facts.some((f) => f.action === "opt_out")).toBe(false);
      }),
      { numRuns: 400 },
    );
    // Both sides reached: at least a quarter of the drawn contacts are exportable, and not all.
    expect(exportable / runs, `${exportable} of ${runs} exportable`).toBeGreaterThanOrEqual(0.25);
    expect(exportable).toBeLessThan(runs);
  });

  it("a stored wording judged again gives the same verdict as check-text", () => {
    let acceptable = 0;
    let runs = 0;
    fc.assert(
      fc.property(wording, ({ text, brand }) => {
        const direct = analyzeConsentText(text, brand);
        runs++;
        if (direct.acceptable) acceptable++;
        const optIn: ConsentFact = {
          id: "in",
          channel: "whatsapp",
          action: "opt_in",
          occurredAt: new Date("2026-06-01T10:00:00Z"),
          sourceKind: "storefront_block",
          sourceDetail: "https://shop.example/p",
          captureMethod: "checkbox",
          consentText: text,
        };
        const result = classifyContact(
          { phone: normalizePhone("+34612345678"), facts: [optIn] },
          { brand, now: NOW },
        );
        expect(isExportable(result)).toBe(direct.acceptable);
        for (const reason of direct.reasons) expect(result.reasons).toContain(reason);
      }),
      { numRuns: 300 },
    );
    // Both verdicts drawn: at least a quarter of the wordings are acceptable, and not all.
    expect(acceptable / runs, `${acceptable} of ${runs} acceptable`).toBeGreaterThanOrEqual(0.25);
    expect(acceptable).toBeLessThan(runs);
  });
});

describe("timestamps that cannot be an opt-in", () => {
  const classifyAt = (occurredAt: Date) =>
    classifyContact(
      {
        phone: normalizePhone("+34612345678"),
        facts: [
          {
            id: "in",
            channel: "whatsapp",
            action: "opt_in",
            occurredAt,
            sourceKind: "storefront_block",
            sourceDetail: "https://shop.example/p",
            captureMethod: "checkbox",
            consentText: ACCEPTED[0]?.text ?? "",
          },
        ],
      },
      { brand: ACCEPTED[0]?.brand ?? "", now: NOW },
    );

  it.each([
    ["the epoch", new Date(0)],
    ["before WhatsApp existed", new Date("2008-12-31T23:59:59Z")],
    ["in the future", new Date("2026-12-03T12:06:00Z")],
  ])("%s is IMPLAUSIBLE_TIMESTAMP", (_name, at) => {
    const result = classifyAt(at);
    expect(result.reasons).toContain("IMPLAUSIBLE_TIMESTAMP");
    expect(isExportable(result)).toBe(false);
  });

  it.each([
    ["the first day of 2009", new Date("2009-01-01T00:00:00Z")],
    ["a few minutes ahead (clock skew)", new Date("2026-12-03T12:04:00Z")],
    ["yesterday", new Date("2026-12-02T12:00:00Z")],
  ])("%s is accepted", (_name, at) => {
    expect(classifyAt(at).reasons).toEqual([]);
  });
});

describe("sources that name no place", () => {
  it.each([
    "unknown",
    "N/A",
    "-",
    "none",
    "null",
    "desconocido",
    "unbekannt",
    "inconnu",
    "sconosciuto",
    "desconhecido",
  ])("an imported opt-in whose source is %j is MISSING_SOURCE", (detail) => {
    const result = classifyContact(
      {
        phone: normalizePhone("+34612345678"),
        facts: [
          {
            id: "in",
            channel: "whatsapp",
            action: "opt_in",
            occurredAt: new Date("2026-06-01T10:00:00Z"),
            sourceKind: "import",
            sourceDetail: detail,
            captureMethod: "import",
            consentText: ACCEPTED[0]?.text ?? "",
          },
        ],
      },
      { brand: ACCEPTED[0]?.brand ?? "", now: NOW },
    );
    expect(result.reasons).toEqual(["MISSING_SOURCE"]);
  });
});
