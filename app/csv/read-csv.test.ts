import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers/temp";
import { type CsvRecord, ListInputError, openCsv, readCsvRange } from "./read-csv";

const dir = tempDir("wa-read-csv-");
// Each test runs once per mutant under mutation testing (vitest.mutation.config.ts):
// the files that must span several chunks hold fewer, longer rows there.
const underMutation = process.env.MUTATION_RUN === "1";
let files = 0;

function write(content: string | Buffer): string {
  const file = path.join(dir, `list-${files++}.csv`);
  writeFileSync(file, content);
  return file;
}

async function readAll(file: string): Promise<{ headers: string[]; delimiter: string; rows: CsvRecord[] }> {
  const csv = await openCsv(file);
  const rows: CsvRecord[] = [];
  for await (const record of csv.records) rows.push(record);
  return { headers: csv.headers, delimiter: csv.delimiter, rows };
}

async function readBatches(file: string): Promise<CsvRecord[][]> {
  const csv = await openCsv(file);
  const batches: CsvRecord[][] = [];
  for await (const batch of csv.batches) batches.push(batch);
  return batches;
}

/** The error a whole read of the file stops with. */
async function failure(file: string): Promise<ListInputError> {
  const error = await readAll(file).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ListInputError);
  return error as ListInputError;
}

