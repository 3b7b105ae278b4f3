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

/**
 * The checkout wording in the app's metafield on the shop, or undefined when
 * there is none, it is malformed, or it does not name WhatsApp (the app
 * would refuse the opt-in anyway).
 */
export function appWording(entries: readonly AppMetafieldEntryLike[] | undefined): AppWording | undefined {
  const entry = entries?.find((item) => item.target.type === "shop" && item.metafield.key === WORDING_KEY);
  if (!entry || typeof entry.metafield.value !== "string") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(entry.metafield.value);
  } catch {
    return undefined;
  }
  const checkout = (parsed as { checkout?: { text?: unknown; versionId?: unknown } } | null)?.checkout;
  if (!checkout || typeof checkout.text !== "string" || typeof checkout.versionId !== "string")
    return undefined;
  const text = normalizeText(checkout.text);
  return text && mentionsWhatsApp(text) ? { text, versionId: checkout.versionId } : undefined;
}
