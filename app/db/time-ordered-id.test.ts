import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { timeOrderedId } from "./time-ordered-id";

describe("timeOrderedId", () => {
  it("makes valid version 7 UUIDs", () => {
    const id = timeOrderedId();
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(id[14]).toBe("7");
    expect("89ab").toContain(id[19]);
  });

  it("sorts in the order the ids were made, within a millisecond and across them", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 5000 }), (steps) => {
        let now = 1_790_000_000_000;
        const ids = steps.map((step) => {
          now += step;
          return timeOrderedId(now);
        });
        expect([...ids].sort()).toEqual(ids);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 50 },
    );
  });

  it("keeps the order when the clock goes back", () => {
    const first = timeOrderedId(1_800_000_000_000);
    const second = timeOrderedId(1_799_999_999_000);
    expect(second > first).toBe(true);
  });
});
