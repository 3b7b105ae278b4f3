/** What the overview shows about contacts and syncing, computed in SQL. */
import { SEGMENTS, type Segment } from "../consent/types";
import type { Database } from "../db.server";

export async function segmentCounts(db: Database, shop: string): Promise<Record<Segment, number>> {
  const groups = await db.contact.groupBy({ by: ["segment"], where: { shop }, _count: { _all: true } });
  const counts = Object.fromEntries(SEGMENTS.map((segment) => [segment, 0])) as Record<Segment, number>;
  for (const group of groups) {
    if (group.segment in counts) counts[group.segment as Segment] = group._count._all;
  }
  return counts;
}

export async function syncOverview(db: Database, shop: string) {
  const [segments, lastSync, failedWriteBacks] = await Promise.all([
    segmentCounts(db, shop),
    db.bulkSyncJob.findFirst({ where: { shop }, orderBy: { createdAt: "desc" } }),
    db.writeBackTask.count({ where: { shop, status: "failed" } }),
  ]);
  return {
    segments,
    total: Object.values(segments).reduce((sum, count) => sum + count, 0),
    lastSync: lastSync
      ? {
          status: lastSync.status,
          imported: lastSync.imported,
          startedAt: lastSync.createdAt.toISOString(),
          error: lastSync.error,
        }
      : null,
    failedWriteBacks,
  };
}
