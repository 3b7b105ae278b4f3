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
import type { CsvRange } from "../csv/read-csv";

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * About `parts` ranges of similar size (fewer when records are too long to
 * cut there). The first range starts at byte 0 and holds the header row;
 * no cut is made before the header row has ended.
 */
export async function splitCsv(file: string, parts: number, chunkBytes = 1024 * 1024): Promise<CsvRange[]> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const targets: number[] = [];
    for (let part = 1; part < parts; part++) targets.push(Math.floor((size * part) / parts));
    const scan = new Scan(size, targets);
    const buffer = Buffer.allocUnsafe(chunkBytes);
    for (let offset = 0; offset < size && !scan.finished; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      if (bytesRead === 0) break;
      scan.chunk(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead), offset);
      offset += bytesRead;
    }
    return scan.ranges();
  } finally {
    await handle.close();
  }
}

class Scan {
  private readonly cuts: CsvRange[] = [];
  private rangeStart = 0;
  private rangeLine = 1;
  private nextTarget = 0;
  private quoted = false;
  /** The line the next byte is on. */
  private line = 1;
  /** The previous chunk ended with a CR outside quotes. */
  private crAtChunkEnd = false;
  // The header row is the first record with something in it; blank lines (and
  // a byte order mark) before it are not. No cut until a line with content has
  // ended outside quotes.
  private headerDone = false;
  private content = false;

  constructor(
    private readonly size: number,
    private readonly targets: readonly number[],
  ) {}

  get finished(): boolean {
    return this.nextTarget >= this.targets.length;
  }

  chunk(bytes: Buffer, offset: number): void {
    let from = 0;
    if (this.crAtChunkEnd) {
      if (bytes[0] !== LF) this.line += 1;
      this.crAtChunkEnd = false;
    }
    if (!this.headerDone) from = this.scanHeader(bytes, offset);
    if (from < bytes.length && !this.finished) this.scanRecords(bytes, offset, from);
  }

  ranges(): CsvRange[] {
    return [
      ...this.cuts,
      { start: this.rangeStart, end: this.size, line: this.rangeLine, header: this.rangeStart === 0 },
    ];
  }

  /** Byte by byte until the header row has ended; returns where to go on from. */
  private scanHeader(bytes: Buffer, offset: number): number {
    for (let index = 0; index < bytes.length; index++) {
      const byte = bytes[index] as number;
      if (byte === QUOTE) {
        this.quoted = !this.quoted;
        this.content = true;
      } else if (byte === LF) {
        this.line += 1;
        if (this.quoted) continue;
        if (this.content) {
          this.headerDone = true;
          this.lineEnd(offset + index);
          return index + 1;
        }
      } else if (byte === CR) {
        this.cr(bytes, index);
      } else if (byte !== 0xef && byte !== 0xbb && byte !== 0xbf) {
        this.content = true;
      }
    }
    return bytes.length;
  }

  /** The rest: jumps from quote to LF to CR with indexOf (native, fast). */
  private scanRecords(bytes: Buffer, offset: number, from: number): void {
    let quote = bytes.indexOf(QUOTE, from);
    let lf = bytes.indexOf(LF, from);
    let cr = bytes.indexOf(CR, from);
    for (;;) {
      if (quote !== -1 && (lf === -1 || quote < lf) && (cr === -1 || quote < cr)) {
        this.quoted = !this.quoted;
        quote = bytes.indexOf(QUOTE, quote + 1);
      } else if (lf !== -1 && (cr === -1 || lf < cr)) {
        this.line += 1;
        if (!this.quoted) {
          this.lineEnd(offset + lf);
          if (this.finished) return;
        }
        lf = bytes.indexOf(LF, lf + 1);
      } else if (cr !== -1) {
        this.cr(bytes, cr);
        cr = bytes.indexOf(CR, cr + 1);
      } else {
        return;
      }
    }
  }

  private cr(bytes: Buffer, index: number): void {
    if (this.quoted) return;
    if (index + 1 < bytes.length) {
      if (bytes[index + 1] !== LF) this.line += 1;
    } else {
      this.crAtChunkEnd = true;
    }
  }

  /** An LF outside quotes at `position`: a record ends; cut there when a target is reached. */
  private lineEnd(position: number): void {
    const cut = position + 1;
    if (cut < (this.targets[this.nextTarget] as number) || cut >= this.size) return;
    this.cuts.push({ start: this.rangeStart, end: cut, line: this.rangeLine, header: this.rangeStart === 0 });
    this.rangeStart = cut;
    this.rangeLine = this.line;
    while (!this.finished && (this.targets[this.nextTarget] as number) <= cut) this.nextTarget += 1;
  }
}
