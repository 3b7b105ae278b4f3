/** One CSV cell as the list rules read it. */

/** Trim a raw CSV cell; "" for null/undefined. Strips Shopify's leading apostrophe. */
export function cleanCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  let out = String(value).trim();
  // Shopify prefixes IDs, phones and zips with ' so spreadsheets keep them as
  // text, and our own CSV writer puts one before a cell that starts like a formula.
  if (out.startsWith("'")) out = out.slice(1).trim();
  return out;
}
