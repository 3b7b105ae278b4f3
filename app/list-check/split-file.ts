/**
 * Cuts a CSV file into byte ranges that start and end at record boundaries,
 * so worker threads can each parse one on their own (see ./parallel.ts).
 *
 * One streaming pass over the bytes, no decoding: a newline ends a record
 * iff the number of double quotes before it is even (in valid CSV a quote
 * only opens, closes or doubles inside a quoted field). Invalid CSV may get
 * ranges cut in odd places, but never before its first error, so the range
 * holding that error still fails (the caller then reports it exactly).
 * Line numbers are counted as CsvParser counts them: every LF, plus every CR
 * outside quotes that is not followed by an LF (a lone CR ends a record).
 */
import { open } from "node:fs/promises";
import type { CsvRange } from "./read-csv";

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * About `parts` ranges of similar size (fewer when records are too long to
 * cut there). The first range starts at byte 0 and holds the header row;
 * no cut is made before the header row has ended.
 */
export async function splitCsv(file: string, parts: number): Promise<CsvRange[]> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const targets: number[] = [];
    for (let part = 1; part < parts; part++) targets.push(Math.floor((size * part) / parts));
    const ranges: CsvRange[] = [];
    let rangeStart = 0;
    let rangeLine = 1;
    let nextTarget = 0;

    let quoted = false;
    /** The line the next byte is on. */
    let line = 1;
    let crAtChunkEnd = false;
    // The header row is the first record with something in it; blank lines
    // (and a byte order mark) before it are not. Until a line with content has
    // ended outside quotes, no cut.
    let headerDone = false;
    let content = false;

    const buffer = Buffer.allocUnsafe(1024 * 1024);
    for (let offset = 0; offset < size && nextTarget < targets.length; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      if (bytesRead === 0) break;
      let index = 0;
      if (crAtChunkEnd) {
        if (buffer[0] !== LF) line += 1;
        crAtChunkEnd = false;
      }
      for (; index < bytesRead; index++) {
        const byte = buffer[index] as number;
        if (byte > QUOTE) {
          if (!headerDone && byte !== 0xef && byte !== 0xbb && byte !== 0xbf) content = true;
          continue;
        }
        if (byte === QUOTE) {
          quoted = !quoted;
          content = true;
        } else if (byte === LF) {
          line += 1;
          if (quoted) continue;
          if (!headerDone) {
            headerDone = content;
            content = false;
            if (!headerDone) continue;
          }
          const cut = offset + index + 1;
          if (cut >= (targets[nextTarget] as number) && cut < size) {
            ranges.push({ start: rangeStart, end: cut, line: rangeLine, header: rangeStart === 0 });
            rangeStart = cut;
            rangeLine = line;
            while (nextTarget < targets.length && (targets[nextTarget] as number) <= cut) nextTarget += 1;
            if (nextTarget === targets.length) break;
          }
        } else if (byte === CR) {
          if (quoted) continue;
          if (index + 1 < bytesRead) {
            if (buffer[index + 1] !== LF) line += 1;
          } else {
            crAtChunkEnd = true;
          }
        } else if (!headerDone) {
          content = true;
        }
      }
      offset += bytesRead;
    }
    ranges.push({ start: rangeStart, end: size, line: rangeLine, header: rangeStart === 0 });
    return ranges;
  } finally {
    await handle.close();
  }
}
