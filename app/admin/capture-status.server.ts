/**
 * The capture setup page: is each capture point live? The Admin API can
 * show a theme's files (themes / OnlineStoreTheme.files, with the
 * read_themes scope, which this app does not request; the emulated Admin API
 * has no themes either), so the answer comes from what the capture points
 * themselves recorded: the latest consent event per source, counted in SQL. Plus the deep links that open the theme
 * and checkout editors at the right place, and the double opt-in settings.
 */
import type { SourceKind } from "../consent/types";
import type { Database } from "../db.server";

/** Block file names under extensions/whatsapp-optin/blocks (a test checks they exist). */
export const THEME_BLOCK_HANDLE = "whatsapp-optin";
export const THEME_EMBED_HANDLE = "whatsapp-optin-embed";

/** A capture point seen within this many days counts as live; seen earlier, as quiet. */
export const LIVE_WINDOW_DAYS = 30;

export const CAPTURE_POINTS = ["storefront_embed", "storefront_block", "checkout", "thank_you"] as const;
export type CapturePoint = (typeof CAPTURE_POINTS)[number];
export type CaptureState = "live" | "quiet" | "not_seen";

const TEXT_PLACEMENT: Record<CapturePoint, "storefront" | "checkout"> = {
  storefront_embed: "storefront",
  storefront_block: "storefront",
  checkout: "checkout",
  thank_you: "checkout",
};

export interface CapturePointStatus {
  point: CapturePoint;
  state: CaptureState;
  lastEventAt: string | null;
  events: number;
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
  const now = options.now ?? new Date();
  const [groups, settings, inUse] = await Promise.all([
    db.consentEvent.groupBy({
      by: ["sourceKind"],
      where: { shop, sourceKind: { in: [...CAPTURE_POINTS, "whatsapp_reply"] satisfies SourceKind[] } },
      _max: { recordedAt: true },
      _count: { _all: true },
    }),
    db.shop.findUnique({ where: { domain: shop } }),
    db.consentTextVersion.findMany({ where: { shop, inUseAt: { not: "" } }, select: { inUseAt: true } }),
  ]);
  const placements = new Set(inUse.flatMap((text) => text.inUseAt.split(",")));
  const links = setupLinks(shop, options.apiKey);
  const bySource = new Map(groups.map((group) => [group.sourceKind, group]));
  const liveSince = now.getTime() - LIVE_WINDOW_DAYS * 24 * 60 * 60 * 1000;
  const points: CapturePointStatus[] = CAPTURE_POINTS.map((point) => {
    const group = bySource.get(point);
    const last = group?._max.recordedAt ?? null;
    return {
      point,
      state: !last ? "not_seen" : last.getTime() >= liveSince ? "live" : "quiet",
      lastEventAt: last?.toISOString() ?? null,
      events: group?._count._all ?? 0,
      textConfigured: placements.has(TEXT_PLACEMENT[point]),
      setupUrl: links[point],
    };
  });
  const replies = bySource.get("whatsapp_reply");
  const base = options.appUrl.replace(/\/+$/, "");
  const shopParam = encodeURIComponent(shop);
  return {
    shop,
    points,
    anyLive: points.some((point) => point.state === "live"),
    doubleOptIn: {
      enabled: settings?.doubleOptIn ?? false,
      whatsappNumber: settings?.whatsappNumber ?? null,
      inboundSecretSet: Boolean(settings?.inboundSecret),
      metaAppSecretSet: Boolean(settings?.metaAppSecret),
      lastReplyAt: replies?._max.recordedAt?.toISOString() ?? null,
      inboundUrl: `${base}/whatsapp/inbound?shop=${shopParam}`,
      metaUrl: `${base}/whatsapp/meta?shop=${shopParam}`,
    },
  };
}
