/**
 * The judge's verdict (./judge): a box ticked in advance is never the
 * shopper's yes, and a label past its length limits is a notice, in a
 * language the judge reads or in one it does not.
 */
import { describe, expect, it } from "vitest";
import { analyzeConsentText } from "../consent-text";
import { MAX_LABEL_CHARACTERS } from "./judge";

// A one-word brand as long as the judge's brand marker, in lower case: the folded text the judge measures is the label itself.
const BRAND = "Lindqvist";
const reasonsOf = (text: string) => analyzeConsentText(text, BRAND).reasons;
const STATEMENT = "yes, send me offers from lindqvist on whatsapp.";
const DUTCH = "Ja, ik wil aanbiedingen van Lindqvist ontvangen via WhatsApp.";

/** The statement, then harmless "reply stop" lines and a number filling it to exactly `length` characters. */
function labelOfLength(length: number): string {
  const stop = " reply stop to unsubscribe.";
  let label = STATEMENT;
  while (label.length + stop.length + 3 <= length) label += stop;
  return `${label} ${"0".repeat(length - label.length - 1)}`;
}

/** The statement's 8 words, then single digits up to `count` words. */
const labelOfWords = (count: number) =>
  `${STATEMENT} ${Array.from({ length: count - 8 }, () => "7").join(" ")}`;

describe("a box ticked in advance", () => {
  it("makes an otherwise good statement implied consent", () => {
    const label = `<label><input type="checkbox"> Yes, send me offers from ${BRAND} on WhatsApp.</label>`;
    expect(reasonsOf(label)).toEqual([]);
    expect(reasonsOf(label.replace('type="checkbox"', 'type="checkbox" checked'))).toEqual([
      "TEXT_IMPLIED_CONSENT",
    ]);
  });

  it("is named as well when the wording is in a language the judge cannot read", () => {
    expect(reasonsOf(`<input type="checkbox" checked> ${DUTCH}`)).toEqual([
      "TEXT_UNSUPPORTED_LANGUAGE",
      "TEXT_IMPLIED_CONSENT",
    ]);
    expect(reasonsOf(`<input type="checkbox"> ${DUTCH}`)).toEqual(["TEXT_UNSUPPORTED_LANGUAGE"]);
  });
});

describe("a label past its length limits", () => {
  it(`is accepted at ${MAX_LABEL_CHARACTERS} characters and too long at one more`, () => {
    expect(labelOfLength(MAX_LABEL_CHARACTERS)).toHaveLength(MAX_LABEL_CHARACTERS);
    expect(reasonsOf(labelOfLength(MAX_LABEL_CHARACTERS))).toEqual([]);
    expect(reasonsOf(labelOfLength(MAX_LABEL_CHARACTERS + 1))).toEqual(["TEXT_TOO_LONG"]);
  });

  it("is accepted at 80 words and too long at 81, however short the words", () => {
    expect(reasonsOf(labelOfWords(80))).toEqual([]);
    expect(reasonsOf(labelOfWords(81))).toEqual(["TEXT_TOO_LONG"]);
  });

  it("is named as too long in a language the judge cannot read too", () => {
    const notice = `${DUTCH} ${"Wij verwerken uw gegevens om onze winkel te verbeteren. ".repeat(10)}`;
    expect(reasonsOf(notice)).toEqual(["TEXT_UNSUPPORTED_LANGUAGE", "TEXT_TOO_LONG"]);
  });
});

describe("one sentence of several decides", () => {
  const reasons = (text: string) => analyzeConsentText(text, "Acme").reasons;

  it("a channel or a sender beside WhatsApp in one sentence refuses the wording whatever the other sentences say", () => {
    expect(reasons("Send me Acme offers on WhatsApp and Zapchat. Reply STOP to stop.")).toContain(
      "TEXT_MIXED_CHANNELS",
    );
    expect(reasons("Reply STOP to stop. Send me Acme offers on WhatsApp and Zapchat.")).toContain(
      "TEXT_MIXED_CHANNELS",
    );
    expect(reasons("Send me offers from Acme and Zapco on WhatsApp. Reply STOP to stop.")).toContain(
      "TEXT_OTHER_SENDER",
    );
  });

  it("a sentence that is only the brand's name is read, not taken for a word the judge cannot read", () => {
    expect(reasons("Send me offers from Acme on WhatsApp. Acme.")).toEqual([]);
  });
});

describe("the wording as a whole", () => {
  it("each block of markup is a line of its own: a statement cut across two blocks is no statement", () => {
    expect(reasonsOf("<div>Yes, send me offers on WhatsApp from</div><div>Lindqvist</div>")).toContain(
      "TEXT_NOT_ONE_STATEMENT",
    );
  });

  it("a word spelled out letter by letter is read as the word: 'Y E S!' opens the statement after it", () => {
    expect(reasonsOf("Y E S! Offers from Lindqvist on WhatsApp.")).toEqual([]);
  });

  it("a lone word that starts with WhatsApp ('WhatsApp's!') is no word the judge cannot read", () => {
    expect(reasonsOf("Yes, send me offers from Lindqvist on WhatsApp. WhatsApp's!")).toEqual([]);
  });

  it("marks before or after the words do not count towards its language", () => {
    for (const text of [
      "Sure! Lindqvist deals, coupons, restocks, drops WhatsApp",
      "Sure! Lindqvist deals, coupons, restocks, drops WhatsApp!",
    ])
      expect(reasonsOf(text), text).toEqual([]);
  });
});
