import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blockKeysOf, UnreadableOptOuts } from "./opt-out-block";
import { normalizePhone } from "./phone";

function blocks(raw: string, countries: (string | null)[] = []): UnreadableOptOuts {
  const optOuts = new UnreadableOptOuts();
  const keys = blockKeysOf(raw, countries);
  if (keys) optOuts.add(keys, 9);
  return optOuts;
}

describe("an opt-out whose phone cannot be read", () => {
  it.each([
    ["+34 612 345 681 (call after 6)", [], "+34612345681"],
    // A spreadsheet that took the number for a quantity wrote ".0" after it.
    ["14155552671.0", [], "+14155552671"],
    ["(415) 555-2671.0", ["US"], "+14155552671"],
    ["07911 123456.00", [], "+447911123456"],
    ["612 345 681", [], "+34612345681"],
    ["612 345 681", [], "+33612345681"],
    ["0612 345 681", ["FR"], "+33612345681"],
    ["34612345681", [], "+34612345681"],
    ["+1 415 555 2671 ext. 12", [], "+14155552671"],
    ["0034 612 345 681 please stop", [], "+34612345681"],
    ["+52 1 55 1234 5678 bitte nicht", [], "+525512345678"],
    ["8 (916) 123-45-67", ["RU"], "+79161234567"],
    ["06 1234 5678 nope", ["IT"], "+390612345678"],
    ["+44 (0)7911 123456 please stop", [], "+447911123456"],
    ["0044 (0) 7911 123456 stop", [], "+447911123456"],
    // Every zero typed after the country code is dropped, not only the first.
    ["+44 00 7911 123456 stop", [], "+447911123456"],
    // Digits after a bracketed "(00)" that no country's parser reads as a number
    // still block the number their national digits are (here Saint Helena's).
    ["(00) 1547 stop", [], "+2901547"],
    ["44 (0)7911 123456 stop", [], "+447911123456"],
    ["+33 (0)6 12 34 56 78 stop", [], "+33612345678"],
    ["+880 (0)1712-345678 stop", [], "+8801712345678"],
    ["0 0612 345 681 stop", [], "+34612345681"],
    ["+34 612 345 681 / +34 612 345 682", [], "+34612345682"],
    ["+34 612 345 681 / +34 612 345 682", [], "+34612345681"],
    ["+34 612 345 681, 612 345 682", [], "+34612345682"],
    ["612 345 681 or 612 345 682", [], "+34612345682"],
    ["+34612345681;+44 7911 123456", [], "+447911123456"],
  ])("%s blocks %s", (raw, countries, e164) => {
    expect(blocks(raw, countries).blockerOf(e164)).toBe(9);
  });

  it.each([
    ["612 345 681", "+34612345682"],
    ["+34 612 345 681 (call after 6)", "+34712345681"],
    ["+44 7911 123456 stop", "+447911123457"],
    ["612 305 681 stop", "+3461235681"],
  ])("%s does not block the different number %s", (raw, e164) => {
    expect(blocks(raw).blockerOf(e164)).toBeUndefined();
  });

  it("names the earliest opt-out that blocks a number, whatever order they came in", () => {
    const optOuts = new UnreadableOptOuts();
    optOuts.add(blockKeysOf("612 345 681 stop", []) ?? { full: [], national: [] }, 30);
    optOuts.add(blockKeysOf("+34 612 345 681 (gone)", []) ?? { full: [], national: [] }, 12);
    optOuts.add(blockKeysOf("0612345681 x", []) ?? { full: [], national: [] }, 20);
    expect(optOuts.blockerOf("+34612345681")).toBe(12);
  });

  it("blocks nothing when it holds too few digits to be a number", () => {
    expect(blockKeysOf("12", ["ES"])).toBeNull();
    expect(blockKeysOf("", ["ES"])).toBeNull();
  });

  it("blocks the number any valid national number means under any country it is read in", () => {
    const countries = ["ES", "FR", "DE", "IT", "PT", "BR", "MX", "GB", "US"] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...countries),
        fc.stringMatching(/^[1-9][0-9]{6,10}$/),
        fc.constantFrom(" (call me)", " bitte nicht", "", " ext. 3"),
        fc.constantFrom(null, "ES", "US"),
        (country, digits, noise, fileCountry) => {
          const phone = normalizePhone(digits, { country });
          if (!phone.ok) return;
          // The opt-out wrote the national form with noise, and maybe the wrong country.
          const optOuts = blocks(`${digits}${noise}`, [fileCountry]);
          expect(optOuts.blockerOf(phone.e164)).toBe(9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("blocks an Argentine or Brazilian line written in its other form", () => {
    for (const [optOut, countries, contact] of [
      ["+54 11 4345 6789 STOP", [], "+54 11 4345 6789"],
      ["011 4345 6789 no more", ["AR"], "+54 9 11 4345 6789"],
      ["+55 11 8123-4567 sair", [], "+55 11 98123-4567"],
      ["11 8123-4567 sair", [null], "+55 11 98123-4567"],
    ] as const) {
      const phone = normalizePhone(contact);
      if (!phone.ok) throw new Error(contact);
      expect(blocks(optOut, [...countries]).blockerOf(phone.e164), optOut).toBe(9);
    }
    // The other form of a line is only that line's: a neighbour stays unblocked.
    expect(blocks("+54 11 4345 6789 STOP").blockerOf("+5491143456788")).toBeUndefined();
  });

  it("blocks an Argentine mobile written with its '15', and a Brazilian one after a carrier code, with no country given", () => {
    for (const [optOut, contact] of [
      ["011 15-1234-5678", "+54 9 11 1234 5678"],
      ["0 21 11 98765-4321", "+55 11 98765-4321"],
    ] as const) {
      const phone = normalizePhone(contact);
      if (!phone.ok) throw new Error(contact);
      expect(blocks(optOut, []).blockerOf(phone.e164), optOut).toBe(9);
      expect(blocks(optOut, ["ES"]).blockerOf(phone.e164), `${optOut} in a Spanish file`).toBe(9);
    }
    expect(blocks("011 15-1234-5678").blockerOf("+5491112345679")).toBeUndefined();
  });

  it("blocks each of two numbers written one after the other, with a '+' or only spaces between them", () => {
    for (const cell of [
      "+34 612 345 681 +34 612 345 682",
      "+34612345681+34612345682",
      "612 345 681 612 345 682 STOP",
      "612345681 612345682",
      "0034 612 345 681  0034 612 345 682",
    ]) {
      const optOuts = blocks(cell, ["ES"]);
      expect(optOuts.blockerOf("+34612345681"), cell).toBe(9);
      expect(optOuts.blockerOf("+34612345682"), cell).toBe(9);
      expect(optOuts.blockerOf("+34612345683"), cell).toBeUndefined();
    }
  });

  it("looks for a number inside run-together digits only from six national digits on", () => {
    const optOuts = blocks("1234567890123456 stop");
    expect(optOuts.blockerOf("+34456789")).toBe(9);
    expect(optOuts.blockerOf("+3445678")).toBeUndefined();
    expect(blockKeysOf("1234567890123456 stop", [])?.runs).toEqual(["1234567890123456"]);
    expect(blockKeysOf("123456789012345 stop", [])?.runs).toBeUndefined();
  });

  it("blocks from four digits on, and nothing under four", () => {
    expect(blockKeysOf("1234 stop", [])).toEqual({ full: ["1234"], national: ["1234"] });
    expect(blockKeysOf("123 stop", [])).toBeNull();
  });

  it("blocks a number written with its country code only under that country", () => {
    const optOuts = blocks("+34 612 345 681 (call after 6)", ["FR"]);
    expect(optOuts.blockerOf("+34612345681")).toBe(9);
    expect(optOuts.blockerOf("+33612345681")).toBeUndefined();
    expect(blockKeysOf("+34 612 345 681 (call after 6)", ["FR"])?.national).toEqual([]);
  });

  it("keeps national digits that lose their trunk zeros only when four or more are left", () => {
    expect(blockKeysOf("0123 stop", [])).toEqual({ full: ["0123"], national: [] });
    expect(blockKeysOf("01234 stop", [])?.national).toEqual(["1234"]);
  });

  it("matches the national part only after a real country calling code of one to three digits", () => {
    const optOuts = blocks("612 345 681 stop");
    // 34 is Spain's code, 33 France's, 1 North America's, 880 Bangladesh's.
    for (const e164 of ["+34612345681", "+33612345681", "+1612345681", "+880612345681"])
      expect(optOuts.blockerOf(e164)).toBe(9);
    // 999 and 2 are no calling codes; 8806 is longer than any.
    for (const e164 of ["+999612345681", "+2612345681", "+8806612345681"])
      expect(optOuts.blockerOf(e164)).toBeUndefined();
  });

  it("reads a blocked number given without its plus sign like one with it", () => {
    expect(blocks("+34 612 345 681 stop").blockerOf("34612345681")).toBe(9);
    expect(blocks("612 345 681 stop").blockerOf("34612345681")).toBe(9);
  });

  it("names the earliest opt-out when one blocks by the full number and another by the national digits", () => {
    const optOuts = new UnreadableOptOuts();
    optOuts.add({ full: ["34612345681"], national: [] }, 7);
    optOuts.add({ full: [], national: ["612345681"] }, 3);
    expect(optOuts.blockerOf("+34612345681")).toBe(3);
    const reversed = new UnreadableOptOuts();
    reversed.add({ full: ["34612345681"], national: [] }, 3);
    reversed.add({ full: [], national: ["612345681"] }, 7);
    expect(reversed.blockerOf("+34612345681")).toBe(3);
    reversed.add({ full: ["34612345681"], national: ["612345681"] }, 1);
    expect(reversed.blockerOf("+34612345681")).toBe(1);
  });

  it("counts every key it blocks by, and blocks nothing while empty", () => {
    const optOuts = new UnreadableOptOuts();
    expect(optOuts.size).toBe(0);
    expect(optOuts.blockerOf("+34612345681")).toBeUndefined();
    optOuts.add({ full: ["34612345681", "612345681"], national: ["612345681"] }, 1);
    expect(optOuts.size).toBe(3);
    const nationalOnly = new UnreadableOptOuts();
    nationalOnly.add({ full: [], national: ["612345681"] }, 4);
    expect(nationalOnly.blockerOf("+34612345681")).toBe(4);
    optOuts.add({ full: ["612345681612345682"], national: [], runs: ["612345681612345682"] }, 2);
    expect(optOuts.size).toBe(5);
  });

  it("names the earliest opt-out when two block one line in its two forms, or by two runs, whatever order they came in", () => {
    const forms = new UnreadableOptOuts();
    forms.add({ full: ["5491112345678"], national: [] }, 5);
    forms.add({ full: ["541112345678"], national: [] }, 3);
    expect(forms.blockerOf("+5491112345678")).toBe(3);
    const runs = new UnreadableOptOuts();
    runs.add({ full: ["x"], national: [], runs: ["34612345681612345682"] }, 4);
    runs.add({ full: ["y"], national: [], runs: ["612345681612345682999"] }, 2);
    expect(runs.blockerOf("+34612345681")).toBe(2);
  });

  it("blocks each of two short numbers in one cell, too few digits together to be read as numbers written together", () => {
    const optOuts = blocks("611 1234 / 611 1235");
    expect(optOuts.blockerOf("+3546111234")).toBe(9);
    expect(optOuts.blockerOf("+3546111235")).toBe(9);
    // Saint Helena's numbers are short enough that two of them with a "+" each are no run either.
    const plus = blocks("+290 51234 +290 51235");
    expect(plus.blockerOf("+29051234")).toBe(9);
    expect(plus.blockerOf("+29051235")).toBe(9);
  });

  it("names the earliest of two opt-outs that block by the same key, full or national, whatever order they came in", () => {
    const byFull = new UnreadableOptOuts();
    byFull.add({ full: ["34612345681"], national: [] }, 5);
    byFull.add({ full: ["34612345681"], national: [] }, 2);
    expect(byFull.blockerOf("+34612345681")).toBe(2);
    const byNational = new UnreadableOptOuts();
    byNational.add({ full: [], national: ["612345681"] }, 5);
    byNational.add({ full: [], national: ["612345681"] }, 2);
    expect(byNational.blockerOf("+34612345681")).toBe(2);
  });

  it("drops a zero after the country code, even where it belongs to the number: one more number blocked, never one fewer", () => {
    const optOuts = blocks("+39 06 1234 5678 stop");
    expect(optOuts.blockerOf("+390612345678")).toBe(9);
    expect(optOuts.blockerOf("+39612345678")).toBe(9);
  });

  it("reads a leading +52 1 as today's Mexican mobile only in a thirteen-digit number", () => {
    expect(blockKeysOf("+52 1 55 1234 5678 stop", [])?.full).toEqual(["5215512345678", "525512345678"]);
    // Thirteen digits under another country code, and +52 1 with fewer digits, block only as written.
    expect(blockKeysOf("+49 151 2345 6789 stop", [])?.full).toEqual(["4915123456789"]);
    expect(blockKeysOf("+52 1 5512 3456 stop", [])?.full).toEqual(["52155123456"]);
  });
});
