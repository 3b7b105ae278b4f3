import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvParser, CsvSyntaxError, MAX_COLUMNS, type ParsedRecord } from "./csv-parser";

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
    // Each test runs once per mutant under mutation testing (vitest.mutation.config.ts): fewer draws there.
    const draws = process.env.MUTATION_RUN === "1" ? 100 : 500;
    const field = fc.string({
      unit: fc.constantFrom("a", "é", ",", '"', "\n", "\r\n", " ", "1"),
      maxLength: 6,
    });
    const table = fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(
        table,
        fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 20 }),
        fc.constantFrom("\r\n", "\n", "\r"),
        (rows, cuts, newline) => {
          // Rows that are a single empty line are skipped by design; keep them out.
          const kept = rows.filter((cells) => cells.some((cell) => cell !== "") || cells.length > 1);
          const text = kept.map((cells) => cells.map(encode).join(",")).join(newline) + newline;
          const whole = parseAll(text);
          expect(whole.map((record) => record.cells)).toEqual(kept);
          expect(parseAll(text, cuts)).toEqual(whole);
        },
      ),
      { numRuns: draws },
    );
  });

  it("names the line of a syntax error in its message", () => {
    const error = new CsvSyntaxError(7, "something is off");
    expect(error.message).toBe("line 7: something is off");
    expect(error).toMatchObject({ line: 7, problem: "something is off" });
  });

  it.each([
    ["an unclosed quote, at the line the record starts", 'a,b\n1,2\n"open\nstill open\n', 3],
    ["a quote in an unquoted field", 'a,b\n1,2\n3,x"y\n', 3],
    ["a quote in an unquoted field after a multi-line field", 'a,b\n"1\n2\n3",x"y\n', 4],
    ["text after a closing quote, after a multi-line field", 'a,b\n"1\n2"x,y\n', 3],
    ["a field too long, at the line the record starts", `a,b\n"1\n2",${"x".repeat(1001)}\n`, 2],
  ])("says where the error is: %s", (_, text, line) => {
    const error = (() => {
      try {
        parseAll(text);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).line).toBe(line);
  });

  it("reads a field of exactly the length limit, quoted or not", () => {
    const field = "x".repeat(1000);
    expect(parseAll(`${field},"${field}"\n`)).toEqual([{ line: 1, cells: [field, field] }]);
    expect(() => parseAll(`"${field}x"\n`)).toThrow(/longer than 1000 characters/);
  });

  it(`reads a row of ${MAX_COLUMNS} columns and refuses one more`, () => {
    const widest = Array.from({ length: MAX_COLUMNS }, () => "1").join(",");
    expect(parseAll(`${widest}\n`)[0]?.cells).toHaveLength(MAX_COLUMNS);
    expect(() => parseAll(`a\n${widest},1\n`)).toThrow(
      new CsvSyntaxError(2, `a row has more than ${MAX_COLUMNS} columns; this is not a subscriber list`),
    );
  });

  it("refuses an unfinished row longer than twice the field limit without waiting for its end", () => {
    const parser = new CsvParser(",", 1000);
    const records: ParsedRecord[] = [];
    parser.push("a,b\n", records);
    parser.push("123456789,".repeat(200), records);
    expect(() => parser.push("1", records)).toThrow(
      new CsvSyntaxError(2, "a row is longer than 2000 characters; this is not a subscriber list"),
    );
    expect(records).toEqual([{ line: 1, cells: ["a", "b"] }]);
  });

  it("keeps an unfinished row of twice the field limit for the next chunk", () => {
    const parser = new CsvParser(",", 1000);
    const records: ParsedRecord[] = [];
    parser.push(`"${"x".repeat(997)}",`.repeat(2), records);
    parser.push("1\n", records);
    parser.end(records);
    expect(records).toEqual([{ line: 1, cells: ["x".repeat(997), "x".repeat(997), "1"] }]);
  });

  it("numbers records from the line the text starts on", () => {
    const parser = new CsvParser(";", 1000, 41);
    const records: ParsedRecord[] = [];
    parser.push("a;b\n", records);
    parser.push('"c\nd";e\nf;g', records);
    parser.end(records);
    expect(records).toEqual([
      { line: 41, cells: ["a", "b"] },
      { line: 42, cells: ["c\nd", "e"] },
      { line: 44, cells: ["f", "g"] },
    ]);
  });

  it("skips blank lines of every kind but keeps an empty quoted field and a row of empty fields", () => {
    expect(parseAll('a\r\n\r\n\r\r\n\n""\n,\nb')).toEqual([
      { line: 1, cells: ["a"] },
      { line: 6, cells: [""] },
      { line: 7, cells: ["", ""] },
      { line: 8, cells: ["b"] },
    ]);
  });

  it("reads a last field that ends the input without a line end, and an empty one after a delimiter", () => {
    expect(parseAll('a,"b"')).toEqual([{ line: 1, cells: ["a", "b"] }]);
    expect(parseAll("a,")).toEqual([{ line: 1, cells: ["a", ""] }]);
    expect(parseAll("a,", [2])).toEqual([{ line: 1, cells: ["a", ""] }]);
  });

  it("waits for the next chunk when one ends on a quote, a CR or a delimiter", () => {
    expect(parseAll('"a""b"\r\nc\r\n', [3, 2, 1])).toEqual([
      { line: 1, cells: ['a"b'] },
      { line: 2, cells: ["c"] },
    ]);
    expect(parseAll("a\r\nb,c\n", [2, 2])).toEqual([
      { line: 1, cells: ["a"] },
      { line: 2, cells: ["b", "c"] },
    ]);
  });

  it("hands out each complete record in the push that completes it, not at the end: memory stays flat", () => {
    for (const newline of ["\r\n", "\n", "\r"]) {
      const parser = new CsvParser(",", 1000);
      const records: ParsedRecord[] = [];
      parser.push(`a,b${newline}c,d${newline}e`, records);
      expect(records.map((record) => record.cells)).toEqual([
        ["a", "b"],
        ["c", "d"],
      ]);
      parser.end(records);
      expect(records.map((record) => record.cells)).toEqual([["a", "b"], ["c", "d"], ["e"]]);
    }
  });

  it("measures an unfinished row from its own start, not from the chunk's: long chunks of whole rows are fine", () => {
    const parser = new CsvParser(",", 1000);
    const records: ParsedRecord[] = [];
    const whole = `${"a".repeat(900)}\n`.repeat(3);
    parser.push(`${whole}b,`, records);
    expect(records).toHaveLength(3);
    parser.push("c\n", records);
    parser.end(records);
    expect(records.at(-1)?.cells).toEqual(["b", "c"]);
  });
});
