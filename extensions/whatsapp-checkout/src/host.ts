import type { Api as ContactApi } from "@shopify/ui-extensions/purchase.checkout.contact.render-after";
import type { Api as ThankYouApi } from "@shopify/ui-extensions/purchase.thank-you.block.render";

/** The `shopify` global of either target of this extension. */
export type HostApi = ContactApi | ThankYouApi;

export function host(): HostApi {
  return (globalThis as unknown as { shopify: HostApi }).shopify;
}
