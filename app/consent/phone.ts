/**
 * Phone normalisation to E.164 with libphonenumber's full metadata.
 * The rule is "never guess": a number without an international prefix is
 * only read with a country we were given (the row's or the shop's default).
 */
// The package's modern build of the same code and "max" metadata (its plain
// "max" entry is transpiled for old engines, with helpers that made parsing
// ~35% slower). phone.test.ts checks that both builds answer alike.
import {
  type CountryCode,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from "libphonenumber-js/max/es6";

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

/**
 * Words that say what kind of number it is, in the six languages we read:
 * "(mobile)", "(móvil)", "Handy:", "Tél. :"... They are labels, not part of
 * the number. Matched in parentheses or brackets, or followed by a colon.
 */
const LABEL_WORDS =
  "mobile|mob|mobil|cell|cellphone|cellular|phone|tel|tel\\.|telephone|whatsapp|wa|home|work|private|" +
  "m[oó]vil|celular|cel|tel[eé]fono|telefone|handy|handynummer|telefon|mobilnummer|privat|" +
  "portable|t[eé]l[eé]phone|t[eé]l\\.?|cellulare|cell\\.|numero|n[uú]mero";
const LABEL_IN_BRACKETS = new RegExp(String.raw`[(\[]\s*(?:${LABEL_WORDS})\s*[)\]]`, "giu");
const LABEL_WITH_COLON = new RegExp(String.raw`(?:^|\s)(?:${LABEL_WORDS})\s*:`, "giu");

/**
 * An extension after the number: "ext. 12", "x12", "#12", "Durchwahl 12",
 * "anexo 12", "poste 12", "interno 12", a dialling pause (",12", "p12", "w12")
 * or RFC 3966's ";ext=12". A WhatsApp number has none.
 */
const EXTENSION =
  /\d[\s)]*(?:;\s*ext\s*=|ext(?:ension|n)?\.?|x|#|,|p|w|durchwahl|dw\.?|nebenstelle|anexo|ramal|extensi[oó]n|poste|interno|int\.?)\s*:?\s*\d+\s*$/iu;

/** What EXTENSION matches, minus the number's own last digit. */
const EXTENSION_TAIL = new RegExp(EXTENSION.source.replace(/^\\d/, "(?<=\\d)"), "iu");

/** The raw phone without type labels such as "(mobile)" or "Handy:". */
export function withoutPhoneLabels(raw: string): string {
  // Most cells have no bracket or colon at all (hot path).
  if (!/[([:]/.test(raw)) return raw;
  return raw.replace(LABEL_IN_BRACKETS, " ").replace(LABEL_WITH_COLON, " ").trim();
}

/** Mexico dropped the "1" that once marked a mobile (+52 1 55...), but WhatsApp still writes it. */
function withoutMexicanMobileOne(international: string): string {
  const digits = international.replace(/\D/g, "");
  return digits.length === 13 && digits.startsWith("521") ? `+52${digits.slice(3)}` : international;
}

type ParsedPhone = NonNullable<ReturnType<typeof parsePhoneNumberFromString>>;

/**
 * One line, one number. Two countries write a mobile line two ways, and
 * WhatsApp knows it by one of them: Argentina dials a mobile with a 9 after
 * +54, which the same number written as a landline leaves out (+54 11 ... is
 * +54 9 11 ...); Brazil gave every mobile a ninth digit (+55 11 9xxxx-xxxx),
 * which numbers written before 2016, and the WhatsApp ids of older accounts,
 * lack. Unless both forms become one, an opt-out written in one form would
 * not stop an opt-in written in the other.
 */
function asWhatsAppLine(parsed: ParsedPhone): ParsedPhone {
  const national = parsed.nationalNumber;
  if (national.length !== 10) return parsed;
  if (parsed.countryCallingCode === "54" && !national.startsWith("9")) {
    // Argentina hands out each ten-digit number once, to a landline or a mobile,
    // so the mobile reading names the same line (or none on WhatsApp).
    const mobile = parsePhoneNumberFromString(`+549${national}`);
    if (mobile?.isValid() && mobile.getType() === "MOBILE") return mobile;
  }
  if (parsed.countryCallingCode === "55" && /^[1-9]{2}[6-9]/.test(national) && !parsed.isValid()) {
    const mobile = parsePhoneNumberFromString(`+55${national.slice(0, 2)}9${national.slice(2)}`);
    if (mobile?.isValid()) return mobile;
  }
  return parsed;
}

/**
 * The digits (no "+") of the other way a line normalised by asWhatsAppLine
 * may be written: +54 9 11 ... as +54 11 ..., +55 11 9xxxx-xxxx without its
 * ninth digit; null for every other number.
 */
export function otherFormOfLine(digits: string): string | null {
  if (digits.length === 13 && digits.startsWith("549")) return `54${digits.slice(3)}`;
  if (digits.length === 13 && digits.startsWith("55") && /^[1-9]{2}9[6-9]/.test(digits.slice(2)))
    return `55${digits.slice(2, 4)}${digits.slice(5)}`;
  return null;
}

/**
 * The digits of a phone as written, with labels and any extension taken off,
 * and whether it starts with an international prefix (+ or 00; the 00 is not
 * among the digits). Two readings when the text holds more than a number
 * ("+34 612 345 681 (call after 6)"): the number-like start alone, and every
 * digit; a third without a trailing ".0" ("14155552671.0", written by a
 * spreadsheet that took the number for a quantity). For matching an opt-out
 * whose number cannot be read.
 */
export function phoneDigitReadings(raw: string): { digits: string; international: boolean }[] {
  const cleaned = cleanPhoneInput(withoutPhoneLabels(raw)).replace(EXTENSION_TAIL, "");
  const start = /^[+\d\s()./-]*/.exec(cleaned)?.[0] ?? "";
  const readings = new Map<string, boolean>();
  // A spreadsheet that took the number for a quantity writes it with ".0" after it.
  const asQuantity = /\d\.0+$/.test(start) ? [start.replace(/\.0+$/, "")] : [];
  for (const text of [start, cleaned, ...asQuantity]) {
    const international = INTERNATIONAL.test(text);
    const digits = text.replace(/\D/g, "");
    const key = international && text.startsWith("00") ? digits.slice(2) : digits;
    if (key !== "" && !readings.has(key)) readings.set(key, international);
  }
  return [...readings].map(([digits, international]) => ({ digits, international }));
}

/**
 * The other number digits written without a "+" may be: read with a country
 * they gave `e164`, but with a "+" in front they are a valid number too
 * ("4915112345678" is +49 4915112345678 in Germany, and +49 15112345678 if
 * its "+" was lost). The digits (no "+"), or null when there is no other.
 * An opt-out must stop both.
 */
export function internationalReadingOf(raw: string, e164: string): string | null {
  const cleaned = cleanPhoneInput(withoutPhoneLabels(raw));
  if (INTERNATIONAL.test(cleaned)) return null;
  const digits = cleaned.replace(/\D/g, "");
  if (digits.length < MIN_INTERNATIONAL_DIGITS) return null;
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  const other = parsed?.isValid() ? asWhatsAppLine(parsed).number : null;
  return other !== null && other !== e164 ? other.slice(1) : null;
}

export function normalizePhone(
  rawInput: string | null | undefined,
  context: PhoneContext = {},
): NormalizedPhone {
  const raw = rawInput ?? "";
  const cleaned = cleanPhoneInput(withoutPhoneLabels(raw));
  const digits = cleaned.replace(/\D/g, "");
  if (digits.length === 0) return { ok: false, raw, problem: "INVALID_PHONE", detail: "no phone number" };
  if (digits.length < MIN_DIGITS) return { ok: false, raw, problem: "INVALID_PHONE", detail: "too short" };
  if (EXTENSION.test(cleaned)) {
    return {
      ok: false,
      raw,
      problem: "INVALID_PHONE",
      detail: "has an extension, which WhatsApp numbers never have",
    };
  }
  if (LETTER.test(cleaned)) return { ok: false, raw, problem: "INVALID_PHONE", detail: "contains letters" };

  if (INTERNATIONAL.test(cleaned)) {
    if (digits.length < MIN_INTERNATIONAL_DIGITS) {
      return { ok: false, raw, problem: "INVALID_PHONE", detail: "too short for an international number" };
    }
    const international = withoutMexicanMobileOne(
      cleaned.startsWith("00") ? `+${cleaned.slice(2)}` : cleaned,
    );
    const written = parsePhoneNumberFromString(international);
    const parsed = written && asWhatsAppLine(written);
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
  const written = parsePhoneNumberFromString(cleaned, country);
  const parsed = written && asWhatsAppLine(written);
  if (parsed?.isValid()) {
    // "4915112345678" in Germany: +49 4915112345678 as written, but +49 15112345678
    // if it starts with the country's own code because its "+" was lost. Which
    // number agreed is a guess we refuse to make.
    const other = internationalReadingOf(cleaned, parsed.number);
    if (other !== null && digits.startsWith(getCountryCallingCode(country))) {
      return {
        ok: false,
        raw,
        problem: "MISSING_COUNTRY_CODE",
        detail: `reads as two numbers in ${country}: a national one, or an international one without its "+"`,
      };
    }
    return { ok: true, raw, e164: parsed.number, country: parsed.country ?? country };
  }
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
