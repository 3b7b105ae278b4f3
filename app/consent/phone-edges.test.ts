/**
 * The phone reader's boundaries and the words it gives a merchant for each
 * refusal: the shortest numbers, the 00 prefix, the country it reads with,
 * and the digit readings an opt-out is matched on.
 */
import { describe, expect, it } from "vitest";
import {
  cleanPhoneInput,
  internationalReadingOf,
  normalizePhone,
  otherFormOfLine,
  phoneDigitReadings,
  toCountryCode,
  withoutPhoneLabels,
} from "./phone";

describe("normalizePhone's refusals say why", () => {
  it.each([
    ["", {}, "INVALID_PHONE", "no phone number"],
    ["  '  ", {}, "INVALID_PHONE", "no phone number"],
    ["12", { defaultCountry: "US" }, "INVALID_PHONE", "too short"],
    ["+34 612 345 678 ext. 12", {}, "INVALID_PHONE", "has an extension, which WhatsApp numbers never have"],
    ["+34 612 CALL 678", {}, "INVALID_PHONE", "contains letters"],
    ["+123456", {}, "INVALID_PHONE", "too short for an international number"],
    ["+34 000 000 000", {}, "INVALID_PHONE", "not a valid international number"],
    ["612345678", {}, "MISSING_COUNTRY_CODE", "no + country code and no country to read it with"],
    [
      "34612345678",
      { defaultCountry: "US" },
      "MISSING_COUNTRY_CODE",
      'not valid in US; looks like an international number without its "+"',
    ],
    ["123", { defaultCountry: "US" }, "INVALID_PHONE", "not a valid number in US"],
  ])("%s", (raw, context, problem, detail) => {
    expect(normalizePhone(raw, context)).toEqual({ ok: false, raw, problem, detail });
  });

  it("keeps the raw text as given, and treats a missing phone as an empty one", () => {
    expect(normalizePhone(null)).toEqual({
      ok: false,
      raw: "",
      problem: "INVALID_PHONE",
      detail: "no phone number",
    });
    expect(normalizePhone(undefined).ok).toBe(false);
    expect(normalizePhone(" +34 612 345 678 ")).toMatchObject({ ok: true, raw: " +34 612 345 678 " });
  });
});

