/**
 * Streams the records of a provider's CSV export: UTF-8 with or without a
 * BOM, comma or semicolon delimited, quoted fields with embedded newlines,
 * CRLF. Malformed input stops with an error naming the file and line.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { CsvParser, CsvSyntaxError, type ParsedRecord } from "./csv-parser";
import { asFileSystemError, fileSystemReason } from "./fs-errors";

export class ListInputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly problem: string,
  ) {
    super(`${file}${line === null ? "" : `:${line}`}: ${problem}`);
  }
}

export type CsvRecord = ParsedRecord;

export interface CsvFile {
  headers: string[];
  delimiter: "," | ";";
  records: AsyncIterable<CsvRecord>;
  /** The same records a chunk at a time (faster); iterate either this or `records`, not both. */
  batches: AsyncIterable<CsvRecord[]>;
  /** Stops reading (when the records will not be iterated to the end). */
  close(): void;
}

/** Fields longer than this are certainly not a subscriber export (and would eat memory). */
const MAX_FIELD_LENGTH = 1_000_000;

/** How many bytes the UTF-8 character that starts with `lead` takes; 0 when no character starts so. */
function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  // A continuation byte, or the start of an overlong two-byte form.
  if (lead < 0xc2) return 0;
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  // Past 0xF4 every character would be beyond U+10FFFF.
  return lead < 0xf5 ? 4 : 0;
}

/**
 * The lowest and highest byte allowed after `lead`: narrower than a plain
 * continuation byte after the four leads whose next byte could make an overlong
 * form, a UTF-16 surrogate or a character beyond U+10FFFF.
 */
function secondByteRange(lead: number): readonly [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/**
 * Index of the first byte at which a strict UTF-8 decoder fails (the lead byte
 * of a bad sequence); the length when none does. A character cut short at the
 * end is no failure here: the next chunk may complete it.
 */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  for (let index = 0; index < bytes.length; ) {
    const lead = bytes[index] as number;
    const length = utf8Length(lead);
    if (length === 0) return index;
    for (let offset = 1; offset < length; offset++) {
      const [low, high] = offset === 1 ? secondByteRange(lead) : [0x80, 0xbf];
      // A byte past the end stands for the continuation the next chunk brings.
      const next = bytes[index + offset] ?? low;
      if (next < low || next > high) return index;
    }
    index += length;
  }
  return bytes.length;
}

const NO_BYTES = new Uint8Array(0);

/**
 * The bytes of a chunk's last character, from its lead byte (a copy: the stream
 * may reuse the chunk). When the chunk ends in the middle of a character, this
 * is the start that the next chunk completes.
 */
function lastCharacter(bytes: Uint8Array): Uint8Array {
  for (let index = bytes.length - 1; index >= 0; index--) {
    const byte = bytes[index] as number;
    if (byte < 0x80 || byte >= 0xc0) return new Uint8Array(bytes.subarray(index));
  }
  return NO_BYTES;
}

