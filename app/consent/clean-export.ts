/**
 * The clean export (Group A) that WhatsApp platforms import: one row per
 * E.164 phone with its evidence. One definition for the CLI list check and
 * the admin's one-click export.
 */
export const GROUP_A_COLUMNS = [
  "phone_e164",
  "phone_raw",
  "first_name",
  "last_name",
  "email",
  "country",
  "opt_in_at",
  "opt_in_method",
  "opt_in_source",
  "opt_in_level",
  "consent_text",
  "consent_text_sha256",
  "shopify_customer_id",
  "evidence_id",
] as const;

export type GroupAColumn = (typeof GROUP_A_COLUMNS)[number];
export type GroupARow = Record<GroupAColumn, string>;

/** Columns left empty when the merchant exports without names and emails. */
export const PERSONAL_COLUMNS: readonly GroupAColumn[] = ["first_name", "last_name", "email"];

export function groupAValues(
  row: GroupARow,
  options: { includeNames: boolean } = { includeNames: true },
): string[] {
  return GROUP_A_COLUMNS.map((column) =>
    !options.includeNames && PERSONAL_COLUMNS.includes(column) ? "" : row[column],
  );
}