describe("normalizePhone's readings", () => {
  it("three digits are enough to be judged as a number, seven to be read internationally", () => {
    expect(normalizePhone("123", { defaultCountry: "US" })).toMatchObject({
      detail: "not a valid number in US",
    });
    expect(normalizePhone("+1234567")).toMatchObject({ detail: "not a valid international number" });
  });

  it("reads 00 as the international prefix", () => {
    expect(normalizePhone("0034 612 345 678")).toEqual({
      ok: true,
      raw: "0034 612 345 678",
      e164: "+34612345678",
      country: "ES",
    });
  });

  it("drops the old Mexican mobile 1 only from a 13-digit +52 1 number", () => {
    expect(normalizePhone("+52 1 55 1234 5678")).toMatchObject({ ok: true, e164: "+525512345678" });
    expect(normalizePhone("+52 55 1234 5678")).toMatchObject({ ok: true, e164: "+525512345678" });
  });

  it("writes an Argentine line in its mobile form, the one WhatsApp knows, however it was written", () => {
    for (const raw of ["+54 11 4345 6789", "+54 9 11 4345 6789", "+5491143456789", "00 54 11 4345 6789"])
      expect(normalizePhone(raw), raw).toMatchObject({ ok: true, e164: "+5491143456789" });
    for (const raw of ["011 4345 6789", "011 15 4345 6789", "(011) 4345-6789"])
      expect(normalizePhone(raw, { country: "AR" }), raw).toMatchObject({ ok: true, e164: "+5491143456789" });
    expect(normalizePhone("+54 351 456 7890")).toMatchObject({ ok: true, e164: "+5493514567890" });
  });

  it("leaves an Argentine number with no mobile form as it is: a toll-free 0800 number stays valid", () => {
    expect(normalizePhone("+54 800 123 4567")).toMatchObject({ ok: true, e164: "+548001234567" });
  });

  it("gives an old eight-digit Brazilian mobile its ninth digit, and leaves landlines as they are", () => {
    expect(normalizePhone("+55 11 8123-4567")).toMatchObject({ ok: true, e164: "+5511981234567" });
    expect(normalizePhone("+551181234567")).toMatchObject({ ok: true, e164: "+5511981234567" });
    expect(normalizePhone("(11) 8123-4567", { country: "BR" })).toMatchObject({
      ok: true,
      e164: "+5511981234567",
    });
    expect(normalizePhone("+55 11 98123-4567")).toMatchObject({ ok: true, e164: "+5511981234567" });
    expect(normalizePhone("+55 11 3123-4567")).toMatchObject({ ok: true, e164: "+551131234567" });
    expect(normalizePhone("+55 11 1234-5678")).toMatchObject({ ok: false, problem: "INVALID_PHONE" });
  });

  it("gives a ninth digit only to Brazilian numbers: an invalid number elsewhere with the same digits stays invalid", () => {
    // +1 118 123 4567 would read as +55 11 98123-4567 if the country were not checked.
    expect(normalizePhone("+1 118 123 4567")).toMatchObject({ ok: false, problem: "INVALID_PHONE" });
  });

  it("names the other written form of exactly those lines", () => {
    // Only a Brazilian number, and only with the ninth digit right after the area code.
    expect(otherFormOfLine("4911961234567")).toBeNull();
    expect(otherFormOfLine("5511819612345")).toBeNull();
    expect(otherFormOfLine("5491143456789")).toBe("541143456789");
    expect(otherFormOfLine("5511981234567")).toBe("551181234567");
    expect(otherFormOfLine("5511961234567")).toBe("551161234567");
    // A ninth digit that is not 9, a subscriber number outside the mobile range, other lengths and countries.
    expect(otherFormOfLine("5511881234567")).toBeNull();
    expect(otherFormOfLine("5511951234567")).toBeNull();
    expect(otherFormOfLine("551131234567")).toBeNull();
    expect(otherFormOfLine("541143456789")).toBeNull();
    expect(otherFormOfLine("54911434567890")).toBeNull();
    expect(otherFormOfLine("551198123456")).toBeNull();
    expect(otherFormOfLine("34612345678")).toBeNull();
    expect(otherFormOfLine("3491143456789")).toBeNull();
  });

  it("reads a national number with the contact's country before the shop's, and says which", () => {
    expect(normalizePhone("612 34 56 78", { country: "ES", defaultCountry: "US" })).toMatchObject({
      ok: true,
      e164: "+34612345678",
      country: "ES",
    });
    expect(normalizePhone("(415) 555-2671", { country: "XX", defaultCountry: "us" })).toMatchObject({
      ok: true,
      e164: "+14155552671",
      country: "US",
    });
  });

  it("names the country the number belongs to, not the one it was read with", () => {
    // Libphonenumber places 07911 numbers in Guernsey, which shares the UK's +44.
    expect(normalizePhone("07911 123456", { defaultCountry: "GB" })).toMatchObject({
      ok: true,
      country: "GG",
    });
  });

  it("calls seven digits that are valid only with a + a lost prefix, not an invalid number", () => {
    expect(normalizePhone("6834002", { defaultCountry: "US" })).toMatchObject({
      ok: false,
      problem: "MISSING_COUNTRY_CODE",
    });
  });

  it("names the country an international number belongs to", () => {
    expect(normalizePhone("+34 612 345 678")).toMatchObject({ ok: true, country: "ES" });
    expect(normalizePhone("+1 415 555 2671")).toMatchObject({ ok: true, country: "US" });
  });
});

describe("toCountryCode", () => {
  it("accepts a supported two-letter code in any case, with spaces around it", () => {
    expect(toCountryCode(" es ")).toBe("ES");
    expect(toCountryCode("gb")).toBe("GB");
  });

  it("refuses anything else", () => {
    for (const value of [null, undefined, "", "  ", "E", "ESP", "ZZ", "Spain"])
      expect(toCountryCode(value)).toBeNull();
  });
});

describe("cleanPhoneInput", () => {
  it("takes off what spreadsheets wrap around a phone, at both ends", () => {
    expect(cleanPhoneInput(` '="+34 612 345 678"  `)).toBe("+34 612 345 678");
    expect(cleanPhoneInput("'+34612345678")).toBe("+34612345678");
    expect(cleanPhoneInput("+34 612 345 678\t")).toBe("+34 612 345 678");
  });

  it("folds full-width digits and plus signs to ASCII", () => {
    expect(cleanPhoneInput("＋３４ ６１２")).toBe("+34 612");
  });

  it("leaves quotes inside the number alone", () => {
    expect(cleanPhoneInput('+34 "612"')).toBe('+34 "612');
  });
});

