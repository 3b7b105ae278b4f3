/**
 * Writes RFC 4180 CSV (UTF-8, CRLF, quotes where needed) to a temporary file
 * that only takes its real name on commit(), so a failed run leaves nothing
 * behind that looks like a result.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";

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

export class StagedCsvFile {
  private readonly stream: WriteStream;
  private readonly tempPath: string;
  private failure: Error | null = null;
  rows = 0;

  constructor(
    readonly finalPath: string,
    header: readonly string[],
  ) {
    this.tempPath = path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${process.pid}.partial`);
    this.stream = createWriteStream(this.tempPath, { highWaterMark: 256 * 1024 });
    this.stream.on("error", (error) => {
      this.failure = error;
    });
    this.stream.write(csvLine(header));
  }

  /** Resolves immediately unless the disk is behind, keeping memory flat. */
  async write(values: readonly string[]): Promise<void> {
    if (this.failure) throw this.failure;
    this.rows += 1;
    if (!this.stream.write(csvLine(values))) {
      await new Promise<void>((resolve, reject) => {
        this.stream.once("drain", resolve);
        this.stream.once("error", reject);
      });
    }
  }

  /** Flushes to disk. The file keeps its temporary name until publish(). */
  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.stream.once("error", reject);
      this.stream.end(resolve);
    });
    if (this.failure) throw this.failure;
  }

  async publish(): Promise<void> {
    await rename(this.tempPath, this.finalPath);
  }

  async discard(): Promise<void> {
    this.stream.destroy();
    await rm(this.tempPath, { force: true });
  }
}
