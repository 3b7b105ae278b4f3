/**
 * The consent wording shown next to the checkbox: the checkout wording the
 * merchant saved in the app, which the app publishes as a JSON metafield on
 * the shop ($app namespace, key consent_wording; declared in
 * shopify.extension.toml so `shopify.appMetafields` carries it). The exact
 * string returned here is both the checkbox label and the `consentText` sent
 * to the app, so the proof stores the words the buyer actually saw. There is
 * no wording of the extension's own: without the app's, no checkbox.
 */

export const WORDING_KEY = "consent_wording";
const WHATSAPP = /whats\s*-?\s*app/iu;

/**
 * Canonical form, identical to the app's `normalizeConsentText`: Unicode NFC,
 * runs of whitespace collapsed to one space, trimmed. Renderers collapse
 * whitespace anyway, so this is also what the buyer sees.
 */
export function normalizeText(text: string): string {
  return text.normalize("NFC").replace(/\s+/gu, " ").trim();
}

export function mentionsWhatsApp(text: string): boolean {
  return WHATSAPP.test(text);
}

/** The parts of an `shopify.appMetafields` entry read here. */
export interface AppMetafieldEntryLike {
  target: { type: string };
  metafield: { key: string; value: string | number | boolean };
}

export interface AppWording {
  text: string;
  versionId: string;
}

type WordingFields = { text?: unknown; versionId?: unknown } | null | undefined;
interface WordingValue {
  checkout?: WordingFields;
  locales?: Record<string, { checkout?: WordingFields } | undefined>;
}

function readWording(fields: WordingFields): AppWording | undefined {
  if (!fields || typeof fields.text !== "string" || typeof fields.versionId !== "string") return undefined;
  const text = normalizeText(fields.text);
  return text && mentionsWhatsApp(text) ? { text, versionId: fields.versionId } : undefined;
}

/**
 * The checkout wording in the app's metafield on the shop, for the buyer's
 * language (`locale`, the checkout's localization language iso code) when
 * the merchant saved one for it, else the shop's main wording; undefined when
 * there is none, it is malformed, or it does not name WhatsApp (the app
 * would refuse the opt-in anyway).
 */
export function appWording(
  entries: readonly AppMetafieldEntryLike[] | undefined,
  locale?: string,
): AppWording | undefined {
  const entry = entries?.find((item) => item.target.type === "shop" && item.metafield.key === WORDING_KEY);
  if (!entry || typeof entry.metafield.value !== "string") return undefined;
  let parsed: WordingValue | null;
  try {
    parsed = JSON.parse(entry.metafield.value) as WordingValue | null;
  } catch {
    return undefined;
  }
  // The buyer's exact locale (pt-BR), then its language (pt), then the main wording.
  const exact = locale ? parsed?.locales?.[locale]?.checkout : undefined;
  const language = locale ? parsed?.locales?.[locale.split("-")[0] ?? ""]?.checkout : undefined;
  return readWording(exact) ?? readWording(language) ?? readWording(parsed?.checkout);
}
