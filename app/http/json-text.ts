/**
 * JSON from outside, refusing U+0000 anywhere in it: PostgreSQL cannot store
 * that character in text (nor compare with it), and no real form, webhook or
 * message carries one, so every entry point refuses it the same way on
 * either database instead of failing in the database.
 */
export const NUL_REFUSAL = "The request contains a NUL character (U+0000), which no field accepts.";

export type ParsedJson = { ok: true; value: unknown } | { ok: false; error: string };

/** The body as JSON, or the message of a 400 answer. */
export function parseJsonText(text: string): ParsedJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: "The request body must be JSON." };
  }
  return containsNul(value) ? { ok: false, error: NUL_REFUSAL } : { ok: true, value };
}

/** True when a string, or any key or string inside an object or array, holds U+0000. */
export function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).some(([key, inner]) => key.includes("\u0000") || containsNul(inner));
  }
  return false;
}
