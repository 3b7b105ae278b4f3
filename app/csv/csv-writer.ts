/**
 * Streaming file output with backpressure (memory stays flat however many
 * rows are written), and RFC 4180 CSV (UTF-8, CRLF, quotes where needed)
 * staged under a temporary name that only becomes the real one on publish(),
 * so a failed run leaves nothing behind that looks like a result.
 */
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";

const NEEDS_QUOTES = /[",\r\n]/;
/** A phone number and nothing else: "+", then digits, spaces and ( ) - . / with at least 7 digits. */
const PHONE_ONLY = /^\+[\d ()./-]*$/;
const MIN_PHONE_DIGITS = 7;

/** = + - @ tab CR: a spreadsheet may read a cell starting with one of these as a formula. */
function startsLikeFormula(first: number): boolean {
  return first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13;
}

function isPhoneOnly(value: string): boolean {
  if (!PHONE_ONLY.test(value)) return false;
  let digits = 0;
  for (let index = 1; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits >= MIN_PHONE_DIGITS;
}

/**
 * The cell as written to a CSV file: a value that starts with = + - @, a tab
 * or a carriage return gets a leading ' so that no spreadsheet runs it as a
 * formula; a phone number on its own (+34 612 345 678) keeps its +. Every CSV
 * the project writes goes through here. Readers (values.ts cleanCell, phone.ts)
 * drop a leading ' again, so a file we wrote reads back as it was.
 */
export function neutralizeCell(value: string): string {
  return startsLikeFormula(value.charCodeAt(0)) && !isPhoneOnly(value) ? `'${value}` : value;
}

/** One RFC 4180 field: neutralised, then quoted when it holds a quote, comma or line break. */
export function csvField(value: string): string {
  const safe = neutralizeCell(value);
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The fields of one row, comma-separated, without the line end. */
export function csvFields(values: readonly string[]): string {
  let text = "";
  for (let index = 0; index < values.length; index++) {
    if (index > 0) text += ",";
    text += csvField(values[index] as string);
  }
  return text;
}

export function csvLine(values: readonly string[]): string {
  return `${csvFields(values)}\r\n`;
}

/** Writes lines to a file, waiting for the disk whenever its buffer is full. */
export class LineWriter {
  private readonly stream: WriteStream;
  private failure: Error | null = null;

  constructor(readonly filePath: string) {
    this.stream = createWriteStream(filePath, { highWaterMark: 256 * 1024 });
    this.stream.on("error", (error) => {
      this.failure = error;
    });
  }

  /** Resolves at once unless the disk is behind. `text` must end with its own newline when one is wanted. */
  async writeRaw(text: string | Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.write(text)) await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    this.stream.end();
    await once(this.stream, "finish");
  }

  /** Destroys the stream and waits until its file is closed. */
  async abort(): Promise<void> {
    if (this.stream.closed) return;
    const closed = once(this.stream, "close").catch(() => undefined);
    this.stream.destroy();
    await closed;
  }
}

const BYTE_CHUNK = 256 * 1024;

/**
 * Collects output, as bytes (pass 2 copies staged rows without decoding them)
 * or text, in 256 KB buffers and hands each full one to the LineWriter: one
 * write per 256 KB instead of one per row. add*() never wait; call
 * flushIfFull() now and then (once per batch of rows) to respect the disk's backpressure.
 */
export class ByteBuffer {
  private chunk = Buffer.allocUnsafe(BYTE_CHUNK);
  private used = 0;
  private full: Buffer[] = [];

  constructor(readonly writer: LineWriter) {}

  /** Copies bytes[start, end) (the caller may reuse that memory right after). */
  addRange(bytes: Buffer, start: number, end: number): void {
    const length = end - start;
    if (length > BYTE_CHUNK - this.used) {
      this.retire();
      if (length > BYTE_CHUNK) {
        this.full.push(Buffer.from(bytes.subarray(start, end)));
        return;
      }
    }
    bytes.copy(this.chunk, this.used, start, end);
    this.used += length;
  }

  /** `length`: the text's UTF-8 byte length, when the caller knows it already. */
  addText(text: string, length = Buffer.byteLength(text)): void {
    if (length > BYTE_CHUNK - this.used) {
      this.retire();
      if (length > BYTE_CHUNK) {
        this.full.push(Buffer.from(text));
        return;
      }
    }
    this.chunk.write(text, this.used);
    this.used += length;
  }

  async flushIfFull(): Promise<void> {
    const full = this.full;
    this.full = [];
    for (const buffer of full) await this.writer.writeRaw(buffer);
  }

  async close(): Promise<void> {
    this.retire();
    await this.flushIfFull();
    await this.writer.close();
  }

  private retire(): void {
    if (this.used === 0) return;
    this.full.push(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(BYTE_CHUNK);
    this.used = 0;
  }
}

export class StagedCsvFile {
  private readonly writer: LineWriter;
  private readonly buffer: ByteBuffer;
  rows = 0;

  constructor(
    readonly finalPath: string,
    header: readonly string[],
  ) {
    this.writer = new LineWriter(
      path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${process.pid}.partial`),
    );
    this.buffer = new ByteBuffer(this.writer);
    this.buffer.addText(csvLine(header));
  }

  write(values: readonly string[]): Promise<void> {
    this.rows += 1;
    this.buffer.addText(csvLine(values));
    return this.buffer.flushIfFull();
  }

  /**
   * Adds one row given as UTF-8 CSV, bytes[start, end), then `rest` (text that
   * completes it, its line end included, when the bytes lack it). Call
   * flushIfFull() now and then.
   */
  writeRow(bytes: Buffer, start: number, end: number, rest = ""): void {
    this.rows += 1;
    this.buffer.addRange(bytes, start, end);
    if (rest !== "") this.buffer.addText(rest);
  }

  flushIfFull(): Promise<void> {
    return this.buffer.flushIfFull();
  }

  /** Flushes to disk. The file keeps its temporary name until publish(). */
  close(): Promise<void> {
    return this.buffer.close();
  }

  publish(): Promise<void> {
    return rename(this.writer.filePath, this.finalPath);
  }

  async discard(): Promise<void> {
    await this.writer.abort();
    await rm(this.writer.filePath, { force: true });
  }
}
