/**
 * Which language a wording is in (./language): a wording the judge reads is
 * mostly Latin letters and full of one supported language's frequent words;
 * a statement that mixes two languages is read as neither.
 */
import { describe, expect, it } from "vitest";
import { analyzeConsentText } from "../consent-text";
import { languageOf, mixesLanguages } from "./language";
import { BRAND } from "./lexicon";

describe("the script of a wording", () => {
  // 40 Latin letters once the brand is marked (its marker is as long as "Lindqvist").
  const statement = "Yes, send me offers from Lindqvist on WhatsApp, ok.";
  const greek = "αβγδεζηθικλ";

  it("a fifth of its letters in another script is still read; more is not", () => {
    expect(analyzeConsentText(`${statement} ${greek.slice(0, 10)}`, "Lindqvist").reasons).toEqual([]);
    expect(analyzeConsentText(`${statement} ${greek}`, "Lindqvist").reasons).toEqual([
      "TEXT_UNSUPPORTED_LANGUAGE",
    ]);
  });
});

describe("a wording's frequent words", () => {
  it("one in five words frequent in a supported language is enough; fewer is not", () => {
    expect(languageOf(["send", "xyzq", "abcq", "defq", "ghiq"], "")).toEqual({
      language: "en",
      unsupported: false,
    });
    expect(languageOf(["send", "xyzq", "abcq", "defq", "ghiq", "jklq"], "").unsupported).toBe(true);
  });

  it("two words of no known language beside the brand and WhatsApp are read as names; three are a language the judge cannot read", () => {
    expect(languageOf([BRAND, "whatsapp", "xyzq", "abcq"], "")).toEqual({
      language: null,
      unsupported: false,
    });
    expect(languageOf([BRAND, "whatsapp", "xyzq", "abcq", "defq"], "").unsupported).toBe(true);
  });

  it("the brand, WhatsApp and numbers are not words of any language", () => {
    expect(languageOf([BRAND, "whatsapp", "2026", "xyzq", "abcq"], "").unsupported).toBe(false);
  });

  it("a word with digits in it is still a word", () => {
    expect(languageOf([BRAND, "whatsapp", "xyzq", "abcq", "2abc"], "").unsupported).toBe(true);
    expect(languageOf([BRAND, "whatsapp", "xyzq", "abcq", "abc2"], "").unsupported).toBe(true);
  });

  it("Spanish and Portuguese words in one wording are neither language; each alone is read", () => {
    expect(languageOf(["quiero", "receber", "ofertas", "da", BRAND, "whatsapp"], "").unsupported).toBe(true);
    expect(languageOf(["quiero", "recibir", "ofertas", "de", BRAND, "whatsapp"], "")).toEqual({
      language: "es",
      unsupported: false,
    });
    expect(languageOf(["quero", "receber", "ofertas", "da", BRAND, "whatsapp"], "")).toEqual({
      language: "pt",
      unsupported: false,
    });
  });

  it("one word of a language the judge does not read outweighs as many of a supported one", () => {
    expect(languageOf(["send", "ontvang", BRAND, "whatsapp"], "").unsupported).toBe(true);
    expect(languageOf(["send", "me", "ontvang", BRAND, "whatsapp"], "").unsupported).toBe(false);
  });
});

describe("a statement in two languages", () => {
  it("two words only Spanish uses in an English statement mix the languages; one does not", () => {
    expect(mixesLanguages("yes quiero recibir offers")).toBe(true);
    expect(mixesLanguages("yes quiero offers")).toBe(false);
    expect(mixesLanguages("yes send me offers")).toBe(false);
  });

  it("any two of the six languages mix, whichever of them the judge lists first", () => {
    expect(mixesLanguages("yes please send me the offers, ich will die angebote")).toBe(true);
  });
});
