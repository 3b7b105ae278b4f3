/**
 * How long a consent wording may be, enforced by the ledger when a text is
 * stored and by the admin's form before it is posted. Client-safe: no imports.
 */

/** Long enough for any checkbox label; longer is almost surely a pasted page. */
export const MAX_CONSENT_TEXT_LENGTH = 1000;
