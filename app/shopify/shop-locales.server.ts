/**
 * The languages the store sells in, from the Admin API's shopLocales
 * (published only: what shoppers can choose). Needs the read_locales scope;
 * without it, or when Shopify cannot be reached, the answer is null and the
 * consent texts page falls back to the languages that have wording.
 */
import type { AdminGraphql } from "./admin-client.server";

const SHOP_LOCALES = `#graphql
  query StoreLocales {
    shopLocales(published: true) {
      locale
      name
      primary
    }
  }`;

export interface StoreLocale {
  /** Shopify's locale code, e.g. "es" or "pt-BR". */
  locale: string;
  /** The language's name as Shopify shows it to the merchant. */
  name: string;
  primary: boolean;
}

export async function storeLocales(client: () => Promise<AdminGraphql>): Promise<StoreLocale[] | null> {
  try {
    const data = await (await client()).request<{ shopLocales: StoreLocale[] }>(SHOP_LOCALES);
    return Array.isArray(data.shopLocales) ? data.shopLocales : null;
  } catch {
    return null;
  }
}
