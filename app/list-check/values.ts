/**
 * Cell-value parsing for `wa-consent check-list`: consent flags, consent
 * states, timestamps, opt-out cells and country values as other providers
 * export them (see the research notes at the top of ./columns.ts).
 *
 * Pure: standard library only, no I/O, never reads the clock. Every parser
 * returns null rather than guess (an ambiguous "03/04/2024" is null unless the
 * caller states the file's date order).
 */

import { NEVER_WORDS, NO_WORDS, OPTED_IN_WORDS, OPTED_OUT_WORDS, YES_WORDS } from "./words-i18n";

/** Trim a raw CSV cell; "" for null/undefined. Strips Shopify's leading apostrophe. */
export function cleanCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  let out = String(value).trim();
  // Shopify prefixes IDs, phones and zips with ' so spreadsheets keep them as text.
  if (out.startsWith("'")) out = out.slice(1).trim();
  return out;
}

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

/** The consent state a cell states, or null when empty or unrecognised. */
export function parseOptInState(value: string | null | undefined): OptInState | null {
  const key = valueKey(cleanCell(value));
  if (key === "") return null;
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
  if (BARE_TRUE.has(key)) return { optedOut: true, at: null };
  if (BARE_FALSE.has(key)) return { optedOut: false, at: null };
  const state = STATE_WORDS.get(key);
  if (state !== undefined) return { optedOut: state === "opted_out", at: null };
  const read = readTimestamp(cell, options);
  return read ? { optedOut: true, at: read.at, zoneless: read.zoneless } : { optedOut: null, at: null };
}

// ---------------------------------------------------------------------------
// Timestamps

export interface TimestampOptions {
  /**
   * How to read a date such as "03/04/2024" that could be either order.
   * Unset (the default): such a date is ambiguous and parses to null; one
   * that can only be read one way (25/03/2024, 03/25/2024, 03/03/2024) is
   * read that way. "mdy": US order, as Klaviyo's CSV import documents
   * (MM/DD/YYYY). "dmy": day first. Dotted dates (04.03.2024) are German
   * style, always day first.
   */
  slashDates?: "mdy" | "dmy" | null;
  /** The IANA zone of times written without a zone ("Europe/Madrid"); UTC when unset. */
  timeZone?: string;
}

/** A timestamp read from a cell; `zoneless` when the cell named no zone and `timeZone` was applied. */
export interface ReadTimestamp {
  at: Date;
  zoneless: boolean;
}

const MONTHS: ReadonlyMap<string, number> = new Map([
  ["jan", 1],
  ["january", 1],
  ["feb", 2],
  ["february", 2],
  ["mar", 3],
  ["march", 3],
  ["apr", 4],
  ["april", 4],
  ["may", 5],
  ["jun", 6],
  ["june", 6],
  ["jul", 7],
  ["july", 7],
  ["aug", 8],
  ["august", 8],
  ["sep", 9],
  ["sept", 9],
  ["september", 9],
  ["oct", 10],
  ["october", 10],
  ["nov", 11],
  ["november", 11],
  ["dec", 12],
  ["december", 12],
]);

/**
 * A zone suffix: Z, UTC, GMT, +05:30, -0500, +01, "+0000 UTC", "GMT+0100",
 * optionally followed by a "(Zone Name)" comment. Returns the offset in minutes
 * east of UTC; undefined when there is no zone at all ("", or only a comment);
 * null when the text is not a zone we can read exactly.
 */
function parseZone(text: string): number | null | undefined {
  const zone = text
    .trim()
    .replace(/\s*\([^)]*\)$/, "")
    .trim();
  if (zone === "") return undefined;
  if (/^(?:z|utc|gmt)$/i.test(zone)) return 0;
  const m = /^(?:(?:utc|gmt)\s*)?([+-])(\d{2})(?::?(\d{2}))?(?:\s*(?:utc|gmt))?$/i.exec(zone);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? "0");
  if (hours > 14 || minutes > 59) return null;
  const sign = m[1] === "-" ? -1 : 1;
  return sign * (hours * 60 + minutes);
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  /** undefined: no zone was written, read the time in options.timeZone. */
  offsetMinutes: number | undefined;
}

