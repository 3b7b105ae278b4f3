/**
 * Cell-value parsing for `wa-consent check-list`: consent flags, consent
 * states, opt-out cells and country values as other providers export them
 * (see the research notes at the top of ./columns.ts); timestamps are
 * ./timestamps.ts's, re-exported here.
 *
 * Pure: standard library only, no I/O, never reads the clock. Every parser
 * returns null rather than guess (an ambiguous "03/04/2024" is null unless the
 * caller states the file's date order).
 */

import { cleanCell } from "./cell";
import { readTimestamp, type TimestampOptions } from "./timestamps";
import { NEVER_WORDS, NO_WORDS, OPTED_IN_WORDS, OPTED_OUT_WORDS, YES_WORDS } from "./words-i18n";

export { cleanCell } from "./cell";
export { parseTimestamp, readTimestamp, type TimestampOptions } from "./timestamps";

/**
 * A consent state as an export states it.
 * - `opted_in`: subscribed / yes / true / confirmed ...
 * - `opted_out`: an explicit withdrawal (unsubscribed, opted out, STOP ...)
 * - `never`: no consent on record (never subscribed, not subscribed, a plain "no", pending)
 * - `transactional`: transactional-only permission, which is not marketing consent
 * - null: empty or unrecognised
 */
export type OptInState = "opted_in" | "opted_out" | "never" | "transactional";

