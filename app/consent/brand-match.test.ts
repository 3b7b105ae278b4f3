/**
 * Where a brand stands in a folded wording, and which of its words make it.
 * A brand found where it is not would let a wording name a sender it does not.
 */
import { describe, expect, it } from "vitest";
import { brandCore, findBrand } from "./brand-match";
import { foldForMatching } from "./consent-text";

const core = (brand: string) => brandCore(foldForMatching(brand));
const spansOf = (text: string, brand: string) => {
  const folded = foldForMatching(text);
  return findBrand(folded, foldForMatching(brand)).map(([start, end]) => folded.slice(start, end));
};

describe("brandCore", () => {
  it.each([
    ["Acme Coffee S.L.", ["acme", "coffee"]],
    ["Acme Coffee Ltd", ["acme", "coffee"]],
    ["Müller & Söhne GmbH & Co. KG", ["muller", "and", "sohne"]],
    ["Acme Pty Ltd", ["acme"]],
    ["Acme Ltd Inc", ["acme"]],
    ["Mueller", ["muller"]],
    ["Acme S.A.S.", ["acme"]],
  ])("drops the legal form of %j", (brand, words) => {
    expect(core(brand)).toEqual(words);
  });

  it("never drops the whole name, even when every word could be a legal form", () => {
    expect(core("Co")).toEqual(["co"]);
    expect(core("Co Ltd")).toEqual(["co"]);
    expect(core("AG Co KG")).toEqual(["ag"]);
  });

  it("keeps a legal-form word that does not end the name", () => {
    expect(core("Ltd Coffee")).toEqual(["ltd", "coffee"]);
    expect(core("Acme Co Coffee")).toEqual(["acme", "co", "coffee"]);
  });

  it("is empty for a brand without letters or digits", () => {
    expect(core(" - ")).toEqual([]);
    expect(core("")).toEqual([]);
  });
});

describe("findBrand", () => {
  it("finds the brand however its words are joined", () => {
    expect(spansOf("Offers from Acme Coffee today", "Acme Coffee")).toEqual(["acme coffee"]);
    expect(spansOf("Offers from AcmeCoffee's shop", "Acme Coffee")).toEqual(["acmecoffee"]);
    expect(spansOf("Offers from Acme-Coffee", "Acme Coffee")).toEqual(["acme-coffee"]);
  });

  it("widens the span over a legal form that follows, dot included", () => {
    expect(spansOf("Offers from Acme Coffee S.L. on WhatsApp", "Acme Coffee")).toEqual(["acme coffee s.l."]);
    expect(spansOf("Offers from Acme Coffee Ltd. Reply STOP", "Acme Coffee Ltd")).toEqual([
      "acme coffee ltd.",
    ]);
    expect(spansOf("Offers from Acme Coffee. Reply STOP", "Acme Coffee")).toEqual(["acme coffee"]);
    // Only a dot: the comma or space after a legal form stays in the sentence.
    expect(spansOf("Offers from Acme Coffee Ltd, on WhatsApp", "Acme Coffee")).toEqual(["acme coffee ltd"]);
    expect(spansOf("Offers from Acme Coffee Ltd on WhatsApp", "Acme Coffee")).toEqual(["acme coffee ltd"]);
  });

  it("says which spans a legal form closes", () => {
    const closed = (text: string, brand: string) =>
      findBrand(foldForMatching(text), foldForMatching(brand)).map(([, , byLegalForm]) => byLegalForm);
    expect(closed("Offers from Acme Coffee Ltd. Reply STOP", "Acme Coffee")).toEqual([true]);
    expect(closed("Offers from Acme Coffee S.L. and Acme Coffee today", "Acme Coffee")).toEqual([
      true,
      false,
    ]);
    expect(closed("Offers from Acme Coffee. Reply STOP", "Acme Coffee Ltd")).toEqual([false]);
  });

  it("finds every place the brand stands", () => {
    expect(spansOf("Acme news, Acme offers", "Acme")).toEqual(["acme", "acme"]);
  });

  it("never matches inside a longer word or a different run of words", () => {
    expect(spansOf("Offers from Acmes Coffee", "Acme Coffee")).toEqual([]);
    expect(spansOf("Offers from Acme Coffeehouse", "Acme Coffee")).toEqual([]);
    expect(spansOf("Offers from Acme Tea", "Acme Coffee")).toEqual([]);
    expect(spansOf("Offers from Ac Me Coffee", "Acme Coffee")).toEqual(["ac me coffee"]);
    expect(spansOf("Offers", "")).toEqual([]);
  });

  it("lets a sentence drop or contract the brand's leading article", () => {
    expect(spansOf("Les offres du Petit Atelier", "Le Petit Atelier")).toEqual(["petit atelier"]);
    expect(spansOf("Offers from The Shop", "The Shop")).toEqual(["shop"]);
    // A one-word brand that is an article keeps it.
    expect(spansOf("the best of The", "The")).toEqual(["the", "the"]);
  });

  it("reads '&', 'and' and their translations as one word, and ü as ue", () => {
    expect(spansOf("Angebote von Mueller und Soehne", "Müller & Söhne GmbH")).toEqual(["mueller und soehne"]);
  });

  it("reads ä as ae, so a brand written either way is found", () => {
    expect(spansOf("Angebote der Gaertnerei Baer", "Gärtnerei Bär")).toEqual(["gaertnerei baer"]);
    expect(spansOf("Angebote der Gärtnerei Bär", "Gaertnerei Baer")).toEqual(["gartnerei bar"]);
  });
});
