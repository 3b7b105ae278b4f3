import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localeLanguage, parseWordingSlot, wordingSlot } from "./wording-slot";

describe("wording slots", () => {
  it("names the main wording of a placement by the placement alone", () => {
    expect(wordingSlot("storefront")).toBe("storefront");
    expect(wordingSlot("storefront", null)).toBe("storefront");
    expect(wordingSlot("storefront", "")).toBe("storefront");
    expect(parseWordingSlot("storefront")).toEqual({ placement: "storefront", locale: null });
  });

  it("names one storefront language's wording as placement:locale", () => {
    expect(wordingSlot("storefront", "pt-BR")).toBe("storefront:pt-BR");
    expect(parseWordingSlot("storefront:pt-BR")).toEqual({ placement: "storefront", locale: "pt-BR" });
  });

  it("reads back the placement and locale it was built from", () => {
    const word = fc.stringMatching(/^[a-z][a-zA-Z-]{0,11}$/);
    fc.assert(
      fc.property(word, fc.option(word, { nil: null }), (placement, locale) => {
        expect(parseWordingSlot(wordingSlot(placement, locale))).toEqual({ placement, locale });
      }),
    );
  });

  it("reads an empty slot as an empty placement with no locale", () => {
    expect(parseWordingSlot("")).toEqual({ placement: "", locale: null });
  });
});

describe("localeLanguage", () => {
  it("is the lower-cased part before the region", () => {
    expect(localeLanguage("pt-BR")).toBe("pt");
    expect(localeLanguage("ES")).toBe("es");
    expect(localeLanguage("de")).toBe("de");
    expect(localeLanguage("")).toBe("");
  });
});