/** Lower-case, accents dropped, everything but letters and digits removed. */
function valueKey(value: string): string {
  // Most cells are plain ASCII: skip Unicode normalisation for them (hot path).
  if (/^[\x20-\x7e]*$/.test(value)) return value.toLowerCase().replace(/[^a-z0-9]/g, "");
  return value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

function keys(words: readonly string[]): Set<string> {
  return new Set(words.map(valueKey));
}

/** Bare yes/no words, in the six languages: their meaning flips in an opt-OUT column (see parseOptOut). */
const BARE_TRUE = keys(["true", "t", "yes", "y", "1", "on", "x", "checked", ...YES_WORDS]);
const BARE_FALSE = keys(["false", "f", "no", "n", "0", "off", "unchecked", ...NO_WORDS]);

const STATE_WORDS: ReadonlyMap<string, OptInState> = new Map<string, OptInState>([
  ...[
    "subscribed",
    "subscribe", // Klaviyo's import spelling
    "opted_in",
    "opted-in",
    "optedin",
    "opt_in",
    "opt-in",
    "confirmed",
    "confirmed_opt_in", // Shopify's opt-in level
    "single_opt_in",
    "double_opt_in",
    "consented",
    "consent_given",
    "granted",
    "accepted",
    "agreed",
    "active",
    "marketing", // Attentive-style subscription type
    "marketing_and_transactional",
    ...OPTED_IN_WORDS,
  ].map((w): [string, OptInState] => [valueKey(w), "opted_in"]),
  ...[
    "unsubscribed",
    "unsubscribe",
    "opted_out",
    "opted-out",
    "optedout",
    "opt_out",
    "opt-out",
    "stop",
    "stopped",
    "revoked",
    "withdrawn",
    "consent_withdrawn",
    "suppressed",
    "cancelled",
    "canceled",
    "redacted", // Shopify: personal data erased
    ...OPTED_OUT_WORDS,
  ].map((w): [string, OptInState] => [valueKey(w), "opted_out"]),
  ...[
    "never_subscribed",
    "never subscribed",
    "not_subscribed",
    "not subscribed",
    "non_subscribed",
    "nonsubscribed",
    "not_opted_in",
    "no_consent",
    "none",
    "pending", // awaiting confirmation: not consent yet
    "invalid",
    "declined",
    "rejected",
    "refused",
    "denied",
    "inactive",
    ...NEVER_WORDS,
  ].map((w): [string, OptInState] => [valueKey(w), "never"]),
  ...["transactional", "transactional_only"].map((w): [string, OptInState] => [valueKey(w), "transactional"]),
]);

/**
 * A cell that asks rather than answers: a question mark ("yes?", "¿sí?"), a
 * footnote star ("TRUE*": yes, with a condition written elsewhere), or a
 * number with a sign or a fraction ("-1", "+1", "1.0"), which is no plain 1
 * or 0 (some systems write true as -1, others unknown). Comparing without
 * punctuation would read each as a plain yes or no.
 */
function isDoubtful(cell: string): boolean {
  if (/[?¿*]/.test(cell)) return true;
  return /\d/.test(cell) && /^[^\p{L}]*$/u.test(cell) && !/^\d+$/.test(cell);
}

/**
 * State words that, in an opt-out column, say there is no opt-out: the person
 * is subscribed, or never was. Other state words there leave it open: a
 * refusal, "pending", "inactive" or "transactional" is no consent to keep,
 * and "confirmed" or "accepted" may confirm the opt-out itself.
 */
const STILL_SUBSCRIBED = keys([
  "subscribed",
  "subscribe",
  "opted_in",
  "opt_in",
  "single_opt_in",
  "double_opt_in",
  "confirmed_opt_in",
  "active",
  "suscrito",
  "suscrita",
  "dado de alta",
  "inscrito",
  "inscrita",
  "assinante",
  "abonniert",
  "angemeldet",
  "inscrit",
  "inscrite",
  "abonné",
  "abonnée",
  "iscritto",
  "iscritta",
  "never_subscribed",
  "not_subscribed",
  "non_subscribed",
  "nonsubscribed",
  "not_opted_in",
  "none",
  "no suscrito",
  "nunca suscrito",
  "não inscrito",
  "nunca inscrito",
  "nicht angemeldet",
  "nie angemeldet",
  "nicht abonniert",
  "non inscrit",
  "jamais inscrit",
  "non iscritto",
  "mai iscritto",
]);

/** The consent state a cell states, or null when empty, unrecognised or doubtful. */
export function parseOptInState(value: string | null | undefined): OptInState | null {
  const cell = cleanCell(value);
  const key = valueKey(cell);
  if (key === "" || isDoubtful(cell)) return null;
  if (BARE_TRUE.has(key)) return "opted_in";
  if (BARE_FALSE.has(key)) return "never";
  return STATE_WORDS.get(key) ?? null;
}

/**
 * true for yes/true/y/1/subscribed/opted in/confirmed...; false for
 * no/false/n/0/unsubscribed/opted out/never subscribed/transactional...;
 * null for empty or unrecognised (never a guess).
 */
export function parseFlag(value: string | null | undefined): boolean | null {
  const state = parseOptInState(value);
  if (state === null) return null;
  return state === "opted_in";
}

/**
 * Reads an `opted_out_at` cell, which holds either a date (Postscript's
 * opt_out_time, "Unsubscribed At") or a flag (Attentive's opt_out column).
 * In a flag column a bare true/yes means "opted out".
 * Empty: nothing recorded, `{ optedOut: false, at: null }`; unrecognised: `optedOut: null`.
 */
export function parseOptOut(
  value: string | null | undefined,
  options: TimestampOptions = {},
): { optedOut: boolean | null; at: Date | null; zoneless?: boolean } {
  const cell = cleanCell(value);
  if (cell === "") return { optedOut: false, at: null };
  const key = valueKey(cell);
  // "no?" is no answer: an opt-out is not ruled out.
  if (isDoubtful(cell) && readTimestamp(cell, options) === null) return { optedOut: null, at: null };
  if (BARE_TRUE.has(key)) return { optedOut: true, at: null };
  if (BARE_FALSE.has(key)) return { optedOut: false, at: null };
  const state = STATE_WORDS.get(key);
  if (state === "opted_out") return { optedOut: true, at: null };
  if (state !== undefined) return { optedOut: STILL_SUBSCRIBED.has(key) ? false : null, at: null };
  const read = readTimestamp(cell, { ...options, latestInstant: true });
  return read ? { optedOut: true, at: read.at, zoneless: read.zoneless } : { optedOut: null, at: null };
}

// ---------------------------------------------------------------------------
// Countries

const COUNTRY_ALIASES: ReadonlyArray<readonly [string, string]> = [
  ["usa", "US"],
  ["u.s.", "US"],
  ["u.s.a.", "US"],
  ["united states of america", "US"],
  ["america", "US"],
  ["uk", "GB"],
  ["u.k.", "GB"],
  ["great britain", "GB"],
  ["britain", "GB"],
  ["england", "GB"],
  ["scotland", "GB"],
  ["wales", "GB"],
  ["northern ireland", "GB"],
  ["holland", "NL"],
  ["the netherlands", "NL"],
  ["czech republic", "CZ"],
  ["turkey", "TR"],
  ["russia", "RU"],
  ["russian federation", "RU"],
  ["south korea", "KR"],
  ["korea", "KR"],
  ["republic of korea", "KR"],
  ["uae", "AE"],
  ["ivory coast", "CI"],
  ["cote d'ivoire", "CI"],
  ["macedonia", "MK"],
  ["swaziland", "SZ"],
  ["burma", "MM"],
  ["vatican", "VA"],
  ["deutschland", "DE"],
  ["espana", "ES"],
  ["españa", "ES"],
  ["brasil", "BR"],
  ["mexico", "MX"],
  ["méxico", "MX"],
  ["italia", "IT"],
  ["schweiz", "CH"],
  ["suisse", "CH"],
  ["österreich", "AT"],
  ["nederland", "NL"],
  ["belgique", "BE"],
  ["belgië", "BE"],
];

/** Not countries: EU, Eurozone, UN, outlying/pseudo regions, unknown. */
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"]);

let countryTables: { names: Map<string, string>; codes: Set<string> } | null = null;

function countryTable(): { names: Map<string, string>; codes: Set<string> } {
  if (countryTables) return countryTables;
  const table = new Map<string, string>();
  try {
    const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
    const A = "A".charCodeAt(0);
    for (let i = 0; i < 26; i++) {
      for (let j = 0; j < 26; j++) {
        const code = String.fromCharCode(A + i, A + j);
        if (NOT_COUNTRIES.has(code)) continue;
        // Skip retired aliases (UK → GB, FX → FR, YU → RS...): they share a name with the real code.
        if (Intl.getCanonicalLocales(`und-${code}`)[0] !== `und-${code}`) continue;
        const name = names.of(code);
        if (name && name !== code) table.set(valueKey(name), code);
      }
    }
  } catch {
    // No ICU region names: two-letter codes and the aliases still work.
  }
  for (const [alias, code] of COUNTRY_ALIASES) table.set(valueKey(alias), code);
  countryTables = { names: table, codes: new Set(table.values()) };
  return countryTables;
}

/**
 * An ISO 3166-1 alpha-2 code from a country cell: "US", "us", "United States",
 * "USA", "UK", "Deutschland"... null when empty or unknown. A dialling code
 * ("+44") is not a country and returns null.
 */
export function parseCountryCode(value: string | null | undefined): string | null {
  const text = cleanCell(value);
  if (text === "") return null;
  const { names, codes } = countryTable();
  if (/^[A-Za-z]{2}$/.test(text)) {
    const code = text.toUpperCase();
    if (code === "UK") return "GB";
    return codes.has(code) ? code : null;
  }
  return names.get(valueKey(text)) ?? null;
}
