/**
 * How many captures the app refused, per shop, reason and UTC hour, so the
 * capture page can say "12 opt-ins were refused in the last 24 hours: the
 * wording did not match". Only counts are kept: no phone, address or request.
 *
 * Refusals are counted only for a shop that is installed (a Shop row, not
 * uninstalled). That matters for bad signatures, whose `shop` parameter
 * nobody vouches for: counting them for any well-formed domain would let
 * anyone fill the table with made-up shops. For an installed shop the count
 * is "requests that claimed to come from your store" (docs/decisions/014-test-opt-ins.md).
 *
 * Refusals come in floods (a bot, a stale page on a busy day), so they are
 * added up in memory and written by one loop per process: a burst of a
 * thousand refusals is a handful of upserts, not a thousand.
 */
import type { Database } from "../db.server";
import { SHOP_DOMAIN } from "../shopify/shop-domain";
import { REFUSAL_REASONS, type RefusalCounts, type RefusalReason } from "./refusal-reasons";

const HOUR_MS = 3_600_000;
/** Buckets older than this are dropped by the hourly job (startJobs): the page reads 24 hours. */
const KEEP_MS = 7 * 24 * HOUR_MS;
export const PRUNE_REFUSALS_EVERY_MS = HOUR_MS;
/** Distinct (shop, reason, hour) keys waiting at once; past it, further ones are not counted. */
const MAX_PENDING = 1000;

interface PendingCount {
  shop: string;
  reason: RefusalReason;
  hour: Date;
  count: number;
}

const pending = new Map<string, PendingCount>();
let writing: Promise<void> | null = null;

const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);

/**
 * Counts one refusal. The promise settles once it is written (or dropped:
 * counting never fails the request it describes).
 */
export function countRefusal(
  db: Database,
  shop: string | null | undefined,
  reason: RefusalReason,
  now = new Date(),
): Promise<void> {
  if (!shop || !SHOP_DOMAIN.test(shop)) return Promise.resolve();
  const hour = hourOf(now);
  const key = `${shop}\n${reason}\n${hour.getTime()}`;
  const entry = pending.get(key);
  if (entry) entry.count += 1;
  else if (pending.size < MAX_PENDING) pending.set(key, { shop, reason, hour, count: 1 });
  writing ??= writePending(db);
  return writing;
}

async function writePending(db: Database): Promise<void> {
  // Settles after `writing` is assigned, so the `finally` below always clears it.
  await Promise.resolve();
  try {
    while (pending.size > 0) {
      const batch = [...pending.values()];
      pending.clear();
      for (const entry of batch) {
        // A shop deleted meanwhile, or the database away: a lost count, never a failed request.
        await addCount(db, entry).catch(() => undefined);
      }
    }
  } finally {
    // In the same turn as the loop's last look at `pending`: no count can slip in between.
    writing = null;
  }
}

async function addCount(db: Database, { shop, reason, hour, count }: PendingCount) {
  const installed = await db.shop.findFirst({
    where: { domain: shop, uninstalledAt: null },
    select: { domain: true },
  });
  if (!installed) return;
  const where = { shop_reason_hour: { shop, reason, hour } };
  const upsert = () =>
    db.captureRefusal.upsert({
      where,
      create: { shop, reason, hour, count },
      update: { count: { increment: count } },
    });
  // Another instance may create the same bucket between the read and the insert: then it exists.
  await upsert().catch(upsert);
}

/**
 * Drops every shop's buckets older than a week. A timer's job, not the
 * request path's: a refused request never waits on a table-wide delete.
 */
export async function pruneRefusalCounts(db: Database, now = new Date()): Promise<number> {
  const { count } = await db.captureRefusal.deleteMany({
    where: { hour: { lt: new Date(now.getTime() - KEEP_MS) } },
  });
  return count;
}

/** Refusals per reason over the 24 hours before `now` (whole hours: the current one and the 23 before). */
export async function refusalsLastDay(db: Database, shop: string, now = new Date()): Promise<RefusalCounts> {
  const since = new Date(hourOf(now).getTime() - 23 * HOUR_MS);
  const groups = await db.captureRefusal.groupBy({
    by: ["reason"],
    where: { shop, hour: { gte: since } },
    _sum: { count: true },
  });
  const counts = Object.fromEntries(REFUSAL_REASONS.map((reason) => [reason, 0])) as RefusalCounts;
  for (const group of groups) {
    if ((REFUSAL_REASONS as readonly string[]).includes(group.reason)) {
      counts[group.reason as RefusalReason] = group._sum.count ?? 0;
    }
  }
  return counts;
}
