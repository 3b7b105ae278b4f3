import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvParser, type ParsedRecord } from "./csv-parser";

function parseAll(text: string, chunkSizes: number[] = [], delimiter = ","): ParsedRecord[] {
  const parser = new CsvParser(delimiter, 1000);
  const records: ParsedRecord[] = [];
  let position = 0;
  for (const size of chunkSizes) {
    parser.push(text.slice(position, position + size), records);
    position += size;
  }
  parser.push(text.slice(position), records);
  parser.end(records);
  return records;
}

const encode = (field: string) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);

describe("CsvParser", () => {
  it("reads quoted fields, doubled quotes, embedded newlines and every line ending", () => {
    const text = 'a,b\r\n"x, ""y""","multi\nline"\n\n1,2\r3,\r\n';
    expect(parseAll(text)).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ['x, "y"', "multi\nline"] },
      { line: 5, cells: ["1", "2"] },
      { line: 6, cells: ["3", ""] },
    ]);
  });

  it.each([
    ['a,b\n"open,1\n', /never closed/],
    ['a,b\nx"y,1\n', /inside an unquoted field/],
    ['a,b\n"x"y,1\n', /after a closing quote/],
  ])("rejects %j", (text, message) => {
    expect(() => parseAll(text)).toThrow(message);
  });

  it("rejects a field longer than the limit", () => {
    expect(() => parseAll(`a\n${"x".repeat(1001)}\n`)).toThrow(/longer than 1000/);
  });

  it("gives the same records however the text is cut into chunks", () => {
    const field = fc.string({
      unit: fc.constantFrom("a", "é", ",", '"', "\n", "\r\n", " ", "1"),
      maxLength: 6,
    });
    const table = fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(
        table,
        fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 20 }),
        fc.constantFrom("\r\n", "\n"),
        (rows, cuts, newline) => {
          // Rows that are a single empty line are skipped by design; keep them out.
          const kept = rows.filter((cells) => cells.some((cell) => cell !== "") || cells.length > 1);
          const text = kept.map((cells) => cells.map(encode).join(",")).join(newline) + newline;
          const whole = parseAll(text);
          expect(whole.map((record) => record.cells)).toEqual(kept);
          expect(parseAll(text, cuts)).toEqual(whole);
        },
      ),
      { numRuns: 500 },
    );
  });
});
