import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BROKEN_CHARACTER_REFUSAL, NUL_REFUSAL, parseJsonText } from "./json-text";

const withoutNul = (value: unknown): unknown => {
  if (typeof value === "string") return value.replaceAll("\u0000", "");
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [withoutNul(key), withoutNul(inner)]),
    );
  return value;
};

describe("parseJsonText", () => {
  it("finds a NUL in nested strings and keys, and nowhere else", () => {
    expect(parseJsonText('{"a":[1,{"b":"x\\u0000"}]}')).toEqual({ ok: false, error: NUL_REFUSAL });
    expect(parseJsonText('{"\\u0000":1}')).toEqual({ ok: false, error: NUL_REFUSAL });
    expect(parseJsonText("{nope")).toEqual({ ok: false, error: "The request body must be JSON." });
    expect(parseJsonText('{"a":"\\\\u0000"}')).toEqual({ ok: true, value: { a: "\\u0000" } });
  });

  it("refuses half of a UTF-16 pair in a string or key, and accepts a whole pair", () => {
    for (const text of ['{"a":"\\ud800"}', '{"a":["x\\udc00y"]}', '{"\\udbff":1}', '"\\udc00\\ud800"']) {
      expect(parseJsonText(text)).toEqual({ ok: false, error: BROKEN_CHARACTER_REFUSAL });
    }
    expect(parseJsonText('{"a":"\\ud83d\\ude00"}')).toEqual({ ok: true, value: { a: "\u{1F600}" } });
    expect(parseJsonText('{"a":"\\u0000\\ud800"}')).toEqual({ ok: false, error: NUL_REFUSAL });
  });

  it("accepts null, numbers and booleans at the top and inside objects and arrays", () => {
    for (const text of ["null", "0", "true", '{"a":null,"b":[null,1,false]}', "[null]"]) {
      expect(parseJsonText(text)).toEqual({ ok: true, value: JSON.parse(text) });
    }
  });

  it("accepts any JSON value without a NUL unchanged, and refuses it once a NUL is added anywhere", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), fc.nat(), (value, text, at) => {
        const clean = withoutNul(value);
        // Compared with JSON's own round trip: JSON has no -0, so -0 comes back as 0.
        expect(parseJsonText(JSON.stringify(clean))).toEqual({
          ok: true,
          value: JSON.parse(JSON.stringify(clean)),
        });
        const position = at % (text.length + 1);
        const withNul = `${text.slice(0, position)}\u0000${text.slice(position)}`;
        expect(parseJsonText(JSON.stringify([clean, { note: withNul }])).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
