import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanPhoneInput, normalizePhone } from "./phone";

describe("normalizePhone", () => {
  it.each([
    ["+1 415 555 2671", {}, "+14155552671"],
    ["'+14155552671", {}, "+14155552671"],
    ["004930901820", {}, "+4930901820"],
    ["4155552671", { defaultCountry: "US" }, "+14155552671"],
    ["(11) 98765-4321", { defaultCountry: "BR" }, "+5511987654321"],
    ["612 34 56 78", { country: "es", defaultCountry: "US" }, "+34612345678"],
    ["07911 123456", { defaultCountry: "GB" }, "+447911123456"],
    ["+91 98765 43210", {}, "+919876543210"],
  ])("reads %s as E.164", (raw, context, e164) => {
    const result = normalizePhone(raw, context);
    expect(result).toMatchObject({ ok: true, e164 });
  });

  it.each([
    ["4155552671", {}, "MISSING_COUNTRY_CODE"],
    ["447911123456", { defaultCountry: "US" }, "MISSING_COUNTRY_CODE"],
    ["12345", { defaultCountry: "US" }, "INVALID_PHONE"],
    ["+1 555 000", {}, "INVALID_PHONE"],
    ["", { defaultCountry: "US" }, "INVALID_PHONE"],
    ["call me", {}, "INVALID_PHONE"],
    ["+1 (800) FLOWERS", {}, "INVALID_PHONE"],
  ])("refuses %s without guessing", (raw, context, problem) => {
    expect(normalizePhone(raw, context)).toMatchObject({ ok: false, problem });
  });

  it("ignores an unknown country instead of guessing one", () => {
    expect(normalizePhone("4155552671", { country: "United States" })).toMatchObject({
      ok: false,
      problem: "MISSING_COUNTRY_CODE",
    });
  });

  it("is idempotent: an E.164 result normalises to itself", () => {
    const countries = ["US", "GB", "ES", "BR", "DE", "FR", "IT", "MX", "IN", "PT", "AR", "NG"] as const;
    fc.assert(
      fc.property(fc.constantFrom(...countries), fc.stringMatching(/^[0-9]{6,12}$/), (country, digits) => {
        const first = normalizePhone(digits, { defaultCountry: country });
        if (!first.ok) return;
        const second = normalizePhone(first.e164, { defaultCountry: country });
        expect(second).toMatchObject({ ok: true, e164: first.e164 });
        const third = normalizePhone(first.e164);
        expect(third).toMatchObject({ ok: true, e164: first.e164 });
      }),
      { numRuns: 300 },
    );
  });
});

describe("labels, extensions and Mexican mobiles", () => {
  it.each([
    ["+34 612 345 681 (móvil)", {}, "+34612345681"],
    ["+34 612 345 681 (movil)", {}, "+34612345681"],
    ["(mobile) +44 7911 123456", {}, "+447911123456"],
    ["+55 11 98765-4321 (celular)", {}, "+5511987654321"],
    ["0171 1234567 (Handy)", { defaultCountry: "DE" }, "+491711234567"],
    ["Handy: 0171 1234567", { defaultCountry: "DE" }, "+491711234567"],
    ["06 12 34 56 78 (portable)", { defaultCountry: "FR" }, "+33612345678"],
    ["+39 312 345 6789 (cellulare)", {}, "+393123456789"],
    ["[WhatsApp] +34612345681", {}, "+34612345681"],
    ["+52 1 55 1234 5678", {}, "+525512345678"],
    ["+5215512345678", {}, "+525512345678"],
    ["00 52 1 55 1234 5678", {}, "+525512345678"],
    ["+52 55 1234 5678", {}, "+525512345678"],
  ])("reads %s as %s", (raw, context, e164) => {
    expect(normalizePhone(raw, context)).toMatchObject({ ok: true, e164 });
  });

  it.each([
    "+1 415 555 2671 ext. 12",
    "+1 415 555 2671 ext 12",
    "+1 415 555 2671 x12",
    "+1 415 555 2671 x 12",
    "+1 415 555 2671 #12",
    "+1 415 555 2671;ext=12",
    "+49 30 901820 Durchwahl 12",
    "+49 30 901820 DW 12",
    "+34 912 345 678 extensión 12",
    "+55 11 3333-4444 ramal 12",
    "+33 1 23 45 67 89 poste 12",
    "+39 06 1234 5678 interno 12",
    "+1 415 555 2671,12",
    "+1 415 555 2671 (mobile) ext. 12",
  ])("refuses %s: a number with an extension is not a WhatsApp number", (raw) => {
    expect(normalizePhone(raw, {})).toMatchObject({ ok: false, problem: "INVALID_PHONE" });
  });

  it("keeps a (word) that is not a label as letters: invalid, never guessed", () => {
    expect(normalizePhone("+34 612 345 681 (call after 6)", {})).toMatchObject({
      ok: false,
      problem: "INVALID_PHONE",
    });
  });
});

