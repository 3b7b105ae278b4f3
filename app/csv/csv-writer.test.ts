/**
 * The CSV writer's own promises, one behaviour per test: which cells are
 * neutralised and quoted, how a row is laid out, how output is batched into
 * 256 KB writes, what a disk error does, and that a staged file appears under
 * its real name only on publish and leaves nothing behind when discarded.
 * csv-neutralize.test.ts holds the property over every writer.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { tempDir } from "../../test/helpers/temp";
import { ByteBuffer, csvField, csvLine, LineWriter, neutralizeCell, StagedCsvFile } from "./csv-writer";

const KB = 1024;
const CHUNK = 256 * KB;

describe("neutralizeCell", () => {
  it.each([
    ["=SUM(A1)", "'=SUM(A1)"],
    ["+A1", "'+A1"],
    ["-2+3", "'-2+3"],
    ["@cmd", "'@cmd"],
    ["\tx", "'\tx"],
    ["\rx", "'\rx"],
    ["plain", "plain"],
    ["a=b", "a=b"],
    ["", ""],
  ])("%j is written as %j", (cell, written) => {
    expect(neutralizeCell(cell)).toBe(written);
  });

  it("keeps the + of a phone number alone, whatever separators group its digits", () => {
    for (const phone of [
      "+34612345678",
      "+34 612 345 678",
      "+1 (212) 555-0100",
      "+44.20/7946.0958",
      "+1234567",
    ]) {
      expect(neutralizeCell(phone)).toBe(phone);
    }
  });

  it("neutralises a + cell with seven digits but anything else a phone number does not hold", () => {
    expect(neutralizeCell("+1234567=A1")).toBe("'+1234567=A1");
    expect(neutralizeCell("+1234567 SUM")).toBe("'+1234567 SUM");
  });

  it("needs seven digits: separators do not count, six digits are not a phone number", () => {
    expect(neutralizeCell("+123456")).toBe("'+123456");
    expect(neutralizeCell("+12 (34) -5/6.")).toBe("'+12 (34) -5/6.");
    expect(neutralizeCell("+ ( ) - . / ( )")).toBe("'+ ( ) - . / ( )");
  });
});

describe("csvField and csvLine", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rhere", '"cr\rhere"'],
    ["=1,2", '"\'=1,2"'],
    ['="x"', '"\'=""x"""'],
  ])("%j is the field %j", (cell, field) => {
    expect(csvField(cell)).toBe(field);
  });

  it("separates fields by commas, none before the first, and ends the line with CRLF", () => {
    expect(csvLine(["a", "b", "c"])).toBe("a,b,c\r\n");
    expect(csvLine(["only"])).toBe("only\r\n");
    expect(csvLine(["", ""])).toBe(",\r\n");
    expect(csvLine([])).toBe("\r\n");
  });
});

/** A real LineWriter that also notes the size of each write it is handed. */
class RecordingWriter extends LineWriter {
  readonly writes: number[] = [];

  override writeRaw(text: string | Uint8Array): Promise<void> {
    this.writes.push(typeof text === "string" ? Buffer.byteLength(text) : text.byteLength);
    return super.writeRaw(text);
  }
}

type Add = (buffer: ByteBuffer, piece: Buffer) => void;

/** Hands the piece over from the middle of a larger buffer, which the caller then reuses. */
const addRange: Add = (buffer, piece) => {
  const carrier = Buffer.concat([Buffer.from("<<"), piece, Buffer.from(">>")]);
  buffer.addRange(carrier, 2, 2 + piece.length);
  carrier.fill(0);
};
const addText: Add = (buffer, piece) => buffer.addText(piece.toString("latin1"));

/** Pieces of ASCII text, each its own letter so misplaced bytes show. */
function pieces(sizes: readonly number[]): Buffer[] {
  return sizes.map((size, index) => Buffer.alloc(size, 97 + (index % 26)));
}

