/**
 * Streams the records of a provider's CSV export: UTF-8 with or without a
 * BOM, comma or semicolon delimited, quoted fields with embedded newlines,
 * CRLF. Malformed input stops with an error naming the file and line.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { parse } from "csv-parse";

export class ListInputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly problem: string,
  ) {
    super(`${file}${line === null ? "" : `:${line}`}: ${problem}`);
  }
}

export interface CsvRecord {
  /** 1-based line where the record starts (the header is line 1). */
  line: number;
  cells: string[];
}

export interface CsvFile {
  headers: string[];
  delimiter: "," | ";";
  records: AsyncIterable<CsvRecord>;
}

/** Fields longer than this are certainly not a subscriber export (and would eat memory). */
const MAX_FIELD_BYTES = 1_000_000;

/** Index of the first byte that cannot start or continue a UTF-8 sequence (approximate, for messages). */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  for (let index = 0; index < bytes.length; ) {
    const lead = bytes[index] as number;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead < 0xe0
          ? 2
          : lead >= 0xe0 && lead < 0xf0
            ? 3
            : lead >= 0xf0 && lead < 0xf5
              ? 4
              : 0;
    if (length === 0) return index;
    for (let offset = 1; offset < length; offset++) {
      const next = bytes[index + offset];
      if (next === undefined) return bytes.length;
      if ((next & 0xc0) !== 0x80) return index;
    }
    index += length;
  }
  return bytes.length;
}

/** Rejects bytes that are not UTF-8 instead of silently turning them into U+FFFD. */
class Utf8Guard extends Transform {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });
  private line = 1;

  constructor(private readonly file: string) {
    super();
  }

  private countLines(bytes: Uint8Array) {
    for (let index = bytes.indexOf(0x0a); index !== -1; index = bytes.indexOf(0x0a, index + 1))
      this.line += 1;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    try {
      this.decoder.decode(chunk, { stream: true });
      this.countLines(chunk);
      callback(null, chunk);
    } catch {
      this.countLines(chunk.subarray(0, firstInvalidUtf8Byte(chunk)));
      callback(
        new ListInputError(
          this.file,
          this.line,
          "the file is not valid UTF-8; save or export it as UTF-8 (CSV UTF-8 in Excel) and try again",
        ),
      );
    }
  }

  override _flush(callback: TransformCallback) {
    try {
      this.decoder.decode();
      callback();
    } catch {
      callback(new ListInputError(this.file, this.line, "the file ends in the middle of a UTF-8 character"));
    }
  }
}

/** Looks at the start of the file: encoding marks, and which delimiter the header uses. */
async function sniff(file: string, label: string): Promise<"," | ";"> {
  const handle = await open(file, "r").catch((error: NodeJS.ErrnoException) => {
    const reason =
      error.code === "ENOENT" ? "no such file" : error.code === "EISDIR" ? "is a folder" : error.message;
    throw new ListInputError(label, null, reason);
  });
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    if (bytesRead === 0) throw new ListInputError(label, null, "the file is empty");
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      throw new ListInputError(label, 1, "the file is UTF-16; export it as UTF-8 CSV and try again");
    }
    const text = head.toString("utf8");
    const headerLine = text.split(/\r?\n/, 1)[0] ?? "";
    const outsideQuotes = headerLine.replace(/"[^"]*"/g, "");
    const commas = outsideQuotes.split(",").length - 1;
    const semicolons = outsideQuotes.split(";").length - 1;
    return semicolons > commas ? ";" : ",";
  } finally {
    await handle.close();
  }
}

function describeParseError(error: unknown): { line: number | null; problem: string } {
  const parseError = error as { code?: string; lines?: number; message?: string };
  const line = typeof parseError.lines === "number" ? parseError.lines : null;
  switch (parseError.code) {
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
      return { line, problem: "this row has a different number of columns than the header row" };
    case "CSV_QUOTE_NOT_CLOSED":
      return { line, problem: "a quoted field is never closed (unbalanced double quote)" };
    case "CSV_INVALID_CLOSING_QUOTE":
    case "INVALID_OPENING_QUOTE":
      return { line, problem: "a double quote appears inside an unquoted field or after a closing quote" };
    case "CSV_MAX_RECORD_SIZE":
      return {
        line,
        problem: `a field is longer than ${MAX_FIELD_BYTES} characters; this is not a subscriber list`,
      };
    default:
      return { line, problem: `malformed CSV (${parseError.message ?? "unknown error"})` };
  }
}

export async function openCsv(file: string): Promise<CsvFile> {
  const label = path.basename(file);
  const delimiter = await sniff(file, label);
  const parser = parse({
    bom: true,
    delimiter,
    relax_column_count: false,
    skip_empty_lines: true,
    max_record_size: MAX_FIELD_BYTES,
    info: true,
  });
  const guard = new Utf8Guard(label);
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  source.on("error", (error) => guard.destroy(error));
  guard.on("error", (error) => parser.destroy(error));
  source.pipe(guard).pipe(parser);

  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{
    record: string[];
    info: { lines: number };
  }>;
  const translate = (error: unknown): never => {
    if (error instanceof ListInputError) throw error;
    const { line, problem } = describeParseError(error);
    throw new ListInputError(label, line, problem);
  };

  const first = await iterator.next().catch(translate);
  if (first.done) throw new ListInputError(label, 1, "the file has no header row");
  const headers = first.value.record.map((header) => header.replace(/^\uFEFF/, "").trim());
  let previousEnd = first.value.info.lines;

  async function* records(): AsyncGenerator<CsvRecord> {
    try {
      for (;;) {
        const next = await iterator.next().catch(translate);
        if (next.done) return;
        yield { line: previousEnd + 1, cells: next.value.record };
        previousEnd = next.value.info.lines;
      }
    } finally {
      source.destroy();
    }
  }
  return { headers, delimiter, records: records() };
}