describe("withoutPhoneLabels", () => {
  it("returns text with no bracket or colon untouched", () => {
    expect(withoutPhoneLabels(" +34 612 ")).toBe(" +34 612 ");
  });

  it("removes bracketed labels and labels before a colon, then trims", () => {
    expect(withoutPhoneLabels("Handy: +49 151 2345678")).toBe("+49 151 2345678");
    expect(withoutPhoneLabels("+34 612 345 681 [Mobile]")).toBe("+34 612 345 681");
    expect(withoutPhoneLabels("(call after 6) +34 612")).toBe("(call after 6) +34 612");
  });

  it("leaves a space where a label was, so the digits on either side never join into a 00 prefix", () => {
    expect(withoutPhoneLabels("0(mobile)0 34 612 345 681")).toBe("0 0 34 612 345 681");
    expect(withoutPhoneLabels("0 Tel:0 34 612 345 681")).toBe("0 0 34 612 345 681");
    for (const raw of ["0(mobile)0 34 612 345 681", "0 Tel:0 34 612 345 681"]) {
      expect(phoneDigitReadings(raw)).toEqual([{ digits: "0034612345681", international: false }]);
      expect(normalizePhone(raw)).toMatchObject({ ok: false, problem: "MISSING_COUNTRY_CODE" });
    }
  });
});

describe("phoneDigitReadings", () => {
  it("gives the number-like start and every digit, when they differ", () => {
    expect(phoneDigitReadings("+34 612 345 681 (call after 6)")).toEqual([
      { digits: "34612345681", international: true },
      { digits: "346123456816", international: true },
    ]);
  });

  it("gives one reading when the whole text is the number, without the 00 prefix", () => {
    expect(phoneDigitReadings("0034 612 345 681")).toEqual([{ digits: "34612345681", international: true }]);
    expect(phoneDigitReadings("612 345 681")).toEqual([{ digits: "612345681", international: false }]);
  });

  it("drops labels and extensions first, and gives nothing for text without digits", () => {
    expect(phoneDigitReadings("Tel: +34 612 345 681 ext. 12")).toEqual([
      { digits: "34612345681", international: true },
    ]);
    expect(phoneDigitReadings("no phone")).toEqual([]);
  });

  it("reads a trailing '.0' as a spreadsheet's quantity, and only the one at the end", () => {
    expect(phoneDigitReadings("4155.0123.0")).toEqual([
      { digits: "415501230", international: false },
      { digits: "41550123", international: false },
    ]);
  });

  it("reads a start with letters after it as national when it has no prefix", () => {
    expect(phoneDigitReadings("612 345 681 evenings")).toEqual([
      { digits: "612345681", international: false },
    ]);
  });
});

describe("digits without a '+' that a country reads as a national number", () => {
  it("name the international number they also make, when it is another valid number", () => {
    expect(internationalReadingOf("4915112345678", "+494915112345678")).toBe("4915112345678");
    // Spaces between the digits do not hide it.
    expect(internationalReadingOf("49 1511 2345678", "+494915112345678")).toBe("4915112345678");
    // Seven digits, E.164's shortest: an Icelandic mobile is also a number in Niue.
    expect(internationalReadingOf("683 4002", "+3546834002")).toBe("6834002");
  });

  it("name none when both readings agree, the '+' was written, or the digits make no valid number", () => {
    expect(internationalReadingOf("14155552671", "+14155552671")).toBeNull();
    expect(internationalReadingOf("447911123456", "+447911123456")).toBeNull();
    expect(internationalReadingOf("+4915112345678", "+4915112345678")).toBeNull();
    expect(internationalReadingOf("612345678", "+34612345678")).toBeNull();
  });
});

describe("an opt-in number that reads two ways", () => {
  it("digits starting with the country's own code that make another valid number with a '+' are no number to export", () => {
    const phone = normalizePhone("4915112345678", { country: "DE" });
    expect(phone).toMatchObject({ ok: false, problem: "MISSING_COUNTRY_CODE" });
    // The merchant is told why: the digits read as two numbers.
    expect(phone.ok ? "" : phone.detail).toMatch(/^reads as two numbers in DE/);
  });

  it("digits whose two readings agree, or a national number, read as before", () => {
    expect(normalizePhone("14155552671", { country: "US" })).toMatchObject({
      ok: true,
      e164: "+14155552671",
    });
    expect(normalizePhone("447911123456", { country: "GB" })).toMatchObject({
      ok: true,
      e164: "+447911123456",
    });
    expect(normalizePhone("0151 12345678", { country: "DE" })).toMatchObject({
      ok: true,
      e164: "+4915112345678",
    });
  });
});
