/**
 * An RFC 4180 parser that is fed text in chunks: quoted fields with doubled
 * quotes and embedded newlines, CRLF / LF / CR record ends, one-character
 * delimiter. It is strict where a lenient parser would silently mangle a
 * list (a quote inside an unquoted field, an unclosed quote), and several
 * times faster than a general-purpose library on large exports.
 */

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
  }
}

export interface ParsedRecord {
  /** Line where the record starts, 1-based. */
  line: number;
  cells: string[];
}

/**
 * No subscriber list has rows this wide or this long. Without the limits a
 * 10 MB line of short fields is re-parsed (and split into millions of
 * cells) on every chunk read, which takes minutes instead of failing fast.
 */
export const MAX_COLUMNS = 1000;

const QUOTE = 34;
const CR = 13;
const LF = 10;

export class CsvParser {
  private pending = "";
  /** Line number at the start of `pending`. */
  private line: number;
  private readonly delimiterCode: number;

  /** `firstLine`: the line the text starts on (a part of a file that starts at a record boundary). */
  constructor(
    delimiter: string,
    private readonly maxFieldLength: number,
    firstLine = 1,
  ) {
    this.delimiterCode = delimiter.charCodeAt(0);
    this.line = firstLine;
  }

  /** Parses every complete record in the text received so far. */
  push(chunk: string, records: ParsedRecord[]): void {
    this.pending += chunk;
    this.parse(records, false);
  }

  /** The input is over: the rest must be complete records. */
  end(records: ParsedRecord[]): void {
    this.parse(records, true);
  }

  private parse(records: ParsedRecord[], final: boolean): void {
    const text = this.pending;
    const length = text.length;
    const delimiter = this.delimiterCode;
    let position = 0;
    let line = this.line;
    let recordStart = 0;
    let recordLine = line;
    let incomplete = false;

    record: while (position < length) {
      recordStart = position;
      recordLine = line;
      const cells: string[] = [];
      for (;;) {
        let value: string;
        if (text.charCodeAt(position) === QUOTE) {
          // Quoted field: runs to a quote that is not doubled.
          let cursor = position + 1;
          let parts = "";
          for (;;) {
            const close = text.indexOf('"', cursor);
            if (close === -1 || (close + 1 === length && !final)) {
              if (!final) {
                incomplete = true;
                break record;
              }
              throw new CsvSyntaxError(
                recordLine,
                "a quoted field is never closed (unbalanced double quote)",
              );
            }
            parts += text.slice(cursor, close);
            if (text.charCodeAt(close + 1) === QUOTE) {
              parts += '"';
              cursor = close + 2;
              continue;
            }
            cursor = close + 1;
            break;
          }
          for (let index = parts.indexOf("\n"); index !== -1; index = parts.indexOf("\n", index + 1))
            line += 1;
          value = parts;
          position = cursor;
          const next = text.charCodeAt(position);
          if (position < length && next !== delimiter && next !== CR && next !== LF) {
            throw new CsvSyntaxError(
              line,
              "a double quote appears inside an unquoted field or after a closing quote",
            );
          }
        } else {
          let cursor = position;
          while (cursor < length) {
            const code = text.charCodeAt(cursor);
            if (code === delimiter || code === CR || code === LF) break;
            if (code === QUOTE) {
              throw new CsvSyntaxError(
                line,
                "a double quote appears inside an unquoted field or after a closing quote",
              );
            }
            cursor += 1;
          }
          if (cursor === length && !final) {
            incomplete = true;
            break record;
          }
          value = text.slice(position, cursor);
          position = cursor;
        }
        if (value.length > this.maxFieldLength) {
          throw new CsvSyntaxError(
            recordLine,
            `a field is longer than ${this.maxFieldLength} characters; this is not a subscriber list`,
          );
        }
        cells.push(value);
        if (cells.length > MAX_COLUMNS) {
          throw new CsvSyntaxError(
            recordLine,
            `a row has more than ${MAX_COLUMNS} columns; this is not a subscriber list`,
          );
        }

        const code = text.charCodeAt(position);
        if (code === delimiter) {
          position += 1;
          if (position === length && !final) {
            incomplete = true;
            break record;
          }
          continue;
        }
        // End of record: CRLF, LF, CR, or end of input.
        if (code === CR) {
          if (position + 1 === length && !final) {
            incomplete = true;
            break record;
          }
          position += text.charCodeAt(position + 1) === LF ? 2 : 1;
          line += 1;
        } else if (code === LF) {
          position += 1;
          line += 1;
        }
        const blank = cells.length === 1 && cells[0] === "" && position - recordStart <= 2;
        if (!blank) records.push({ line: recordLine, cells });
        continue record;
      }
    }
    if (incomplete) {
      if (length - recordStart > 2 * this.maxFieldLength) {
        throw new CsvSyntaxError(
          recordLine,
          `a row is longer than ${2 * this.maxFieldLength} characters; this is not a subscriber list`,
        );
      }
      // An incomplete record: keep it whole for the next chunk, from its first line.
      this.pending = text.slice(recordStart);
      this.line = recordLine;
    } else {
      this.pending = "";
      this.line = line;
    }
  }
}
