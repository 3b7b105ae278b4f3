/**
 * Shopify sends REST ids as 64-bit JSON numbers (706405506930370084 in
 * shopify.dev's samples): JSON.parse rounds any above 2^53 to a different
 * id. Webhook bodies are parsed here with every integer that a double
 * cannot hold exactly kept as its digits, so ids stay exact end to end.
 */
export function parseJsonKeepingIds(text: string): unknown {
  return JSON.parse(text, (_key, value, context?: { source?: string }) =>
    typeof value === "number" &&
    !Number.isSafeInteger(value) &&
    context?.source !== undefined &&
    /^-?\d+$/.test(context.source)
      ? context.source
      : value,
  );
}
