/**
 * What pass 1 hands to pass 2, one record per row in file order: the row's
 * output already written as CSV, so pass 2 only decides duplicates and copies
 * bytes. UTF-8 byte counts frame the text (which may hold newlines), so pass 2
 * never decodes it.
 *
 * - `B<bytes>\n<group B line>`: a row without a valid phone (never a duplicate).
 * - `P<line>,<phone>,<a bytes>,<b bytes>\n<group A line><group B prefix>`: a row
 *   with an E.164 phone. The group A line is empty unless the row is exportable;
 *   the group B prefix ends with the reasons and lacks phone_e164 and duplicate_of.
 */
import { open } from "node:fs/promises";
import type { ByteBuffer } from "../csv/csv-writer";

export function stageWithoutPhone(out: ByteBuffer, groupBLine: string): void {
  const bytes = Buffer.byteLength(groupBLine);
  out.addText(`B${bytes}\n`);
  out.addText(groupBLine, bytes);
}

export function stageWithPhone(
  out: ByteBuffer,
  line: number,
  phoneE164: string,
  groupALine: string,
  groupBPrefix: string,
): void {
  const aBytes = groupALine === "" ? 0 : Buffer.byteLength(groupALine);
  const bBytes = Buffer.byteLength(groupBPrefix);
  out.addText(`P${line},${phoneE164},${aBytes},${bBytes}\n`);
  if (aBytes > 0) out.addText(groupALine, aBytes);
  out.addText(groupBPrefix, bBytes);
}

/**
 * Receives the rows of a staging file. A row's bytes are a range of `bytes`,
 * valid only during the call: copy them (StagedCsvFile.writeRow does).
 */
export interface StagedRowHandler {
  /** A finished group B line: bytes[start, end). */
  withoutPhone(bytes: Buffer, start: number, end: number): void;
  /**
   * The group A line is bytes[start, split) (empty unless the row is
   * exportable), the group B prefix bytes[split, end).
   */
  withPhone(line: number, phoneE164: string, bytes: Buffer, start: number, split: number, end: number): void;
}

const KIND_B = 66;
const KIND_P = 80;
const COMMA = 44;
const NEWLINE = 10;
const ZERO = 48;

/** Reads a staging file, calling `handler` once per row and `afterChunk` after each chunk read. */
export async function readStaged(
  file: string,
  handler: StagedRowHandler,
  afterChunk: () => Promise<void>,
): Promise<void> {
  const handle = await open(file, "r");
  try {
    let buffer = Buffer.allocUnsafe(1024 * 1024);
    let filled = 0;
    let offset = 0;
    for (;;) {
      if (filled === buffer.length) {
        // A record longer than the buffer: make room for it.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, offset);
      offset += bytesRead;
      filled += bytesRead;
      const start = parseRecords(buffer, filled, handler, file);
      buffer.copy(buffer, 0, start, filled);
      filled -= start;
      if (bytesRead === 0) {
        if (filled > 0) throw new Error(`${file}: the staging file ends in the middle of a record`);
        return;
      }
      await afterChunk();
    }
  } finally {
    await handle.close();
  }
}

/**
 * Hands every complete record in bytes[0, filled) to `handler`; returns where
 * the first incomplete one starts. The headers are short ASCII: read them here
 * byte by byte rather than with native calls.
 */
function parseRecords(bytes: Buffer, filled: number, handler: StagedRowHandler, file: string): number {
  let start = 0;
  while (start < filled) {
    const kind = bytes[start];
    let cursor = start + 1;
    if (kind === KIND_B) {
      let length = 0;
      for (let byte = bytes[cursor]; cursor < filled && byte !== NEWLINE; byte = bytes[++cursor]) {
        length = length * 10 + (byte as number) - ZERO;
      }
      const payload = cursor + 1;
      if (cursor >= filled || payload + length > filled) return start;
      handler.withoutPhone(bytes, payload, payload + length);
      start = payload + length;
    } else if (kind === KIND_P) {
      let line = 0;
      for (let byte = bytes[cursor]; cursor < filled && byte !== COMMA; byte = bytes[++cursor]) {
        line = line * 10 + (byte as number) - ZERO;
      }
      const phoneStart = ++cursor;
      while (cursor < filled && bytes[cursor] !== COMMA) cursor++;
      const phoneEnd = cursor++;
      let aLength = 0;
      for (let byte = bytes[cursor]; cursor < filled && byte !== COMMA; byte = bytes[++cursor]) {
        aLength = aLength * 10 + (byte as number) - ZERO;
      }
      cursor++;
      let bLength = 0;
      for (let byte = bytes[cursor]; cursor < filled && byte !== NEWLINE; byte = bytes[++cursor]) {
        bLength = bLength * 10 + (byte as number) - ZERO;
      }
      const payload = cursor + 1;
      const end = payload + aLength + bLength;
      if (cursor >= filled || end > filled) return start;
      handler.withPhone(
        line,
        bytes.toString("latin1", phoneStart, phoneEnd),
        bytes,
        payload,
        payload + aLength,
        end,
      );
      start = end;
    } else {
      throw new Error(`${file}: corrupt staging record`);
    }
  }
  return start;
}
