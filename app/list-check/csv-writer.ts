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

export function csvField(value: string): string {
  // A cell starting like a formula would run in a spreadsheet: prefix it. Phones
  // (+34...) and ordinary text ("- yes") are left exactly as they are.
  const safe = /^(=|@|[+-][^\d\s])/.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
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
}

export async function* readLines(filePath: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(filePath), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) if (line !== "") yield line;
}

export class StagedCsvFile {
  private readonly writer: LineWriter;
  rows = 0;

  constructor(
    readonly finalPath: string,
    header: readonly string[],
  ) {
    this.writer = new LineWriter(
      path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${process.pid}.partial`),
    );
    void this.writer.writeRaw(csvLine(header));
  }

  write(values: readonly string[]): Promise<void> {
    this.rows += 1;
    return this.writer.writeRaw(csvLine(values));
  }

  /** Flushes to disk. The file keeps its temporary name until publish(). */
  close(): Promise<void> {
    return this.writer.close();
  }

  publish(): Promise<void> {
    return rename(this.writer.filePath, this.finalPath);
  }

  async discard(): Promise<void> {
    this.writer.destroy();
    await rm(this.writer.filePath, { force: true });
  }
}