function build(p: Parts, options: TimestampOptions): ReadTimestamp | null {
  const { year, month, day, hour, minute, second, millis, offsetMinutes } = p;
  if (year < 1000 || year > 9999) return null;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  const wallClock = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const utc =
    offsetMinutes === undefined
      ? wallClockToUtc(wallClock, options.timeZone)
      : wallClock - offsetMinutes * 60_000;
  const date = new Date(utc);
  return Number.isNaN(date.getTime()) ? null : { at: date, zoneless: offsetMinutes === undefined };
}

/** "HH:MM[:SS[.fraction]] [AM|PM]" → parts; null when malformed. */
function parseClock(
  hh: string | undefined,
  mm: string | undefined,
  ss: string | undefined,
  fraction: string | undefined,
  meridiem: string | undefined,
): { hour: number; minute: number; second: number; millis: number } | null {
  if (hh === undefined) return { hour: 0, minute: 0, second: 0, millis: 0 };
  let hour = Number(hh);
  const minute = Number(mm ?? "0");
  const second = Number(ss ?? "0");
  const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, "0")) : 0;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    const pm = meridiem.toLowerCase().startsWith("p");
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  return { hour, minute, second, millis };
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*([ap]\.?m\.?))?`;

// 2024-01-15, 2024-01-15T10:23:45.123Z, 2024-01-15 10:23:45 -0500, 2024/01/15 10:23 UTC
const ISO_LIKE = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:t|\s+)${TIME})?(.*)$`, "i");
// ISO 8601 basic format: 20240115, 20240115T102345Z, 20240115T1023+0100
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})(?:[tT](\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?)?(.*)$/;
// 15 Jan 2024 [10:23[:45] [PM]] [zone], optionally after "Mon, "
const DAY_MONTH_NAME = new RegExp(
  String.raw`^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4})(?:,?\s+(?:at\s+)?${TIME})?(.*)$`,
  "i",
);
// Jan 15, 2024 [at] [10:23[:45] [PM]] [zone], optionally after "Monday, "
const MONTH_NAME_DAY = new RegExp(
  String.raw`^(?:[a-z]+,?\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(?:at\s+)?${TIME})?(.*)$`,
  "i",
);
// 03/04/2024, 3-4-24, 30.09.2014 13:34 — read when only one order makes a date, or with slashDates
const NUMERIC_DMY = new RegExp(
  String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:,?\s+${TIME})?(.*)$`,
  "i",
);

function fromUnix(digits: string): Date | null {
  const [whole = "", fraction] = digits.split(".");
  let millis: number;
  if (whole.length >= 12 && whole.length <= 13 && fraction === undefined) {
    millis = Number(whole); // milliseconds
  } else if (whole.length >= 9 && whole.length <= 10) {
    millis = Math.round(Number(`${whole}.${fraction ?? "0"}`) * 1000); // seconds
  } else {
    return null;
  }
  // A consent timestamp between 1973 and 2100; anything else is not a unix time.
  if (millis < 1e11 || millis > 4_102_444_800_000) return null;
  return new Date(millis);
}

/**
 * Parses the timestamp formats seen in subscriber exports; returns null when the
 * value is empty, malformed or ambiguous. A value with no zone is read in
 * `options.timeZone` (UTC when unset).
 *
 * - ISO 8601: `2024-01-15`, `2024-01-15T10:23:45Z`, `2024-01-15T10:23:45.123456+05:30`, basic `20240115T102345Z`
 * - `YYYY-MM-DD HH:MM[:SS[.ffffff]] [+ZZZZ|+ZZ:ZZ|UTC|GMT]` (Shopify's order export, Klaviyo, Postscript)
 * - month names: `15 Jan 2024 10:23`, `Jan 15, 2024 3:04 PM`, `Mon, 15 Jan 2024 10:23:45 +0000`
 * - unix seconds (10 digits, optional fraction) or milliseconds (13 digits)
 * - `25/03/2024`, `03/25/2024`, `04.03.2024` (day first); `03/04/2024` only with `options.slashDates`
 */
export function parseTimestamp(
  value: string | null | undefined,
  options: TimestampOptions = {},
): Date | null {
  return readTimestamp(value, options)?.at ?? null;
}

/** parseTimestamp, also saying whether the cell named no zone (so options.timeZone was applied). */
export function readTimestamp(
  value: string | null | undefined,
  options: TimestampOptions = {},
): ReadTimestamp | null {
  const text = cleanCell(value);
  if (text === "") return null;

  if (/^\d+(?:\.\d+)?$/.test(text) && !/^\d{8}$/.test(text)) {
    const at = fromUnix(text);
    return at ? { at, zoneless: false } : null;
  }

  let m = ISO_LIKE.exec(text);
  if (m) {
    const clock = parseClock(m[4], m[5], m[6], m[7], m[8]);
    const offset = parseZone(m[9] ?? "");
    if (!clock || offset === null) return null;
    const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    return build({ ...date, ...clock, offsetMinutes: offset }, options);
  }

  m = ISO_BASIC.exec(text);
  if (m) {
    const clock = parseClock(m[4], m[5], m[6], m[7], undefined);
    const offset = parseZone(m[8] ?? "");
    if (!clock || offset === null) return null;
    const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    return build({ ...date, ...clock, offsetMinutes: offset }, options);
  }

  m = DAY_MONTH_NAME.exec(text);
  if (m) {
    const month = MONTHS.get((m[2] ?? "").toLowerCase());
    const clock = parseClock(m[4], m[5], m[6], m[7], m[8]);
    const offset = parseZone(m[9] ?? "");
    if (month === undefined || !clock || offset === null) return null;
    return build({ year: Number(m[3]), month, day: Number(m[1]), ...clock, offsetMinutes: offset }, options);
  }

  m = MONTH_NAME_DAY.exec(text);
  if (m) {
    const month = MONTHS.get((m[1] ?? "").toLowerCase());
    const clock = parseClock(m[4], m[5], m[6], m[7], m[8]);
    const offset = parseZone(m[9] ?? "");
    if (month === undefined || !clock || offset === null) return null;
    return build({ year: Number(m[3]), month, day: Number(m[2]), ...clock, offsetMinutes: offset }, options);
  }

  m = NUMERIC_DMY.exec(text);
  if (m) {
    const first = Number(m[1]);
    const second = Number(m[2]);
    const order = numericDateOrder(text, first, second, options.slashDates);
    if (order === null) return null;
    const rawYear = m[3] ?? "";
    const year = rawYear.length === 2 ? 2000 + Number(rawYear) : Number(rawYear);
    const clock = parseClock(m[4], m[5], m[6], m[7], m[8]);
    const offset = parseZone(m[9] ?? "");
    if (!clock || offset === null) return null;
    const [month, day] = order === "mdy" ? [first, second] : [second, first];
    return build({ year, month, day, ...clock, offsetMinutes: offset }, options);
  }

  return null;
}

/**
 * Which order a numeric date is in: dotted dates (04.03.2024) are day first,
 * as German writes them; otherwise the stated order, or the only order that
 * makes a date (25/03 is day first, 03/25 month first, 03/03 either way);
 * null when it stays ambiguous.
 */
function numericDateOrder(
  text: string,
  first: number,
  second: number,
  stated: "dmy" | "mdy" | null | undefined,
): "dmy" | "mdy" | null {
  if (/^\d{1,2}\.\d{1,2}\./.test(text)) return "dmy";
  if (stated) return stated;
  if (first === second || (first > 12 && second <= 12)) return "dmy";
  if (second > 12 && first <= 12) return "mdy";
  return null;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes `timeZone` is ahead of UTC at the instant `utc` (ms). */
function zoneOffsetAt(utc: number, timeZone: string): number {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    zoneFormats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(utc))) parts[part.type] = Number(part.value);
  const shown = Date.UTC(
    parts.year as number,
    (parts.month as number) - 1,
    parts.day as number,
    parts.hour as number,
    parts.minute as number,
    parts.second as number,
  );
  return Math.round((shown - (utc - (((utc % 1000) + 1000) % 1000))) / 60_000);
}

/**
 * The UTC instant at which clocks in `timeZone` show `wallClock` (given as if
 * it were UTC). In a spring-forward gap the time is read with the offset
 * before the change; in an autumn overlap, the earlier of the two instants.
 */
function wallClockToUtc(wallClock: number, timeZone: string | undefined): number {
  if (timeZone === undefined || timeZone === "UTC") return wallClock;
  // The offsets a day either side: the same unless the clocks change in between.
  const before = zoneOffsetAt(wallClock - 86_400_000, timeZone) * 60_000;
  const after = zoneOffsetAt(wallClock + 86_400_000, timeZone) * 60_000;
  const fits = (offset: number) => zoneOffsetAt(wallClock - offset, timeZone) * 60_000 === offset;
  if (fits(before)) return wallClock - before;
  if (fits(after)) return wallClock - after;
  return wallClock - before;
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
