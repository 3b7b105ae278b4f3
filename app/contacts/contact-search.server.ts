/**
 * Search of the contacts page: a prefix match that an index can answer at a
 * million contacts (a `LIKE '%x%'` would read every row).
 * - Something that looks like a phone number matches the start of the E.164
 *   number (digits, with or without the +: "34 611" finds +34611...), or,
 *   typed the way the customer gave it ("0809 985 0632"), the E.164 numbers
 *   it is a complete, valid national number for in some country.
 * - Something with an @ matches the start of the email (lower-cased, as
 *   Shopify stores emails).
 * - Anything else matches the start of the first or the last name, as typed,
 *   lower-cased or capitalised, or the start of the email; "Ana Gar" also
 *   matches first name Ana with a last name starting Gar.
 * Each is a range over an index that starts with the shop.
 */
import { getCountries } from "libphonenumber-js/max/es6";
import { normalizePhone } from "../consent/phone";
import { join, raw, type Sql, sql } from "../generated/prisma/internal/prismaNamespace";

/** Sorts after every character, so [prefix, prefix + END) holds exactly the values starting with prefix. */
const END = "\u{10FFFF}";

function startsWith(column: string, prefix: string): Sql {
  const quoted = raw(`"${column}"`);
  return sql`(${quoted} >= ${prefix} AND ${quoted} < ${prefix + END})`;
}

function capitalised(word: string): string {
  return word.charAt(0).toLocaleUpperCase() + word.slice(1).toLocaleLowerCase();
}

function spellings(word: string): string[] {
  return [...new Set([word, word.toLocaleLowerCase(), capitalised(word)])];
}

function either(terms: Sql[]): Sql {
  return sql`(${join(terms, " OR ")})`;
}

export type SearchKind = "phone" | "email" | "name";

export function searchKind(query: string): SearchKind {
  if (query.includes("@")) return "email";
  if (/^[+\d][\d\s().-]*$/.test(query) && /\d{2}/.test(query.replace(/\D/g, ""))) return "phone";
  return "name";
}

/** The alternatives a search matches, each a conjunction of index ranges. */
export function searchArms(query: string): Sql[] {
  const kind = searchKind(query);
  if (kind === "phone") {
    const digits = query.replace(/\D/g, "").replace(/^00/, "");
    const national = nationalCandidates(query).map((e164) => sql`"phoneE164" = ${e164}`);
    return [startsWith("phoneE164", `+${digits}`), ...national];
  }
  if (kind === "email") return [startsWith("email", query.toLocaleLowerCase())];
  const words = query.split(/\s+/);
  const whole = [
    ...spellings(query).flatMap((text) => [startsWith("firstName", text), startsWith("lastName", text)]),
    startsWith("email", query.toLocaleLowerCase()),
  ];
  if (words.length < 2) return whole;
  const [first = "", ...rest] = words;
  // The first word counts as a whole first name: (shop, firstName, lastName) then
  // holds exactly the matches as one range, however common the first name is.
  const firstAndLast = spellings(first).flatMap((given) =>
    spellings(rest.join(" ")).map(
      (family) => sql`("firstName" = ${given} AND ${startsWith("lastName", family)})`,
    ),
  );
  return [...whole, ...firstAndLast];
}

/** No country's national numbers are this short; below it every country would be tried for nothing. */
const MIN_NATIONAL_DIGITS = 6;

/**
 * The E.164 numbers a number written without its country code stands for:
 * each country in which it is a complete, valid number. A handful at most
 * (each becomes one indexed equality), and only for a number that starts
 * the national way (no + or 00).
 */
export function nationalCandidates(query: string): string[] {
  const trimmed = query.trim();
  if (/^(\+|00)/.test(trimmed) || trimmed.replace(/\D/g, "").length < MIN_NATIONAL_DIGITS) return [];
  const found = new Set<string>();
  for (const country of getCountries()) {
    const phone = normalizePhone(trimmed, { country });
    if (phone.ok) found.add(phone.e164);
  }
  return [...found];
}

export function searchCondition(query: string): Sql {
  return either(searchArms(query));
}