describe.each([
  ["addRange", addRange],
  ["addText", addText],
])("ByteBuffer.%s", (_name, add) => {
  async function written(sizes: readonly number[]): Promise<number[]> {
    const file = path.join(tempDir("wa-bytebuffer-"), "out.bin");
    const writer = new RecordingWriter(file);
    const buffer = new ByteBuffer(writer);
    const parts = pieces(sizes);
    for (const part of parts) {
      add(buffer, part);
      await buffer.flushIfFull();
    }
    await buffer.close();
    expect(readFileSync(file).equals(Buffer.concat(parts))).toBe(true);
    return writer.writes;
  }

  it("gathers small pieces into one write per 256 KB, filling each to the byte", async () => {
    expect(await written(Array(300).fill(KB))).toEqual([CHUNK, 44 * KB]);
  });

  it("starts a new batch with the piece that does not fit", async () => {
    expect(await written([CHUNK - 10, 11, 5])).toEqual([CHUNK - 10, 16]);
  });

  it("writes a piece larger than 256 KB on its own, after what came before it", async () => {
    expect(await written([10, CHUNK + 1, 20, 30])).toEqual([10, CHUNK + 1, 50]);
  });

  it("never issues an empty write", async () => {
    expect(await written([CHUNK + 5])).toEqual([CHUNK + 5]);
    expect(await written([])).toEqual([]);
  });
});

it("ByteBuffer.addText counts UTF-8 bytes, not characters", async () => {
  const file = path.join(tempDir("wa-bytebuffer-"), "out.csv");
  const buffer = new ByteBuffer(new LineWriter(file));
  const text = "José,Zoë,日本\r\n";
  for (let row = 0; row < 20_000; row++) buffer.addText(text);
  await buffer.close();
  expect(readFileSync(file, "utf8")).toBe(text.repeat(20_000));
});

describe("LineWriter after a disk error", () => {
  it("reports the error on close and on every later call instead of hanging or going on", async () => {
    const writer = new LineWriter(path.join(tempDir("wa-linewriter-"), "missing-folder", "out.csv"));
    await expect(writer.close()).rejects.toMatchObject({ code: "ENOENT" });
    await expect(writer.writeRaw("more\r\n")).rejects.toMatchObject({ code: "ENOENT" });
    await expect(writer.close()).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("StagedCsvFile", () => {
  const partialOf = (finalPath: string) =>
    path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${process.pid}.partial`);

  it("holds the header, the rows as given and their count; the real name appears only on publish", async () => {
    const dir = tempDir("wa-staged-");
    const finalPath = path.join(dir, "group-a.csv");
    const file = new StagedCsvFile(finalPath, ["phone", "note"]);
    await file.write(["+34 612 345 678", "=cmd"]);
    const staged = Buffer.from("xx+1,staged row\r\nyy");
    file.writeRow(staged, 2, 17);
    file.writeRow(Buffer.from("+2,ends"), 0, 7, " here\r\n");
    await file.write(["a,b", 'say "hi"']);
    expect(file.rows).toBe(4);
    await file.close();
    expect(existsSync(finalPath)).toBe(false);
    await file.publish();
    expect(readFileSync(finalPath, "utf8")).toBe(
      'phone,note\r\n+34 612 345 678,\'=cmd\r\n+1,staged row\r\n+2,ends here\r\n"a,b","say ""hi"""\r\n',
    );
    expect(readdirSync(dir)).toEqual(["group-a.csv"]);
  });

  it("hands rows to the disk once 256 KB are gathered, before close", async () => {
    const finalPath = path.join(tempDir("wa-staged-"), "big.csv");
    const file = new StagedCsvFile(finalPath, ["h"]);
    const row = Buffer.from(`${"x".repeat(CHUNK)}\r\n`);
    file.writeRow(row, 0, row.length);
    await file.flushIfFull();
    await vi.waitFor(() => expect(statSync(partialOf(finalPath)).size).toBeGreaterThanOrEqual(row.length), {
      timeout: 20_000,
    });
    await file.discard();
  });

  it("discard removes the staged file, lets go of its handle, and may be called again", async () => {
    const dir = tempDir("wa-staged-");
    const finalPath = path.join(dir, "group-b.csv");
    const partial = partialOf(finalPath);
    const file = new StagedCsvFile(finalPath, ["h"]);
    await file.write(["row"]);
    // The stream opens its file in the background: wait until it has.
    await vi.waitFor(() => expect(existsSync(partial)).toBe(true), { timeout: 20_000 });
    await file.discard();
    expect(readdirSync(dir)).toEqual([]);
    const open = readdirSync("/proc/self/fd").flatMap((fd) => {
      try {
        return [readlinkSync(path.join("/proc/self/fd", fd))];
      } catch {
        return [];
      }
    });
    expect(open.filter((target) => target.startsWith(partial))).toEqual([]);
    await expect(file.discard()).resolves.toBeUndefined();
  });
});