describe("openCsv", () => {
  it("reads the header row and every record with its line", async () => {
    const file = write('phone,name\r\n+15550001,"Ann\nLee"\r\n+15550002,Bo\r\n');
    expect(await readAll(file)).toEqual({
      headers: ["phone", "name"],
      delimiter: ",",
      rows: [
        { line: 2, cells: ["+15550001", "Ann\nLee"] },
        { line: 4, cells: ["+15550002", "Bo"] },
      ],
    });
  });

  it("drops a UTF-8 byte order mark from the first header and trims the headers", async () => {
    const file = write("\uFEFF phone ;\tname \n1;2\n");
    const { headers, delimiter, rows } = await readAll(file);
    expect(headers).toEqual(["phone", "name"]);
    expect(delimiter).toBe(";");
    expect(rows).toEqual([{ line: 2, cells: ["1", "2"] }]);
  });

  it("keeps a byte order mark inside a cell as data", async () => {
    const file = write("phone\n\uFEFF1\n");
    expect((await readAll(file)).rows).toEqual([{ line: 2, cells: ["\uFEFF1"] }]);
  });

  it.each([
    ["a semicolon header", "a;b;c\n1;2;3\n", ";"],
    ["a comma header", "a,b,c\n1,2,3\n", ","],
    ["as many of each: comma", "a,b;c\n1,2;3\n", ","],
    ["more semicolons than commas", "a;b;c,d\n1;2;3,4\n", ";"],
    ["delimiters inside quotes do not count", '"x;y;z",b\n1,2\n', ","],
    ["a single column", "phone\n1\n", ","],
  ])("takes the delimiter the header row uses: %s", async (_, content, delimiter) => {
    expect((await openCsv(write(content))).delimiter).toBe(delimiter);
  });

  it("sniffs the delimiter from the first line only", async () => {
    const file = write("a,b\n1;2;3;4;5,x\n");
    const csv = await openCsv(file);
    csv.close();
    expect(csv.delimiter).toBe(",");
  });

  it("skips blank lines before the header row", async () => {
    const file = write("\n\r\nphone\n1\n");
    expect(await readAll(file)).toMatchObject({ headers: ["phone"], rows: [{ line: 4, cells: ["1"] }] });
  });

  it("gives the same records in batches as one by one, and a whole chunk per batch", async () => {
    const name = (index: number) => (underMutation ? `name ${index}`.padEnd(120, "x") : `name ${index}`);
    const rows = Array.from(
      { length: underMutation ? 2_500 : 15_000 },
      (_, index) => `+1555${index},${name(index)}`,
    );
    const file = write(`phone,name\n${rows.join("\n")}\n`);
    const batches = await readBatches(file);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat()).toEqual((await readAll(file)).rows);
    expect(batches.flat().map((record) => record.cells.join(","))).toEqual(rows);
  });

  it.each([
    ["too few", "a,b,c\n1,2,3\n1,2\n", 3, "this row has 2 columns but the header row has 3"],
    ["too many", "a,b\n1,2\n1,2\n1,2,3\n", 4, "this row has 3 columns but the header row has 2"],
    ["on the first row", "a,b\n1\n", 2, "this row has 1 columns but the header row has 2"],
  ])("refuses a row with %s columns, naming the file and line", async (_, content, line, problem) => {
    const file = write(content);
    const error = await failure(file);
    expect(error).toMatchObject({ file: path.basename(file), line, problem });
    expect(error.message).toBe(`${path.basename(file)}:${line}: ${problem}`);
  });

  it("refuses a row of the wrong width when read in batches too", async () => {
    const file = write("a,b\n1,2\n3\n");
    await expect(readBatches(file)).rejects.toMatchObject({ line: 3, problem: /1 columns but .* 2/ });
  });

  it("refuses an empty file", async () => {
    const file = write("");
    const error = await failure(file);
    expect(error).toMatchObject({ line: null, problem: "the file is empty" });
    expect(error.message).toBe(`${path.basename(file)}: the file is empty`);
  });

  it("refuses a file of blank lines: there is no header row", async () => {
    await expect(readAll(write("\n\r\n\n"))).rejects.toMatchObject({
      line: 1,
      problem: "the file has no header row",
    });
  });

  it.each([
    ["little-endian", [0xff, 0xfe]],
    ["big-endian", [0xfe, 0xff]],
  ])("refuses a %s UTF-16 file by its mark, with what to do", async (_, mark) => {
    // No NUL byte after the mark: the mark alone must be enough.
    const error = await failure(write(Buffer.concat([Buffer.from(mark), Buffer.from("phone\n")])));
    expect(error.line).toBe(1);
    expect(error.problem).toBe("the file is UTF-16; export it as UTF-8 CSV and try again");
  });

  it("refuses a UTF-16 file without its mark, by its NUL bytes", async () => {
    const error = await failure(write(Buffer.from("phone\n1\n", "utf16le")));
    expect(error.line).toBe(1);
    expect(error.problem).toBe(
      "the file contains NUL bytes: it is UTF-16 or not a text file; export it as UTF-8 CSV and try again",
    );
  });

  it.each([
    ["one mark byte then the other's first", [0xff, 0xff]],
    ["the other mark byte then its own", [0xfe, 0xfe]],
  ])("does not take %s for a UTF-16 mark", async (_, start) => {
    const error = await failure(write(Buffer.concat([Buffer.from(start), Buffer.from("phone\n")])));
    expect(error.problem).toMatch(/^the file is not valid UTF-8/);
  });

  it("reads a file that starts with one of the two UTF-16 mark bytes but not the other", async () => {
    const file = write(Buffer.from([0xef, 0xbb, 0xbf, 0x70, 0x0a, 0x31, 0x0a]));
    expect(await readAll(file)).toMatchObject({ headers: ["p"], rows: [{ cells: ["1"] }] });
  });

  it("names the line of a byte that is not UTF-8", async () => {
    const file = write(Buffer.concat([Buffer.from("phone\n1\n2\n"), Buffer.from([0xe9]), Buffer.from("\n")]));
    expect(await failure(file)).toMatchObject({ line: 4, problem: /not valid UTF-8; save or export it/ });
  });

  it.each([
    ["a byte that never starts a character", [0xff]],
    ["a continuation byte alone", [0x80]],
    ["an overlong two-byte start", [0xc0, 0x80]],
    ["a two-byte start without its continuation", [0xc3, 0x28]],
    ["a three-byte start cut short", [0xe2, 0x82, 0x28]],
    ["a four-byte start cut short", [0xf0, 0x9f, 0x98, 0x28]],
    ["a start beyond U+10FFFF", [0xf5, 0x80, 0x80, 0x80]],
    ["a continuation byte above the range", [0xe2, 0xc0, 0x80]],
    ["an overlong three-byte form", [0xe0, 0x9f, 0xbf]],
    ["a UTF-16 surrogate", [0xed, 0xa0, 0x80]],
    ["an overlong four-byte form", [0xf0, 0x8f, 0xbf, 0xbf]],
    ["a four-byte form beyond U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
  ])("names the line of %s, after characters of every length", async (_, bad) => {
    // Line 6 holds the first and last character of each length and of each narrower
    // range a second byte may take: all valid, so the error is on line 7.
    const edges = "\x7f\u0080\u07ff\u0800\u0fff\u1000\ud7ff\ue000\uffff\u{10000}\u{3ffff}\u{40000}\u{10ffff}";
    const before = Buffer.from(`phone\nA\né\n€\n😀\n${edges}\n`);
    const file = write(Buffer.concat([before, Buffer.from(bad), Buffer.from("\nB\nC\n")]));
    expect(await failure(file)).toMatchObject({ line: 7, problem: /not valid UTF-8/ });
  });

  /**
   * A file whose 256 KiB first chunk (the size openCsv reads) ends after the
   * first `cut` bytes of `character`, which goes on the next line; then `after`.
   */
  function characterAcrossChunks(
    character: string | Buffer,
    cut: number,
    after: Buffer,
  ): { file: string; lineOf: (byte: number) => number } {
    const firstChunk = 256 * 1024;
    const row = "+15550001\n";
    const header = "phone\n";
    const rows = Math.floor((firstChunk - header.length - cut - 1) / row.length);
    const padding = firstChunk - cut - header.length - rows * row.length - 1;
    const bytes = Buffer.concat([
      Buffer.from(`${header}${row.repeat(rows)}${"1".repeat(padding)}\n`),
      Buffer.from(character),
      after,
    ]);
    expect(bytes.indexOf(Buffer.from(character))).toBe(firstChunk - cut);
    return {
      file: write(bytes),
      lineOf: (byte) =>
        bytes.subarray(0, bytes.indexOf(byte, firstChunk - cut)).filter((b) => b === 0x0a).length + 1,
    };
  }

  it.each([
    ["é", 1],
    ["€", 1],
    ["€", 2],
    ["😀", 1],
    ["😀", 2],
    ["😀", 3],
    // Its third byte is 0x80, the lowest continuation byte.
    ["\u{10000}", 3],
  ])(
    "names the line of a bad byte after %s cut after byte %i by the end of a chunk",
    async (character, cut) => {
      const { file, lineOf } = characterAcrossChunks(
        character,
        cut,
        Buffer.from([0x0a, 0x31, 0x0a, 0xff, 0x0a, 0x32, 0x0a]),
      );
      expect(await failure(file)).toMatchObject({ line: lineOf(0xff), problem: /not valid UTF-8/ });
    },
  );

  it("names the line of a bad byte after a chunk without a single ASCII byte that ends mid-character", async () => {
    const chunk = 256 * 1024;
    const header = Buffer.from("phone\n");
    // One cell of 日 (three bytes each) fills the rest of the first chunk and all of the second.
    const cell = Buffer.from("日".repeat(Math.ceil((2 * chunk - header.length) / 3)));
    expect((2 * chunk - header.length) % 3).not.toBe(0);
    const file = write(
      Buffer.concat([header, cell, Buffer.from("\n1\n"), Buffer.from([0xff]), Buffer.from("\n")]),
    );
    expect(await failure(file)).toMatchObject({ line: 4, problem: /not valid UTF-8/ });
  });

  it("names the line of a character a chunk's end cut and the next chunk does not complete", async () => {
    const { file } = characterAcrossChunks(Buffer.from([0xc3]), 1, Buffer.from("\n1\n2\n"));
    const error = await failure(file);
    const lines = (await readFile(file)).subarray(0, 256 * 1024).filter((b) => b === 0x0a).length + 1;
    expect(error).toMatchObject({ line: lines, problem: /not valid UTF-8/ });
  });

  it("refuses a file that ends in the middle of a UTF-8 character", async () => {
    const file = write(Buffer.concat([Buffer.from("phone\n1\n"), Buffer.from("é").subarray(0, 1)]));
    expect(await failure(file)).toMatchObject({
      line: 3,
      problem: "the file ends in the middle of a UTF-8 character",
    });
  });

  it("reports a syntax error as the file's, with its line", async () => {
    const file = write('phone,name\n1,ok\n2,"open\n');
    const error = await failure(file);
    expect(error).toMatchObject({ file: path.basename(file), line: 3, problem: /never closed/ });
  });

  it("says what is wrong with a path that is not a readable file", async () => {
    const missing = path.join(dir, "missing.csv");
    await expect(openCsv(missing)).rejects.toMatchObject({
      file: "missing.csv",
      line: null,
      problem: "no such file or folder",
    });
    const folder = path.join(dir, "folder.csv");
    mkdirSync(folder);
    await expect(openCsv(folder)).rejects.toMatchObject({ problem: "is a folder, not a file" });
  });

  it("leaves no file open when it refuses a file at its first look", async () => {
    // Linux lists a process's open files here; the test files run one per process.
    const openFiles = () => readdirSync("/proc/self/fd").length;
    const empty = write("");
    const utf16 = write(Buffer.from([0xff, 0xfe, 0x70, 0x00]));
    const before = openFiles();
    for (let attempt = 0; attempt < 10; attempt++) {
      await expect(openCsv(empty)).rejects.toThrow(ListInputError);
      await expect(openCsv(utf16)).rejects.toThrow(ListInputError);
    }
    expect(openFiles()).toBe(before);
  });

  it("leaves no file open when a read stops early, record by record, in batches or by range", async () => {
    const openFiles = () => readdirSync("/proc/self/fd").length;
    const rows = Array.from({ length: 20_000 }, (_, index) => `+1555${index},x`);
    const text = `phone,tag\n${rows.join("\n")}\n`;
    const file = write(text);
    const range = { start: 0, end: Buffer.byteLength(text), line: 1, header: true };
    const before = openFiles();
    for (let attempt = 0; attempt < 3; attempt++) {
      for await (const _ of (await openCsv(file)).records) break;
      for await (const _ of (await openCsv(file)).batches) break;
      for await (const _ of readCsvRange(file, "list.csv", ",", 2, range)) break;
    }
    // A stream closes its file a moment after it is destroyed: wait for the count, for at most 5 s.
    const deadline = Date.now() + 5000;
    while (openFiles() > before && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(openFiles()).toBe(before);
  });

  it("close stops the read: reading on fails instead of ending a list that looks whole", async () => {
    const rows = Array.from({ length: underMutation ? 30_000 : 100_000 }, (_, index) => `+1555${index}`);
    const file = write(`phone\n${rows.join("\n")}\n`);
    const csv = await openCsv(file);
    csv.close();
    let seen = 0;
    const reading = (async () => {
      for await (const _ of csv.records) seen += 1;
    })();
    await expect(reading).rejects.toThrow(/premature close/i);
    expect(seen).toBeLessThan(rows.length);
  });
});

describe("readCsvRange", () => {
  async function rangeRecords(
    file: string,
    range: { start: number; end: number; line: number; header: boolean },
    width = 2,
  ): Promise<CsvRecord[]> {
    const records: CsvRecord[] = [];
    for await (const batch of readCsvRange(file, "list.csv", ",", width, range)) records.push(...batch);
    return records;
  }

  it("reads the records between two offsets with the file's line numbers", async () => {
    const text = "a,b\n1,2\n3,4\n5,6\n";
    const file = write(text);
    const start = text.indexOf("3,4");
    expect(await rangeRecords(file, { start, end: text.length, line: 3, header: false })).toEqual([
      { line: 3, cells: ["3", "4"] },
      { line: 4, cells: ["5", "6"] },
    ]);
    expect(await rangeRecords(file, { start: 0, end: start, line: 1, header: true })).toEqual([
      { line: 2, cells: ["1", "2"] },
    ]);
  });

  it("reads nothing from an empty range", async () => {
    const file = write("a,b\n1,2\n");
    expect(await rangeRecords(file, { start: 4, end: 4, line: 2, header: false })).toEqual([]);
  });

  it("keeps a U+FEFF at the start of a later range as data", async () => {
    const text = "a,b\n\uFEFFx,2\n";
    const file = write(text);
    const start = Buffer.byteLength("a,b\n");
    const records = await rangeRecords(file, { start, end: Buffer.byteLength(text), line: 2, header: false });
    expect(records).toEqual([{ line: 2, cells: ["\uFEFFx", "2"] }]);
  });

  it("skips only the header row of a range that starts the file, however many chunks it is read in", async () => {
    // 64 KiB chunks: the rows below fill three.
    const rows = Array.from({ length: 6000 }, (_, index) => `+1555${index},x`);
    const text = `phone,tag\n${rows.join("\n")}\n`;
    const records = await rangeRecords(write(text), {
      start: 0,
      end: Buffer.byteLength(text),
      line: 1,
      header: true,
    });
    expect(records).toHaveLength(rows.length);
    expect(records[0]).toEqual({ line: 2, cells: ["+15550", "x"] });
    expect(records.at(-1)?.cells[0]).toBe("+15555999");
  });

  it("skips a header row longer than a chunk, and nothing else", async () => {
    const text = `phone,${"n".repeat(70_000)}\n1,2\n3,4\n`;
    const records = await rangeRecords(write(text), {
      start: 0,
      end: Buffer.byteLength(text),
      line: 1,
      header: true,
    });
    expect(records).toEqual([
      { line: 2, cells: ["1", "2"] },
      { line: 3, cells: ["3", "4"] },
    ]);
  });

  it("checks each record against the header's width", async () => {
    const text = "a,b\n1,2\n3\n";
    const file = write(text);
    await expect(
      rangeRecords(file, { start: 0, end: Buffer.byteLength(text), line: 1, header: true }),
    ).rejects.toMatchObject({ file: "list.csv", line: 3, problem: /1 columns but the header row has 2/ });
  });
});
