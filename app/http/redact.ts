/**
 * Error text with personal data taken out, for logs. Prisma's validation
 * errors, for one, print the arguments of the failed call (phones, emails);
 * an unexpected error must not put them in the server's log.
 */
const EMAIL = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[A-Za-z]{2,}/g;
/** A run of digits with phone separators; redacted when it holds 7+ digits and is not a date or time. */
const PHONE_LIKE = /\+?\(?\d[\d\s().\-/]{4,}\d/g;
const DATE = /\d{4}-\d{2}-\d{2}/;

export function redactPersonalData(text: string): string {
  return text.replace(EMAIL, "[email]").replace(PHONE_LIKE, (match) => {
    const digits = match.replace(/\D/g, "").length;
    return digits >= 7 && !DATE.test(match) ? "[phone]" : match;
  });
}

/** What to log about an error: its name, message and stack, redacted. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return redactPersonalData(error.stack ?? `${error.name}: ${error.message}`);
  return redactPersonalData(String(error));
}
