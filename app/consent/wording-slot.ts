/** Where a wording is in use, per placement and language (docs/decisions/013-wording-source.md). */

/**
 * Where a wording is in use: a placement alone for the shop's main wording
 * (shown in the primary locale and wherever a locale has none of its own),
 * or `placement:locale` (e.g. "storefront:es") for one storefront language.
 * Stored in inUseAt and as the admin placement row's sourceKind, so each
 * slot keeps its own switch time and grace period.
 */
export function wordingSlot(placement: string, locale?: string | null): string {
  return locale ? `${placement}:${locale}` : placement;
}

/** The placement and locale of a slot; locale null for the main wording. */
export function parseWordingSlot(slot: string): { placement: string; locale: string | null } {
  // split always returns at least one part: the placement is never missing.
  const [placement, locale] = slot.split(":") as [string, string?];
  return { placement, locale: locale ?? null };
}

/** A locale as Shopify names it (es, pt-BR): the part before the region is its language. */
export function localeLanguage(locale: string): string {
  // split always returns at least one part: the whole locale when it has no region.
  return (locale.split("-")[0] as string).toLowerCase();
}
