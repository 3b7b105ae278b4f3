/**
 * The facts every "are you set up?" message reads: which capture points are
 * live, and how many contacts the Group A export would hold right now. The
 * overview's banner, the readiness self-check, the capture setup page and
 * the export page all take them from here, so no two pages can disagree.
 */
import type { SourceKind } from "../consent/types";
import type { Database } from "../db.server";

/** A capture point seen within this many days counts as live; seen earlier, as quiet. */
export const LIVE_WINDOW_DAYS = 30;

/** Our own capture points: a recent event from one of them means capture is live. */
export const CAPTURE_POINTS = ["storefront_embed", "storefront_block", "checkout", "thank_you"] as const;
export type CapturePoint = (typeof CAPTURE_POINTS)[number];
export type CaptureState = "live" | "quiet" | "not_seen";

/** The export's own rule (app/export/group-a.server.ts): proven, nothing against it, not erased. */
export const EXPORTABLE_WHERE = { segment: "whatsapp_substantiated", reasons: "", redactedAt: null } as const;

export interface CapturePointSeen {
  point: CapturePoint;
  state: CaptureState;
  lastEventAt: string | null;
  events: number;
}

export interface SetupFacts {
  points: CapturePointSeen[];
  captureLive: boolean;
  exportable: number;
  /** When the last WhatsApp reply (double opt-in code or stop word) arrived. */
  lastReplyAt: string | null;
}

export async function setupFacts(db: Database, shop: string, now = new Date()): Promise<SetupFacts> {
  const [groups, exportable] = await Promise.all([
    db.consentEvent.groupBy({
      by: ["sourceKind"],
      where: { shop, sourceKind: { in: [...CAPTURE_POINTS, "whatsapp_reply"] satisfies SourceKind[] } },
      _max: { recordedAt: true },
      _count: { _all: true },
    }),
    db.contact.count({ where: { shop, ...EXPORTABLE_WHERE } }),
  ]);
  const bySource = new Map(groups.map((group) => [group.sourceKind, group]));
  const liveSince = now.getTime() - LIVE_WINDOW_DAYS * 24 * 60 * 60 * 1000;
  const points = CAPTURE_POINTS.map((point): CapturePointSeen => {
    const group = bySource.get(point);
    const last = group?._max.recordedAt ?? null;
    return {
      point,
      state: !last ? "not_seen" : last.getTime() >= liveSince ? "live" : "quiet",
      lastEventAt: last?.toISOString() ?? null,
      events: group?._count._all ?? 0,
    };
  });
  return {
    points,
    captureLive: points.some((point) => point.state === "live"),
    exportable,
    lastReplyAt: bySource.get("whatsapp_reply")?._max.recordedAt?.toISOString() ?? null,
  };
}
