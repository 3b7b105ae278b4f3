/**
 * Light phone checks for the buyer's side. The app normalizes to E.164 on
 * the server (with the country as a hint); here we only decide whether a
 * value looks like a phone number worth offering the checkbox for.
 */

const ALLOWED = /^\+?[\d\s().\-/]+$/u;

/** Trims and collapses inner whitespace; `undefined`/`null` become "". */
export function cleanPhone(raw: string | null | undefined): string {
  return (raw ?? "").replace(/\s+/gu, " ").trim();
}

/** Digits, spaces and the usual separators, an optional leading `+`, 6 to 15 digits (E.164 max). */
export function isPlausiblePhone(raw: string | null | undefined): boolean {
  const value = cleanPhone(raw);
  if (value === "" || !ALLOWED.test(value)) return false;
  const digits = value.replace(/\D/gu, "").length;
  return digits >= 6 && digits <= 15;
}

/** The first plausible phone of the candidates (most trusted first). */
export function pickKnownPhone(candidates: ReadonlyArray<string | null | undefined>): string | undefined {
  for (const candidate of candidates) {
    if (isPlausiblePhone(candidate)) return cleanPhone(candidate);
  }
  return undefined;
}

/** The first candidate that is an ISO 3166-1 alpha-2 code, upper-cased. */
export function pickCountry(candidates: ReadonlyArray<string | null | undefined>): string | undefined {
  for (const candidate of candidates) {
    const value = (candidate ?? "").trim();
    if (/^[A-Za-z]{2}$/u.test(value)) return value.toUpperCase();
  }
  return undefined;
}
