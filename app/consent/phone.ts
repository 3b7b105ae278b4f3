/**
 * Phone normalisation to E.164 with libphonenumber's full metadata.
 * The rule is "never guess": a number without an international prefix is
 * only read with a country we were given (the row's or the shop's default).
 */
// The package's modern build of the same code and "max" metadata (its plain
// "max" entry is transpiled for old engines, with helpers that made parsing
// ~35% slower). phone.test.ts checks that both builds answer alike.
import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/max/es6";

export type PhoneProblem = "INVALID_PHONE" | "MISSING_COUNTRY_CODE";

export type NormalizedPhone =
  | { ok: true; raw: string; e164: string; country: string | null }
  | { ok: false; raw: string; problem: PhoneProblem; detail: string };

export interface PhoneContext {
  /** ISO 3166-1 alpha-2 country given with the contact (e.g. its address). */
  country?: string | null;
  /** The shop's default country, used when the contact has none. */
  defaultCountry?: string | null;
}

/** Printable ASCII: NFKC leaves it as it is. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Strips what spreadsheets and exports wrap around a phone (Shopify prefixes a `'`). */
export function cleanPhoneInput(raw: string): string {
  return (PRINTABLE_ASCII.test(raw) ? raw : raw.normalize("NFKC"))
    .replace(/^[\s'"=]+/, "")
    .replace(/["\s]+$/, "")
    .trim();
}

export function toCountryCode(value: string | null | undefined): CountryCode | null {
  const code = value?.trim().toUpperCase();
  return code && code.length === 2 && isSupportedCountry(code) ? code : null;
}

const INTERNATIONAL = /^(\+|00)/;
const LETTER = /[a-z]/i;
/** No valid number, national or international, has fewer digits than this. */
const MIN_DIGITS = 3;
/** The shortest E.164 numbers (country code included) have 7 digits. */
const MIN_INTERNATIONAL_DIGITS = 7;

export function normalizePhone(
  rawInput: string | null | undefined,
  context: PhoneContext = {},
): NormalizedPhone {
  const raw = rawInput ?? "";
  const cleaned = cleanPhoneInput(raw);
  const digits = cleaned.replace(/\D/g, "");
  if (digits.length === 0) return { ok: false, raw, problem: "INVALID_PHONE", detail: "no phone number" };
  if (digits.length < MIN_DIGITS) return { ok: false, raw, problem: "INVALID_PHONE", detail: "too short" };
  // (Without any letter there is no extension to strip either.)
  if (LETTER.test(cleaned) && LETTER.test(cleaned.replace(/(ext\.?|x|extension)\s*\d+$/i, ""))) {
    return { ok: false, raw, problem: "INVALID_PHONE", detail: "contains letters" };
  }

  if (INTERNATIONAL.test(cleaned)) {
    if (digits.length < MIN_INTERNATIONAL_DIGITS) {
      return { ok: false, raw, problem: "INVALID_PHONE", detail: "too short for an international number" };
    }
    const international = cleaned.startsWith("00") ? `+${cleaned.slice(2)}` : cleaned;
    const parsed = parsePhoneNumberFromString(international);
    if (!parsed?.isValid()) {
      return { ok: false, raw, problem: "INVALID_PHONE", detail: "not a valid international number" };
    }
    return { ok: true, raw, e164: parsed.number, country: parsed.country ?? null };
  }

  const country = toCountryCode(context.country) ?? toCountryCode(context.defaultCountry);
  if (!country) {
    return {
      ok: false,
      raw,
      problem: "MISSING_COUNTRY_CODE",
      detail: "no + country code and no country to read it with",
    };
  }
  const parsed = parsePhoneNumberFromString(cleaned, country);
  if (parsed?.isValid()) return { ok: true, raw, e164: parsed.number, country: parsed.country ?? country };
  if (digits.length >= MIN_INTERNATIONAL_DIGITS && parsePhoneNumberFromString(`+${digits}`)?.isValid()) {
    // Digits that make a valid number only with a "+" in front: the "+" was
    // probably lost, but which country is meant is a guess we refuse to make.
    return {
      ok: false,
      raw,
      problem: "MISSING_COUNTRY_CODE",
      detail: `not valid in ${country}; looks like an international number without its "+"`,
    };
  }
  return { ok: false, raw, problem: "INVALID_PHONE", detail: `not a valid number in ${country}` };
}
