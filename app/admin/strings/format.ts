/**
 * Dates for the admin pages, formatted the same on the server and in the
 * browser (locale formatting would differ between them and break hydration).
 */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return "—";
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
