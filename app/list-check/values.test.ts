/**
 * Dates as people write them: the file's time zone for times without one,
 * the file's date order for 03/04/2026, and dates only one order can read.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseOptInState, parseOptOut, readTimestamp } from "./values";

const iso = (value: string, options = {}) => readTimestamp(value, options)?.at.toISOString() ?? null;

describe("times without a zone", () => {
  it.each([
    ["2026-03-01 10:00:00", "Europe/Madrid", "2026-03-01T09:00:00.000Z"],
    ["2026-07-01 10:00:00", "Europe/Madrid", "2026-07-01T08:00:00.000Z"],
    ["2026-03-01T10:00", "America/New_York", "2026-03-01T15:00:00.000Z"],
    ["2026-03-01", "America/Sao_Paulo", "2026-03-01T03:00:00.000Z"],
    ["Mar 1, 2026 3:04 PM", "Asia/Kolkata", "2026-03-01T09:34:00.000Z"],
    ["25/03/2026 10:00", "Europe/Berlin", "2026-03-25T09:00:00.000Z"],
    ["2026-03-01 10:00:00", "UTC", "2026-03-01T10:00:00.000Z"],
  ])("%s in %s is %s", (value, timeZone, expected) => {
    expect(readTimestamp(value, { timeZone })).toEqual({ at: new Date(expected), zoneless: true });
  });

  it("leaves a time that names its zone alone, and says it was not read in the file's zone", () => {
    for (const value of ["2026-03-01T10:00:00Z", "2026-03-01 10:00:00 +0000", "1772359200"]) {
      expect(readTimestamp(value, { timeZone: "Europe/Madrid" })).toEqual({
        at: new Date("2026-03-01T10:00:00.000Z"),
        zoneless: false,
      });
    }
  });

  it("reads the clock changes of a zone: a skipped time with the offset before, a repeated one as the earlier", () => {
    // Madrid: 2026-03-29 02:00 → 03:00 (skipped), 2026-10-25 03:00 → 02:00 (repeated).
    expect(iso("2026-03-29 02:30", { timeZone: "Europe/Madrid" })).toBe("2026-03-29T01:30:00.000Z");
    expect(iso("2026-10-25 02:30", { timeZone: "Europe/Madrid" })).toBe("2026-10-25T00:30:00.000Z");
  });

  it("is the instant whose wall clock in the zone is the written time (property)", () => {
    const zones = ["Europe/Madrid", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "UTC"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.date({
          min: new Date("2010-01-01T00:00:00Z"),
          max: new Date("2030-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        (timeZone, instant) => {
          const wall = new Intl.DateTimeFormat("sv-SE", {
            timeZone,
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
            hour: "2-digit",
            minute: "2-digit",
            second: "2-digit",
          }).format(instant);
          const read = readTimestamp(wall, { timeZone });
          expect(read?.zoneless).toBe(true);
          // The same wall time maps back to this instant, or (in a repeated hour) to one an hour earlier.
          const difference = instant.getTime() - Math.floor(instant.getTime() / 1000) * 1000;
          const back = (read?.at.getTime() ?? Number.NaN) + difference;
          expect([0, 3_600_000, 1_800_000]).toContain(instant.getTime() - back);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("numeric dates", () => {
  it.each([
    ["25/03/2026", "2026-03-25T00:00:00.000Z"],
    ["03/25/2026", "2026-03-25T00:00:00.000Z"],
    ["04.03.2026", "2026-03-04T00:00:00.000Z"],
    ["04.03.2026 10:15", "2026-03-04T10:15:00.000Z"],
    ["03/03/2026", "2026-03-03T00:00:00.000Z"],
  ])("%s needs no date order: %s", (value, expected) => {
    expect(iso(value)).toBe(expected);
  });

  it("03/04/2026 is no date unless the order is given, then that order", () => {
    expect(iso("03/04/2026")).toBeNull();
    expect(iso("03/04/2026", { slashDates: "dmy" })).toBe("2026-04-03T00:00:00.000Z");
    expect(iso("03/04/2026", { slashDates: "mdy" })).toBe("2026-03-04T00:00:00.000Z");
  });

  it("a date that contradicts the stated order is no date, and a dotted one is day first whatever is stated", () => {
    expect(iso("25/03/2026", { slashDates: "mdy" })).toBeNull();
    expect(iso("04.03.2026", { slashDates: "mdy" })).toBe("2026-03-04T00:00:00.000Z");
  });

  it("an opt-out date is read the same way, to the last second of its minute", () => {
    expect(parseOptOut("03/04/2026 09:00", { slashDates: "dmy", timeZone: "Europe/Madrid" })).toEqual({
      optedOut: true,
      at: new Date("2026-04-03T07:00:59.999Z"),
      zoneless: true,
    });
  });
});

describe("consent cells that ask rather than answer", () => {
  it.each(["yes?", "¿sí?", "subscribed?", "TRUE*", "yes*", "-1", "+1", "1.0", "-0"])(
    "%j in a consent column is no opt-in",
    (value) => {
      expect(parseOptInState(value)).toBeNull();
    },
  );

  it.each(["no?", "false?", "0?", "-0", "0.0", "never_subscribed?"])(
    "%j in an opt-out column does not rule the opt-out out",
    (value) => {
      expect(parseOptOut(value).optedOut).not.toBe(false);
    },
  );

  it("plain answers still read as they did", () => {
    expect(parseOptInState("Yes!")).toBe("opted_in");
    expect(parseOptInState("1")).toBe("opted_in");
    expect(parseOptInState("0")).toBe("never");
    expect(parseOptOut("no").optedOut).toBe(false);
    expect(parseOptOut("2026-03-01T10:00:00Z").optedOut).toBe(true);
    expect(parseOptOut("1772359200").optedOut).toBe(true);
  });
});

describe("state words in an opt-out column", () => {
  it.each([
    "declined",
    "refused",
    "rejected",
    "denied",
    "inactive",
    "pending",
    "invalid",
    "transactional",
    "confirmed",
    "accepted",
    "granted",
    "abgelehnt",
    "rechazado",
    "refusé",
    "akzeptiert",
    "no_consent",
  ])(
    "%j does not say there is no opt-out (a refusal or an inactive state is no consent; 'confirmed' may confirm the opt-out)",
    (value) => {
      expect(parseOptOut(value).optedOut).not.toBe(false);
    },
  );

  it.each([
    "subscribed",
    "active",
    "opted in",
    "never_subscribed",
    "not subscribed",
    "none",
    "abonniert",
    "nicht angemeldet",
  ])("%j says there is none", (value) => {
    expect(parseOptOut(value)).toEqual({ optedOut: false, at: null });
  });
});

describe("an opt-out dated without a time, or without seconds", () => {
  it("counts from the last instant of that day, in the file's zone: it may have come after an opt-in that day", () => {
    expect(parseOptOut("2026-03-01").at?.toISOString()).toBe("2026-03-01T23:59:59.999Z");
    expect(parseOptOut("1 March 2026").at?.toISOString()).toBe("2026-03-01T23:59:59.999Z");
    expect(parseOptOut("20260301").at?.toISOString()).toBe("2026-03-01T23:59:59.999Z");
    expect(parseOptOut("01.03.2026", { timeZone: "Europe/Madrid" }).at?.toISOString()).toBe(
      "2026-03-01T22:59:59.999Z",
    );
  });

  it("an opt-out with a time counts from the last instant that time allows; an opt-in keeps its first", () => {
    expect(parseOptOut("2026-03-01 10:00").at?.toISOString()).toBe("2026-03-01T10:00:59.999Z");
    expect(parseOptOut("20260301T1000Z").at?.toISOString()).toBe("2026-03-01T10:00:59.999Z");
    expect(parseOptOut("2026-03-01 10:00:30").at?.toISOString()).toBe("2026-03-01T10:00:30.999Z");
    expect(parseOptOut("1 March 2026 10:00 PM").at?.toISOString()).toBe("2026-03-01T22:00:59.999Z");
    expect(parseOptOut("2026-03-01T10:00:30.250Z").at?.toISOString()).toBe("2026-03-01T10:00:30.250Z");
    expect(iso("2026-03-01")).toBe("2026-03-01T00:00:00.000Z");
    expect(iso("2026-03-01 10:00")).toBe("2026-03-01T10:00:00.000Z");
  });
});
