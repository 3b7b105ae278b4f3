/**
 * What pass 1 hands to pass 2, one record per row in file order: the row's
 * output already written as CSV text, so pass 2 only decides duplicates and
 * copies text. Lengths (UTF-16 units) frame the text, which may hold newlines.
 *
 * - `B<length>\n<group B line>`: a row without a valid phone (never a duplicate).
 * - `P<line>,<phone>,<a length>,<b length>\n<group A line><group B prefix>`: a row
 *   with an E.164 phone. The group A line is empty unless the row is exportable;
 *   the group B prefix ends with the reasons and lacks phone_e164 and duplicate_of.
 */
import { createReadStream } from "node:fs";

export function stagedWithoutPhone(groupBLine: string): string {
  return `B${groupBLine.length}\n${groupBLine}`;
}

export function stagedWithPhone(
  line: number,
  phoneE164: string,
  groupALine: string,
  groupBPrefix: string,
): string {
  return `P${line},${phoneE164},${groupALine.length},${groupBPrefix.length}\n${groupALine}${groupBPrefix}`;
}

export interface StagedRowHandler {
  /** A finished group B line. */
  withoutPhone(groupBLine: string): void;
  withPhone(line: string, phoneE164: string, groupALine: string, groupBPrefix: string): void;
}

const KIND_B = 66;
const KIND_P = 80;

/** Reads a staging file, calling `handler` once per row and `afterChunk` after each chunk read. */
export async function readStaged(
  file: string,
  handler: StagedRowHandler,
  afterChunk: () => Promise<void>,
): Promise<void> {
  let pending = "";
  for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: 1024 * 1024 })) {
    const text = pending === "" ? (chunk as string) : pending + (chunk as string);
    let position = 0;
    for (;;) {
      const newline = text.indexOf("\n", position);
      if (newline === -1) break;
      const kind = text.charCodeAt(position);
      if (kind === KIND_B) {
        const end = newline + 1 + Number(text.slice(position + 1, newline));
        if (end > text.length) break;
        handler.withoutPhone(text.slice(newline + 1, end));
        position = end;
      } else if (kind === KIND_P) {
        const [line = "", phone = "", aLength = "", bLength = ""] = text
          .slice(position + 1, newline)
          .split(",");
        const aEnd = newline + 1 + Number(aLength);
        const end = aEnd + Number(bLength);
        if (end > text.length) break;
        handler.withPhone(line, phone, text.slice(newline + 1, aEnd), text.slice(aEnd, end));
        position = end;
      } else {
        throw new Error(
          `${file}: corrupt staging record at ${JSON.stringify(text.slice(position, position + 20))}`,
        );
      }
    }
    pending = text.slice(position);
    await afterChunk();
  }
  if (pending !== "") throw new Error(`${file}: the staging file ends in the middle of a record`);
}