/** Looks at the start of the file: encoding marks, and which delimiter the header uses. */
async function sniff(file: string, label: string): Promise<"," | ";"> {
  const cannotRead = (error: NodeJS.ErrnoException): never => {
    const fsError = asFileSystemError(error);
    throw fsError ? new ListInputError(label, null, fileSystemReason(fsError)) : error;
  };
  const handle = await open(file, "r").catch(cannotRead);
  try {
    const buffer = Buffer.alloc(64 * 1024);
    // A folder opens, but cannot be read.
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0).catch(cannotRead);
    const head = buffer.subarray(0, bytesRead);
    if (bytesRead === 0) throw new ListInputError(label, null, "the file is empty");
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      throw new ListInputError(label, 1, "the file is UTF-16; export it as UTF-8 CSV and try again");
    }
    if (head.includes(0)) {
      throw new ListInputError(
        label,
        1,
        "the file contains NUL bytes: it is UTF-16 or not a text file; export it as UTF-8 CSV and try again",
      );
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

export async function openCsv(file: string): Promise<CsvFile> {
  const label = path.basename(file);
  const delimiter = await sniff(file, label);
  const source = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const batches = parseBatches(source, label, delimiter, 1, false)[Symbol.asyncIterator]();

  let buffered: ParsedRecord[] = [];
  let headers: string[] | null = null;
  while (headers === null) {
    const next = await batches.next();
    if (next.done) throw new ListInputError(label, 1, "the file has no header row");
    const [first, ...rest] = next.value;
    if (first) {
      // The decoder takes a byte order mark off the file's start; trim() takes off any U+FEFF left at a header's ends.
      headers = first.cells.map((header) => header.trim());
      buffered = rest;
    }
  }
  const width = headers.length;

  async function* records(): AsyncGenerator<CsvRecord> {
    try {
      let batch: ParsedRecord[] | undefined = buffered;
      while (batch) {
        for (const record of batch) {
          checkWidth(label, record, width);
          yield record;
        }
        const next = await batches.next();
        batch = next.done ? undefined : next.value;
      }
    } finally {
      source.destroy();
    }
  }
  async function* inBatches(): AsyncGenerator<CsvRecord[]> {
    try {
      let batch: ParsedRecord[] | undefined = buffered;
      while (batch) {
        for (const record of batch) checkWidth(label, record, width);
        yield batch;
        const next = await batches.next();
        batch = next.done ? undefined : next.value;
      }
    } finally {
      source.destroy();
    }
  }
  return { headers, delimiter, records: records(), batches: inBatches(), close: () => source.destroy() };
}

function checkWidth(label: string, record: ParsedRecord, width: number): void {
  if (record.cells.length !== width) {
    throw new ListInputError(
      label,
      record.line,
      `this row has ${record.cells.length} columns but the header row has ${width}`,
    );
  }
}

/**
 * A part of a CSV file that starts and ends at record boundaries (see
 * ./split-file.ts), for a worker thread. Line numbers are the file's.
 */
export interface CsvRange {
  /** Byte offsets: `start` inclusive, `end` exclusive. */
  start: number;
  end: number;
  /** The file's line at `start`. */
  line: number;
  /** The range starts the file: its first record is the header row, which is skipped. */
  header: boolean;
}

/**
 * The records of one range, a batch per chunk read, each checked against the
 * header's width. Errors are the ones openCsv's records would raise for the
 * same lines; a caller that must report the file's first error reads the file
 * again (see check-list), since a later range may fail first.
 */
export async function* readCsvRange(
  file: string,
  label: string,
  delimiter: string,
  width: number,
  range: CsvRange,
): AsyncGenerator<ParsedRecord[]> {
  if (range.end <= range.start) return;
  const source = createReadStream(file, {
    start: range.start,
    end: range.end - 1,
    highWaterMark: RANGE_CHUNK_BYTES,
  });
  let skipHeader = range.header;
  try {
    // A range after the first starts mid-file: a U+FEFF there is data, not a byte order mark.
    for await (const batch of parseBatches(source, label, delimiter, range.line, !range.header)) {
      let records = batch;
      if (skipHeader && records.length > 0) {
        records = records.slice(1);
        skipHeader = false;
      }
      for (const record of records) checkWidth(label, record, width);
      yield records;
    }
  } finally {
    source.destroy();
  }
}

const CHUNK_BYTES = 256 * 1024;
/**
 * Smaller reads in worker threads: a chunk's records stay alive while they are
 * classified, and in a worker's small young generation (see ./parallel.ts)
 * fewer of them then survive into the old one.
 */
const RANGE_CHUNK_BYTES = 64 * 1024;

/** Decodes (strictly) and parses the file, yielding the records of each chunk together. */
async function* parseBatches(
  source: AsyncIterable<Buffer>,
  label: string,
  delimiter: string,
  firstLine: number,
  ignoreBOM: boolean,
) {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM });
  const parser = new CsvParser(delimiter, MAX_FIELD_LENGTH, firstLine);
  let line = firstLine;
  // The previous chunk's last character, which this chunk may finish.
  let previous: Uint8Array = NO_BYTES;
  try {
    for await (const chunk of source) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        // Scanned from the previous chunk's last character, not from this chunk's
        // first byte (which may continue it), so the line is the bad byte's.
        const invalidAt = firstInvalidUtf8Byte(Buffer.concat([previous, chunk])) - previous.length;
        throw new ListInputError(
          label,
          line + countNewlines(chunk.subarray(0, Math.max(0, invalidAt))),
          NOT_UTF8,
        );
      }
      line += countNewlines(chunk);
      previous = lastCharacter(chunk);
      const records: ParsedRecord[] = [];
      parser.push(text, records);
      yield records;
    }
    try {
      decoder.decode();
    } catch {
      throw new ListInputError(label, line, "the file ends in the middle of a UTF-8 character");
    }
    const records: ParsedRecord[] = [];
    parser.end(records);
    yield records;
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ListInputError(label, error.line, error.problem);
    throw error;
  }
}

const NOT_UTF8 = "the file is not valid UTF-8; save or export it as UTF-8 (CSV UTF-8 in Excel) and try again";

function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  for (let index = bytes.indexOf(0x0a); index !== -1; index = bytes.indexOf(0x0a, index + 1)) count += 1;
  return count;
}
