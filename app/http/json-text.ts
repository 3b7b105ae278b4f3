/**
 * JSON from outside, refusing U+0000 anywhere in it: PostgreSQL cannot store
 * that character in text (nor compare with it), and no real form, webhook or
 * message carries one, so every entry point refuses it the same way on
 * either database instead of failing in the database.
 */
export const NUL_REFUSAL = "The request contains a NUL character (U+0000), which no field accepts.";
/**
 * Half of a UTF-16 pair ("\ud800" in JSON) is no character at all: PostgreSQL's
 * json refuses it, so it is refused at the door on either database.
 */
export const BROKEN_CHARACTER_REFUSAL =
  "The request contains a broken character (half of a UTF-16 surrogate pair, such as \\ud800), which no field accepts.";

export type ParsedJson = { ok: true; value: unknown } | { ok: false; error: string };

/** The body as JSON, or the message of a 400 answer. */
export function parseJsonText(text: string): ParsedJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: "The request body must be JSON." };
  }
  const refusal = unstorableTextRefusal(value);
  return refusal === null ? { ok: true, value } : { ok: false, error: refusal };
}

/** True when a string, or any key or string inside an object or array, passes the test. */
function someText(value: unknown, test: (text: string) => boolean): boolean {
  if (typeof value === "string") return test(value);
  if (Array.isArray(value)) return value.some((item) => someText(item, test));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).some(([key, inner]) => test(key) || someText(inner, test));
  }
  return false;
}

/** True when any string or key in the value holds U+0000. */
export function containsNul(value: unknown): boolean {
  return someText(value, (text) => text.includes("\u0000"));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why the value's text cannot be stored (a NUL, a broken character), or null when it can. */
export function unstorableTextRefusal(value: unknown): string | null {
  if (containsNul(value)) return NUL_REFUSAL;
  if (someText(value, (text) => LONE_SURROGATE.test(text))) return BROKEN_CHARACTER_REFUSAL;
  return null;
}
