/**
 * The two forms of every CSV download. The importer form is what WhatsApp
 * platforms read: UTF-8 without a byte order mark, values as they are. The
 * spreadsheet form is for a person opening the file in Excel, LibreOffice or
 * Numbers: a UTF-8 byte order mark (without it Excel reads accented names as
 * Windows-1252), and phone numbers and long ids written so that no
 * spreadsheet turns them into numbers (which drops the + of an E.164 phone
 * and rounds a 64-bit Shopify id).
 */
import { csvField } from "../csv/csv-writer";

export const CSV_FORMS = ["importer", "spreadsheet"] as const;
export type CsvForm = (typeof CSV_FORMS)[number];

export const UTF8_BOM = "\uFEFF";

/** Columns whose values are digits a spreadsheet would read as a number. */
export const TEXT_COLUMNS: ReadonlySet<string> = new Set([
  "phone_e164",
  "phone_raw",
  "phone",
  "shopify_customer_id",
]);

/** Only a phone or an id of this shape is rewritten: nothing a shopper typed can become a formula. */
const NUMBER_LIKE = /^\+?\d{1,20}$/;

/**
 * One field of the spreadsheet form, already in CSV syntax. A number-like
 * value in a text column becomes the formula ="+2348099850632", which Excel,
 * LibreOffice and Numbers all show as the text +2348099850632. The formula is
 * built here from digits and an optional + only (checked above), so it can
 * never run anything else; every other value goes through the ordinary
 * (formula-neutralising) csvField.
 */
export function spreadsheetField(column: string, value: string): string {
  if (TEXT_COLUMNS.has(column) && NUMBER_LIKE.test(value)) return `"=""${value}"""`;
  return csvField(value);
}

/** A CSV line (with its CRLF) of the spreadsheet form. */
export function spreadsheetLine(header: readonly string[], values: readonly string[]): string {
  let text = "";
  for (let index = 0; index < values.length; index++) {
    if (index > 0) text += ",";
    text += spreadsheetField(header[index] ?? "", values[index] as string);
  }
  return `${text}\r\n`;
}

/** The download's file name in this form: "shop-group-a.csv" or "shop-group-a-spreadsheet.csv". */
export function formFileName(fileName: string, form: CsvForm): string {
  return form === "spreadsheet" ? fileName.replace(/\.csv$/i, "-spreadsheet.csv") : fileName;
}
