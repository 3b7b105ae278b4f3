/**
 * The capture setup page: is each capture point live? The answer comes from
 * what the capture points themselves recorded: the latest consent event per
 * source, counted in SQL (whether the theme has the opt-in switched on is the
 * overview's first-run checklist, app/admin/first-run.server.ts). Plus the deep links that open the theme
 * and checkout editors at the right place, and the double opt-in settings.
 */
import { TEST_SOURCE } from "../consent/types";
import type { Database } from "../db.server";
import { type CapturePoint, type CapturePointSeen, setupFacts } from "./setup-facts.server";

export type { CapturePoint } from "./setup-facts.server";

/** Block file names under extensions/whatsapp-optin/blocks (a test checks they exist). */
export const THEME_BLOCK_HANDLE = "whatsapp-optin";
export const THEME_EMBED_HANDLE = "whatsapp-optin-embed";

const TEXT_PLACEMENT: Record<CapturePoint, "storefront" | "checkout"> = {
  storefront_embed: "storefront",
  storefront_block: "storefront",
  checkout: "checkout",
  thank_you: "checkout",
};

export interface CapturePointStatus extends CapturePointSeen {
  /** The wording this point must show is saved on the consent texts page. */
  textConfigured: boolean;
  setupUrl: string;
}

/**
 * Theme and checkout editor deep links (shopify.dev, theme app extensions:
 * "deep linking"): the app embed is switched on with `context=apps` and
 * `activateAppId={api_key}/{handle}`; an app block is added to a new Apps
 * section with `addAppBlockId={api_key}/{handle}&target=newAppsSection`.
 */
export function setupLinks(shop: string, apiKey: string): Record<CapturePoint, string> {
  const editor = `https://${shop}/admin/themes/current/editor`;
  const checkoutEditor = `https://${shop}/admin/settings/checkout/editor`;
  return {
    storefront_embed: `${editor}?context=apps&activateAppId=${apiKey}/${THEME_EMBED_HANDLE}`,
    storefront_block: `${editor}?template=index&addAppBlockId=${apiKey}/${THEME_BLOCK_HANDLE}&target=newAppsSection`,
    checkout: checkoutEditor,
    thank_you: checkoutEditor,
  };
}

export async function captureStatus(
  db: Database,
  shop: string,
  options: { apiKey: string; appUrl: string; now?: Date },
) {
  const [facts, settings, inUse] = await Promise.all([
    setupFacts(db, shop, options.now),
    db.shop.findUnique({ where: { domain: shop } }),
    db.consentTextVersion.findMany({ where: { shop, inUseAt: { not: "" } }, select: { inUseAt: true } }),
  ]);
  const placements = new Set(inUse.flatMap((text) => text.inUseAt.split(",")));
  const links = setupLinks(shop, options.apiKey);
  const points: CapturePointStatus[] = facts.points.map((seen) => ({
    ...seen,
    textConfigured: placements.has(TEXT_PLACEMENT[seen.point]),
    setupUrl: links[seen.point],
  }));
  const base = options.appUrl.replace(/\/+$/, "");
  const shopParam = encodeURIComponent(shop);
  return {
    shop,
    points,
    anyLive: facts.captureLive,
    exportable: facts.exportable,
    doubleOptIn: {
      enabled: settings?.doubleOptIn ?? false,
      whatsappNumber: settings?.whatsappNumber ?? null,
      inboundSecretSet: Boolean(settings?.inboundSecret),
      metaAppSecretSet: Boolean(settings?.metaAppSecret),
      lastReplyAt: facts.lastReplyAt,
      inboundUrl: `${base}/whatsapp/inbound?shop=${shopParam}`,
      metaUrl: `${base}/whatsapp/meta?shop=${shopParam}`,
    },
  };
}

/** The latest test opt-in sent from the capture page, to link to its timeline. */
export async function lastTestOptIn(db: Database, shop: string) {
  const event = await db.consentEvent.findFirst({
    where: { shop, sourceKind: TEST_SOURCE },
    orderBy: { recordedAt: "desc" },
    select: { recordedAt: true, contactId: true },
  });
  return event ? { recordedAt: event.recordedAt.toISOString(), contactId: event.contactId } : null;
}
