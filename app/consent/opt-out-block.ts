/**
 * Opt-outs whose phone cannot be read. Such a row has no E.164 number to
 * dedupe on, but dropping it would let the same person's older opt-in be
 * exported: it blocks every number it could be instead. Numbers are compared
 * as digits only:
 * - the digits as written ("+34 612 345 681 (call me)" blocks +34612345681;
 *   "34612345681" too, its "+" may have been lost);
 * - an international number with a trunk zero after its country code, which
 *   E.164 leaves out ("+44 (0)7911 123456" blocks +447911123456);
 * - the national digits under any country code ("612 345 681" without a
 *   country blocks +34612345681, and +33612345681 alike), leading zeros of a
 *   trunk prefix ignored;
 * - the national number libphonenumber reads under the row's or the file's
 *   country (for trunk prefixes other than 0), and under Argentina's and
 *   Brazil's rules whatever the country ("011 15-1234-5678");
 * - each of several numbers in one cell, split at "/", ",", words, a "+"
 *   and the like; numbers written together with nothing between them (more
 *   digits than one number holds) block every number found inside them;
 * - the form WhatsApp knows an Argentine or Brazilian line by ("+54 11 ..."
 *   blocks +54 9 11 ..., see otherFormOfLine).
 * Blocking too much is the safe error here. Pure: no I/O.
 */
import { getCountries, getCountryCallingCode, parsePhoneNumberFromString } from "libphonenumber-js/max/es6";
import { otherFormOfLine, phoneDigitReadings, toCountryCode } from "./phone";

/** Fewer national digits than this describe no number worth blocking. */
const MIN_NATIONAL_DIGITS = 4;
/** E.164 holds at most 15 digits: more in one reading means numbers written together. */
const MAX_NUMBER_DIGITS = 15;
/** A number is looked for inside run-together digits from this many national digits on (fewer match by chance). */
const MIN_DIGITS_IN_A_RUN = 6;

// Built at load rather than on first use: a cache filled by whichever test
// ran first would hide a broken set from the tests that come after it.
const CALLING_CODES: ReadonlySet<string> = new Set(
  getCountries().map((country) => getCountryCallingCode(country)),
);

/** The country calling codes (one to three digits) these digits could start with. */
function callingCodesAtStart(digits: string): string[] {
  const codes: string[] = [];
  for (let length = 1; length <= 3; length++) {
    const prefix = digits.slice(0, length);
    if (CALLING_CODES.has(prefix)) codes.push(prefix);
  }
  return codes;
}

const withoutLeadingZeros = (digits: string) => digits.replace(/^0+/, "");

/**
 * Countries whose national writing of a mobile differs from its international
 * digits by more than a trunk zero: Argentina's "15" after the area code
 * ("011 15-1234-5678" is +54 9 11 1234 5678), Brazil's carrier code after the
 * zero ("0 21 11 98765-4321" is +55 11 98765-4321). An unreadable opt-out is
 * read as theirs too, whatever country the row or the file names.
 */
const NATIONAL_FORMS_APART = ["AR", "BR"];

/** One unreadable opt-out, as the digit keys it blocks (plain data: it crosses worker threads). */
export interface BlockKeys {
  /** Full international digits (no "+"). */
  full: string[];
  /** National digits without leading zeros, under any country code. */
  national: string[];
  /** Digits of numbers written together, more than one number can hold: any number inside them is blocked. */
  runs?: string[];
}

/** The keys an opt-out with this unreadable phone blocks; null when it holds too few digits to mean a number. */
export function blockKeysOf(raw: string, countries: readonly (string | null)[]): BlockKeys | null {
  const national = new Set<string>();
  const full = new Set<string>();
  // Two numbers in one cell ("+34 612 345 681 / +34 612 345 682", "... or ..."):
  // each part between characters that never stand inside a number is read on its own too.
  // A "+" starts another number ("+34 612 345 681 +34 612 345 682").
  const parts = [raw, ...raw.split(/[^\d\s+().-]/u), ...raw.split(/(?=\+)/u)];
  const runs = new Set<string>();
  for (const { digits, international } of parts.flatMap(phoneDigitReadings)) {
    if (digits.length < MIN_NATIONAL_DIGITS) continue;
    if (digits.length > MAX_NUMBER_DIGITS) runs.add(digits);
    full.add(digits);
    // WhatsApp's way of writing a Mexican mobile: +52 1 and ten digits.
    if (digits.length === 13 && digits.startsWith("521")) full.add(`52${digits.slice(3)}`);
    // "+44 (0)7911 123456" is +447911123456: the zero is the UK's trunk prefix
    // (its "+" may have been lost too). Where a zero belongs to the number
    // (Italy's +39 06...), this blocks one more number than written, the safe error.
    for (const code of callingCodesAtStart(digits))
      full.add(code + withoutLeadingZeros(digits.slice(code.length)));
    if (international) continue;
    national.add(withoutLeadingZeros(digits));
    for (const value of [...countries, ...NATIONAL_FORMS_APART]) {
      const country = toCountryCode(value);
      const parsed = country ? parsePhoneNumberFromString(digits, country) : undefined;
      if (parsed) national.add(withoutLeadingZeros(parsed.nationalNumber));
    }
  }
  const nationalKeys = [...national].filter((key) => key.length >= MIN_NATIONAL_DIGITS);
  if (full.size === 0) return null;
  return runs.size === 0
    ? { full: [...full], national: nationalKeys }
    : { full: [...full], national: nationalKeys, runs: [...runs] };
}

export class UnreadableOptOuts {
  private readonly full = new Map<string, number>();
  private readonly national = new Map<string, number>();
  private readonly runs: { digits: string; line: number }[] = [];

  /**
   * Records an opt-out by its line (or any number that identifies it). When
   * several block a number, the lowest line is named, whatever order they came in.
   */
  add(keys: BlockKeys, line: number): void {
    for (const key of keys.full) this.full.set(key, Math.min(line, this.full.get(key) ?? line));
    for (const key of keys.national) this.national.set(key, Math.min(line, this.national.get(key) ?? line));
    for (const digits of keys.runs ?? []) this.runs.push({ digits, line });
  }

  get size(): number {
    return this.full.size + this.national.size + this.runs.length;
  }

  /** The line of an opt-out that blocks this E.164 number, or undefined. */
  blockerOf(phoneE164: string): number | undefined {
    if (this.full.size === 0 && this.national.size === 0) return undefined;
    const digits = phoneE164.startsWith("+") ? phoneE164.slice(1) : phoneE164;
    const other = otherFormOfLine(digits);
    let blocker: number | undefined;
    for (const form of other === null ? [digits] : [digits, other]) {
      const byFull = this.full.get(form);
      if (byFull !== undefined) blocker = Math.min(byFull, blocker ?? byFull);
      for (const code of callingCodesAtStart(form)) {
        const national = withoutLeadingZeros(form.slice(code.length));
        const byNational = this.national.get(national);
        if (byNational !== undefined) blocker = Math.min(byNational, blocker ?? byNational);
        if (national.length < MIN_DIGITS_IN_A_RUN) continue;
        for (const run of this.runs)
          if (run.digits.includes(national)) blocker = Math.min(run.line, blocker ?? run.line);
      }
    }
    return blocker;
  }
}
