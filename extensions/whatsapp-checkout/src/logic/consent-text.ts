/**
 * The consent wording shown next to the checkbox. The exact string built
 * here is both the checkbox label and the `consentText` sent to the app, so
 * the proof stores the words the buyer actually saw.
 */

/** `{shop}` (also tolerated: `{{shop}}`, `{ shop }`, any case). */
const SHOP_PLACEHOLDER = /\{\{?\s*shop\s*\}?\}/giu;
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

function nonBlank(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** The brand named in the text: the merchant's override, else the shop name. */
export function brandName(override: unknown, shopName: string): string {
  return normalizeText(nonBlank(override) ?? shopName);
}

/**
 * The template to show: the merchant's text from the extension settings when
 * it is set and names WhatsApp (a text without WhatsApp would record a
 * consent no WhatsApp platform accepts), otherwise the translated default.
 */
export function chooseTemplate(
  merchantText: unknown,
  localizedDefault: string,
): { template: string; source: "merchant" | "default" } {
  const merchant = nonBlank(merchantText);
  if (merchant && mentionsWhatsApp(merchant)) return { template: merchant, source: "merchant" };
  return { template: localizedDefault, source: "default" };
}

/** Replaces every `{shop}` placeholder with the brand and normalizes the result. */
export function fillConsentText(template: string, brand: string): string {
  const cleanBrand = normalizeText(brand);
  return normalizeText(template.replace(SHOP_PLACEHOLDER, () => cleanBrand));
}