describe("normalizePhone fast paths", () => {
  // normalizePhone as it was before its ASCII and no-letter shortcuts, kept as the reference.
  function reference(rawInput: string, context: { country?: string | null; defaultCountry?: string | null }) {
    const raw = rawInput;
    const cleaned = raw
      .normalize("NFKC")
      .replace(/^[\s'"=]+/, "")
      .replace(/["\s]+$/, "")
      .trim();
    const digits = cleaned.replace(/\D/g, "");
    if (digits.length === 0) return { ok: false, raw, problem: "INVALID_PHONE", detail: "no phone number" };
    if (digits.length < 3) return { ok: false, raw, problem: "INVALID_PHONE", detail: "too short" };
    // Any letter (an extension's included) makes it invalid; the detail says which.
    if (/[a-z]/i.test(cleaned)) return { ok: false, raw, problem: "INVALID_PHONE" };
    return normalizePhone(rawInput, context);
  }

  it("gives what the unoptimised version gives, for ASCII and non-ASCII input alike", () => {
    const unit = fc.constantFrom(
      ..."0123456789 +-().'\"=xXeE\t".split(""),
      "ext",
      "extension",
      "\u00a0",
      "\uff10",
      "\uff0b",
      "\u0663",
      "\u2007",
      "\u200b",
      "é",
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 18 }), fc.constantFrom("US", "ES", null), (raw, country) => {
        expect(cleanPhoneInput(raw)).toBe(
          raw
            .normalize("NFKC")
            .replace(/^[\s'"=]+/, "")
            .replace(/["\s]+$/, "")
            .trim(),
        );
        const expected = reference(raw, { country, defaultCountry: "GB" });
        const actual = normalizePhone(raw, { country, defaultCountry: "GB" });
        if ("detail" in expected) expect(actual).toEqual(expected);
        else expect(actual).toMatchObject(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("libphonenumber builds", () => {
  // phone.ts uses the package's modern build ("max/es6") for speed; it must
  // answer exactly as the default "max" build does.
  it("parse every number alike", async () => {
    const classic = await import("libphonenumber-js/max");
    const modern = await import("libphonenumber-js/max/es6");
    const describeNumber = (parsed: ReturnType<typeof classic.parsePhoneNumberFromString>) =>
      parsed && {
        number: parsed.number,
        country: parsed.country,
        nationalNumber: parsed.nationalNumber,
        ext: parsed.ext,
        valid: parsed.isValid(),
        possible: parsed.isPossible(),
        type: parsed.getType(),
      };
    const countries = [...classic.getCountries(), undefined];
    const text = fc.tuple(
      fc.constantFrom("+", "00", "", "+1 ", "+44 ", "+34 ", "+55 11 ", "+49 ", "+800 ", "0", "(", "'"),
      fc.array(fc.stringMatching(/^\d{1,4}$/), { minLength: 1, maxLength: 5 }),
      fc.constantFrom(" ", "-", ".", "", "/"),
      fc.constantFrom("", " ext 12", "x9", "#5"),
    );
    fc.assert(
      fc.property(text, fc.constantFrom(...countries), ([prefix, groups, separator, suffix], country) => {
        const input = `${prefix}${groups.join(separator)}${suffix}`;
        expect(describeNumber(modern.parsePhoneNumberFromString(input, country))).toEqual(
          describeNumber(classic.parsePhoneNumberFromString(input, country)),
        );
        if (country) expect(modern.isSupportedCountry(country)).toBe(classic.isSupportedCountry(country));
      }),
      { numRuns: 5000 },
    );
  });
});
