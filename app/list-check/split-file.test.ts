import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers/temp";
import { type CsvRecord, openCsv, readCsvRange } from "../csv/read-csv";
import { splitCsv } from "./split-file";

const dir = tempDir("wa-split-");
let files = 0;

function write(content: string | Buffer): string {
  const file = path.join(dir, `list-${files++}.csv`);
  writeFileSync(file, content);
  return file;
}

type Outcome = { records: CsvRecord[] } | { error: string };

/** What one whole-file read sees. */
async function readWhole(file: string): Promise<Outcome> {
  try {
    const csv = await openCsv(file);
    const records: CsvRecord[] = [];
    for await (const record of csv.records) records.push(record);
    return { records };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** What the worker threads see, range after range, reading the same file. */
async function readInRanges(file: string, parts: number, chunkBytes: number): Promise<Outcome> {
  let width: number;
  let delimiter: string;
  try {
    const csv = await openCsv(file);
    csv.close();
    width = csv.headers.length;
    delimiter = csv.delimiter;
  } catch (error) {
    return { error: (error as Error).message };
  }
  const ranges = await splitCsv(file, parts, chunkBytes);
  expect(ranges[0]?.start).toBe(0);
  for (let index = 1; index < ranges.length; index++) {
    expect(ranges[index]?.start).toBe(ranges[index - 1]?.end);
    expect(ranges[index]?.header).toBe(false);
  }
  const records: CsvRecord[] = [];
  const errors: string[] = [];
  for (const range of ranges) {
    try {
      for await (const batch of readCsvRange(file, path.basename(file), delimiter, width, range)) {
        records.push(...batch);
      }
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  return errors.length > 0 ? { error: errors.join(" | ") } : { records };
}

const cell = fc.string({
  unit: fc.constantFrom("a", "Z", "é", "\uFEFF", ",", ";", '"', "\n", "\r", "\r\n", " ", "1", "'"),
  maxLength: 5,
});

/** Quotes a field that holds either delimiter, a quote or a line break. */
function encode(value: string): string {
  return /["\r\n,;]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const csvText = fc
  .record({
    width: fc.integer({ min: 2, max: 4 }),
    delimiter: fc.constantFrom(",", ";"),
    bom: fc.boolean(),
    blankLinesFirst: fc.integer({ min: 0, max: 2 }),
    rows: fc.array(
      fc.record({
        cells: fc.array(cell, { minLength: 4, maxLength: 4 }),
        end: fc.constantFrom("\r\n", "\n", "\r", "\n\n", "\r\n\r\n"),
      }),
      { minLength: 1, maxLength: 40 },
    ),
    lastEnd: fc.boolean(),
  })
  .map(({ width, delimiter, bom, blankLinesFirst, rows, lastEnd }) => {
    let text = `${bom ? "\uFEFF" : ""}${"\r\n".repeat(blankLinesFirst)}`;
    rows.forEach((row, index) => {
      text += row.cells.slice(0, width).map(encode).join(delimiter);
      if (index < rows.length - 1 || lastEnd) text += row.end;
    });
    return text;
  });

/** Breaks valid CSV: a stray quote, a lost delimiter or line end, an invalid byte. */
const damage = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('"', "", "x", "\xff"),
  length: fc.integer({ min: 0, max: 2 }),
});

// Under mutation testing (vitest.mutation.config.ts) each test runs once per
// mutant: the two properties draw fewer cases there, npm test the full count.
const draws = process.env.MUTATION_RUN === "1" ? 30 : 400;

describe("splitCsv", () => {
  it("cuts any CSV into ranges that parse to exactly the records of the whole file", async () => {
    await fc.assert(
      fc.asyncProperty(
        csvText,
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 64 }),
        async (text, parts, chunkBytes) => {
          const file = write(text);
          expect(await readInRanges(file, parts, chunkBytes)).toEqual(await readWhole(file));
        },
      ),
      { numRuns: draws },
    );
  });

  it("never hides an error: when the whole file fails, some range fails too", async () => {
    await fc.assert(
      fc.asyncProperty(
        csvText,
        damage,
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 64 }),
        async (text, { at, kind, length }, parts, chunkBytes) => {
          const bytes = Buffer.from(text);
          const position = at % (bytes.length + 1);
          const replacement = kind === "\xff" ? Buffer.from([0xff]) : Buffer.from(kind);
          const file = write(
            Buffer.concat([bytes.subarray(0, position), replacement, bytes.subarray(position + length)]),
          );
          const whole = await readWhole(file);
          const ranges = await readInRanges(file, parts, chunkBytes);
          if ("error" in whole) expect(ranges).toHaveProperty("error");
          else expect(ranges).toEqual(whole);
        },
      ),
      { numRuns: draws },
    );
  });

  // The properties above hold for a single range too (no cut at all); these say where the cuts go.
  it("cuts at the first record end at or after each equal share of the bytes, whatever the read size", async () => {
    // 29 bytes in 3 parts: the shares end at bytes 9 and 19; records end after bytes 11 and 20.
    const file = write(`h\n${"ab\n".repeat(9)}`);
    for (const chunkBytes of [1, 2, 3, 5, 64, undefined]) {
      expect(await splitCsv(file, 3, chunkBytes)).toEqual([
        { start: 0, end: 11, line: 1, header: true },
        { start: 11, end: 20, line: 5, header: false },
        { start: 20, end: 29, line: 8, header: false },
      ]);
    }
    expect(await splitCsv(file, 1)).toEqual([{ start: 0, end: 29, line: 1, header: true }]);
  });

  it("cuts only at an LF outside quotes, skipping the shares a long record spans, numbering lines as the parser does", async () => {
    // LFs at bytes 17, 18, 23, 28 (quoted) and 31; a lone CR at 5 and 9, a quoted one at 12.
    const file = write('h1,h2\ra,b\r"x\ry",c\n\nd,e\r\nf,"g\nh"\ni,j\n');
    for (const chunkBytes of [1, 2, 3, 5, 64, undefined]) {
      // Shares of 36 bytes end at 6, 12, 18, 24 and 30.
      expect(await splitCsv(file, 6, chunkBytes)).toEqual([
        { start: 0, end: 18, line: 1, header: true },
        { start: 18, end: 24, line: 4, header: false },
        { start: 24, end: 32, line: 6, header: false },
        { start: 32, end: 36, line: 8, header: false },
      ]);
      // Shares of about one byte: every record end outside quotes is a cut, the file's end is not.
      expect(await splitCsv(file, 40, chunkBytes)).toEqual([
        { start: 0, end: 18, line: 1, header: true },
        { start: 18, end: 19, line: 4, header: false },
        { start: 19, end: 24, line: 5, header: false },
        { start: 24, end: 32, line: 6, header: false },
        { start: 32, end: 36, line: 8, header: false },
      ]);
    }
  });

  it("makes no more cuts once every share has its cut, even in the chunk the header row ends in", async () => {
    // 15 bytes in 2 parts: the header row ends past the half, so its end is the one cut.
    const file = write("hhhhhhhhhh\n1\n2\n");
    expect(await splitCsv(file, 2)).toEqual([
      { start: 0, end: 11, line: 1, header: true },
      { start: 11, end: 15, line: 2, header: false },
    ]);
  });

  it("takes a header row of one empty quoted field for the header row, and may cut right after it", async () => {
    const file = write('""\n1\n2\n3\n');
    expect(await splitCsv(file, 4)).toEqual([
      { start: 0, end: 3, line: 1, header: true },
      { start: 3, end: 5, line: 2, header: false },
      { start: 5, end: 7, line: 3, header: false },
      { start: 7, end: 9, line: 4, header: false },
    ]);
  });

  it("closes the file it read", async () => {
    // Linux lists a process's open files here; the test files run one per process.
    const openFiles = () => readdirSync("/proc/self/fd").length;
    const file = write("h\n1\n2\n");
    const before = openFiles();
    for (let attempt = 0; attempt < 10; attempt++) await splitCsv(file, 2);
    expect(openFiles()).toBe(before);
  });

  it("counts a lone CR outside quotes as a line, as the parser does", async () => {
    const file = write('h1,h2\ra,b\r"x\ry",c\n\nd,e\r\nf,"g\nh"\ni,j\n');
    const whole = await readWhole(file);
    expect(whole).toEqual({
      records: [
        { line: 2, cells: ["a", "b"] },
        { line: 3, cells: ["x\ry", "c"] },
        { line: 5, cells: ["d", "e"] },
        { line: 6, cells: ["f", "g\nh"] },
        { line: 8, cells: ["i", "j"] },
      ],
    });
    for (const parts of [2, 3, 5, 8]) expect(await readInRanges(file, parts, 4)).toEqual(whole);
  });

  it("makes no cut before the header row ends (blank lines, a BOM, a quoted newline)", async () => {
    const file = write(`\uFEFF\r\n\r\n"Pho\nne",Name\r\n+34612345678,Ana\r\n+34612345679,Bea\r\n`);
    const ranges = await splitCsv(file, 10, 3);
    expect(ranges[0]?.end).toBeGreaterThanOrEqual(Buffer.byteLength(`\uFEFF\r\n\r\n"Pho\nne",Name\r\n`));
    expect(await readInRanges(file, 10, 3)).toEqual(await readWhole(file));
  });
});
