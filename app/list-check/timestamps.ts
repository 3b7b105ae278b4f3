/**
 * Timestamps as subscriber exports write them (see ./columns.ts for the
 * providers): ISO 8601, provider formats, month names, unix times and
 * numeric dates. A time without a zone is read in the file's zone; a date
 * that could be read two ways is null unless the file's date order is given.
 * Pure: no I/O, never reads the clock.
 */
import { cleanCell } from "./cell";

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
  /**
   * Read what the cell leaves out as its last instant, not its first: an
   * opt-out dated "2026-03-01" may have come at any time that day, and one at
   * "10:15" at any second of that minute, so neither is older than an opt-in
   * at 10:00 that day or at 10:15:30.
   */
  latestInstant?: boolean;
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

/**
 * The clock a cell writes ("HH:MM[:SS[.fraction]] [AM|PM]"), null when
 * malformed. What it leaves out is its first instant (a date alone is 00:00),
 * or its last with options.latestInstant (23:59:59.999; "10:15" is 10:15:59.999).
 */
function clockOf(
  hh: string | undefined,
  mm: string | undefined,
  ss: string | undefined,
  fraction: string | undefined,
  meridiem: string | undefined,
  options: TimestampOptions,
): ReturnType<typeof parseClock> {
  const clock = parseClock(hh, mm, ss, fraction, meridiem);
  if (!options.latestInstant || clock === null || fraction !== undefined) return clock;
  if (hh === undefined) return { hour: 23, minute: 59, second: 59, millis: 999 };
  if (ss === undefined) return { ...clock, second: 59, millis: 999 };
  return { ...clock, millis: 999 };
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
    const clock = clockOf(m[4], m[5], m[6], m[7], m[8], options);
    const offset = parseZone(m[9] ?? "");
    if (!clock || offset === null) return null;
    const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    return build({ ...date, ...clock, offsetMinutes: offset }, options);
  }

  m = ISO_BASIC.exec(text);
  if (m) {
    const clock = clockOf(m[4], m[5], m[6], m[7], undefined, options);
    const offset = parseZone(m[8] ?? "");
    if (!clock || offset === null) return null;
    const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    return build({ ...date, ...clock, offsetMinutes: offset }, options);
  }

  m = DAY_MONTH_NAME.exec(text);
  if (m) {
    const month = MONTHS.get((m[2] ?? "").toLowerCase());
    const clock = clockOf(m[4], m[5], m[6], m[7], m[8], options);
    const offset = parseZone(m[9] ?? "");
    if (month === undefined || !clock || offset === null) return null;
    return build({ year: Number(m[3]), month, day: Number(m[1]), ...clock, offsetMinutes: offset }, options);
  }

  m = MONTH_NAME_DAY.exec(text);
  if (m) {
    const month = MONTHS.get((m[1] ?? "").toLowerCase());
    const clock = clockOf(m[4], m[5], m[6], m[7], m[8], options);
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
    const clock = clockOf(m[4], m[5], m[6], m[7], m[8], options);
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
