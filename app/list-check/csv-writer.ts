/**
 * Streaming file output with backpressure (memory stays flat however many
 * rows are written), and RFC 4180 CSV (UTF-8, CRLF, quotes where needed)
 * staged under a temporary name that only becomes the real one on publish(),
 * so a failed run leaves nothing behind that looks like a result.
 */
import { once } from "node:events";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^(=|@|[+-][^\d\s])/;

export function csvField(value: string): string {
  // A cell starting like a formula would run in a spreadsheet: prefix it. Phones
  // (+34...) and ordinary text ("- yes") are left exactly as they are. Only
  // = @ + - can start one, so most cells skip the pattern (hot path).
  const first = value.charCodeAt(0);
  const formula = (first === 61 || first === 64 || first === 43 || first === 45) && FORMULA_START.test(value);
  const safe = formula ? `'${value}` : value;
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
  async writeRaw(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.write(text)) await once(this.stream, "drain");
  }

  write(line: string): Promise<void> {
    return this.writeRaw(`${line}\n`);
  }

  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    this.stream.end();
    await once(this.stream, "finish");
  }

  destroy(): void {
    this.stream.destroy();
  }

  /** Destroys the stream and waits until its file is closed. */
  async abort(): Promise<void> {
    if (this.stream.closed) return;
    const closed = once(this.stream, "close").catch(() => undefined);
    this.stream.destroy();
    await closed;
  }
}

/**
 * Collects text and hands it to a LineWriter in large pieces: one write per
 * ~64 KB instead of one per row. add() never waits; call flushIfFull() now
 * and then (once per batch of rows) to respect the disk's backpressure.
 */
export class TextBuffer {
  private parts: string[] = [];
  private size = 0;

  constructor(
    readonly writer: LineWriter,
    private readonly limit = 64 * 1024,
  ) {}

  add(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  async flushIfFull(): Promise<void> {
    if (this.size >= this.limit) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const text = this.parts.join("");
    this.parts = [];
    this.size = 0;
    await this.writer.writeRaw(text);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.writer.close();
  }
}

export async function* readLines(filePath: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(filePath), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) if (line !== "") yield line;
}

export class StagedCsvFile {
  private readonly writer: LineWriter;
  private readonly buffer: TextBuffer;
  rows = 0;

  constructor(
    readonly finalPath: string,
    header: readonly string[],
  ) {
    this.writer = new LineWriter(
      path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${process.pid}.partial`),
    );
    this.buffer = new TextBuffer(this.writer);
    this.buffer.add(csvLine(header));
  }

  write(values: readonly string[]): Promise<void> {
    this.writeLine(csvLine(values));
    return this.buffer.flushIfFull();
  }

  /** Adds a row already written as CSV text (ending in CRLF); call flushIfFull() now and then. */
  writeLine(line: string): void {
    this.rows += 1;
    this.buffer.add(line);
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
