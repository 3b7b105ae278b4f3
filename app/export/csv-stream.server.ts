/**
 * Streamed CSV downloads: rows are read a page at a time and sent as they
 * are produced, hashed on the way out, and the export is logged only once
 * the last byte has been handed over (a download the client dropped logs
 * nothing).
 *
 * An error after the first byte (the headers and the start of the file are
 * already on their way) errors the body stream: the server then cuts the
 * connection instead of ending the file, so a client sees an incomplete
 * download rather than a shorter file that looks whole, and nothing (no
 * error page) is appended to the file. The export log records the failure.
 */

import { csvLine } from "../csv/csv-writer";
import type { Database } from "../db.server";
import type { Download } from "../download";
import { type CsvForm, formFileName, spreadsheetLine, UTF8_BOM } from "./csv-form";
import { ExportReceipt, type ExportRequest } from "./export-log.server";

/** Rows per chunk: fewer, larger writes without holding much in memory. */
const ROWS_PER_CHUNK = 500;

/** CSV text in chunks: the header line first, then up to ROWS_PER_CHUNK rows per chunk. */
export async function* csvChunks(
  header: readonly string[],
  rows: AsyncIterable<readonly string[]>,
  counter: { rows: number },
  form: CsvForm = "importer",
): AsyncGenerator<string> {
  const line = form === "spreadsheet" ? (row: readonly string[]) => spreadsheetLine(header, row) : csvLine;
  yield form === "spreadsheet" ? `${UTF8_BOM}${csvLine(header)}` : csvLine(header);
  let text = "";
  let pending = 0;
  for await (const row of rows) {
    text += line(row);
    counter.rows += 1;
    pending += 1;
    if (pending === ROWS_PER_CHUNK) {
      yield text;
      text = "";
      pending = 0;
    }
  }
  if (text !== "") yield text;
}

export interface CsvDownload {
  header: readonly string[];
  rows: AsyncGenerator<readonly string[]>;
  fileName: string;
  log: ExportRequest;
  /** Importer (default) or spreadsheet form: see csv-form.ts. */
  form?: CsvForm;
}

export function streamedCsv(db: Database, download: CsvDownload): Download {
  const counter = { rows: 0 };
  const form = download.form ?? "importer";
  const chunks = csvChunks(download.header, download.rows, counter, form);
  const receipt = new ExportReceipt(
    form === "spreadsheet"
      ? { ...download.log, options: [download.log.options, "spreadsheet"].filter(Boolean).join(",") }
      : download.log,
  );
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let next: IteratorResult<string>;
      try {
        next = await chunks.next();
      } catch (error) {
        await receipt.fail(db, counter.rows);
        throw error;
      }
      if (next.done) {
        await receipt.complete(db, counter.rows);
        controller.close();
        return;
      }
      const bytes = encoder.encode(next.value);
      receipt.update(bytes);
      controller.enqueue(bytes);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return {
    body: stream,
    contentType: "text/csv; charset=utf-8",
    fileName: formFileName(download.fileName, form),
  };
}
