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
    ["612 345 681", [], "+34612345681"],
    ["612 345 681", [], "+33612345681"],
    ["0612 345 681", ["FR"], "+33612345681"],
    ["34612345681", [], "+34612345681"],
    ["+1 415 555 2671 ext. 12", [], "+14155552671"],
    ["0034 612 345 681 please stop", [], "+34612345681"],
    ["+52 1 55 1234 5678 bitte nicht", [], "+525512345678"],
    ["8 (916) 123-45-67", ["RU"], "+79161234567"],
    ["06 1234 5678 nope", ["IT"], "+390612345678"],
  ])("%s blocks %s", (raw, countries, e164) => {
    expect(blocks(raw, countries).blockerOf(e164)).toBe(9);
  });

  it.each([
    ["612 345 681", "+34612345682"],
    ["+34 612 345 681 (call after 6)", "+34712345681"],
    ["+44 7911 123456 stop", "+447911123457"],
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
});
