/**
 * Everything the overview shows, computed in SQL: contacts per segment and
 * per reason (one grouped read of the (shop, segment, reasons) index), WhatsApp
 * opt-ins per day and source (one grouped read of an index of events), the
 * consent texts, and the readiness self-check of product.md derived from them.
 */
import { analyzeConsentText } from "../consent/consent-text";
import {
  REASON_CODES,
  type ReasonCode,
  SEGMENTS,
  type Segment,
  SOURCE_KINDS,
  type SourceKind,
  TEST_SOURCE,
} from "../consent/types";
import { databaseKind } from "../db/adapter.server";
import type { Database } from "../db.server";
import { env } from "../env.server";
import { join, raw, sql } from "../generated/prisma/internal/prismaNamespace";
import { latestSyncProgress, type SyncProgress } from "../sync/sync-runs.server";
import { type ReadinessCheck, readinessChecks } from "./readiness";
import { setupFacts } from "./setup-facts.server";

export const CHART_DAYS = 30;

export interface ReasonGroup {
  segment: Segment;
  reasons: ReasonCode[];
  count: number;
}

export interface DailyOptIns {
  day: string;
  counts: Partial<Record<SourceKind, number>>;
}

export interface TextSummary {
  id: string;
  text: string;
  inUseAt: string[];
  namesWhatsApp: boolean;
  namesBrand: boolean;
  lastSeenAt: string;
}

export interface Dashboard {
  segments: Record<Segment, number>;
  total: number;
  exportable: number;
  optIns: DailyOptIns[];
  texts: TextSummary[];
  captureLive: boolean;
  readiness: ReadinessCheck[];
  lastSync: SyncProgress | null;
  failedWriteBacks: number;
}

export async function loadDashboard(db: Database, shop: string, now = new Date()): Promise<Dashboard> {
  const [groups, optIns, texts, facts, settings, lastSync, failedWriteBacks] = await Promise.all([
    reasonGroups(db, shop),
    optInsPerDay(db, shop, now),
    db.consentTextVersion.findMany({ where: { shop }, orderBy: { lastSeenAt: "desc" }, take: 50 }),
    setupFacts(db, shop, now),
    db.shop.findUnique({ where: { domain: shop }, select: { brandName: true } }),
    latestSyncProgress(db, shop, now),
    db.writeBackTask.count({ where: { shop, status: "failed" } }),
  ]);
  const segments = Object.fromEntries(SEGMENTS.map((segment) => [segment, 0])) as Record<Segment, number>;
  for (const group of groups) segments[group.segment] += group.count;
  const brand = settings?.brandName ?? "";
  const textSummaries = texts.map((version) => {
    const analysis = analyzeConsentText(version.text, brand);
    return {
      id: version.id,
      text: version.text,
      inUseAt: version.inUseAt.split(",").filter(Boolean),
      namesWhatsApp: analysis.namesWhatsApp,
      namesBrand: analysis.namesBrand,
      lastSeenAt: version.lastSeenAt.toISOString(),
    };
  });
  const { exportable, captureLive } = facts;
  return {
    segments,
    total: Object.values(segments).reduce((sum, count) => sum + count, 0),
    exportable,
    optIns,
    texts: textSummaries,
    captureLive,
    readiness: readinessChecks({ groups, texts: textSummaries, exportable, captureLive }),
    lastSync,
    failedWriteBacks,
  };
}

/**
 * Contacts per (segment, reason combination): a few dozen groups for any
 * number of contacts. A GROUP BY would aggregate a million index entries one
 * by one; instead the distinct pairs are found by skipping through the
 * (shop, segment, reasons) index (one seek per pair), and each pair is
 * counted as one equality range of that index, which SQLite counts without
 * reading rows.
 */
async function reasonGroups(db: Database, shop: string): Promise<ReasonGroup[]> {
  const pairs = await db.$queryRaw<{ segment: string; reasons: string }[]>`
    WITH RECURSIVE "segments"("segment") AS (
      SELECT (SELECT MIN("segment") FROM "Contact" WHERE "shop" = ${shop})
      UNION ALL
      SELECT (SELECT MIN("segment") FROM "Contact" WHERE "shop" = ${shop} AND "segment" > "segments"."segment")
      FROM "segments" WHERE "segments"."segment" IS NOT NULL
    ),
    "pairs"("segment", "reasons") AS (
      SELECT "segment", (SELECT MIN("reasons") FROM "Contact" WHERE "shop" = ${shop} AND "segment" = "segments"."segment")
      FROM "segments" WHERE "segments"."segment" IS NOT NULL
      UNION ALL
      SELECT "segment", (
        SELECT MIN("reasons") FROM "Contact"
        WHERE "shop" = ${shop} AND "segment" = "pairs"."segment" AND "reasons" > "pairs"."reasons"
      )
      FROM "pairs" WHERE "pairs"."reasons" IS NOT NULL
    )
    SELECT "segment", "reasons" FROM "pairs" WHERE "reasons" IS NOT NULL`;
  const known = pairs.filter((pair) => (SEGMENTS as readonly string[]).includes(pair.segment));
  if (known.length === 0) return [];
  const counts = await db.$queryRaw<{ pair: bigint | number; count: bigint | number }[]>`${join(
    known.map(
      (pair, index) =>
        sql`SELECT ${index} AS "pair", COUNT(*) AS "count" FROM "Contact"
            WHERE "shop" = ${shop} AND "segment" = ${pair.segment} AND "reasons" = ${pair.reasons}`,
    ),
    " UNION ALL ",
  )}`;
  return counts.map((row) => {
    const pair = known[Number(row.pair)] as { segment: string; reasons: string };
    return {
      segment: pair.segment as Segment,
      reasons: pair.reasons
        .split(";")
        .filter((code): code is ReasonCode => (REASON_CODES as readonly string[]).includes(code)),
      count: Number(row.count),
    };
  });
}

/** The calendar day (UTC) of a timestamp column, in this database's SQL. */
function dayOf(column: string) {
  return databaseKind(env.DATABASE_URL) === "sqlite"
    ? raw(`substr("${column}", 1, 10)`)
    : raw(`to_char("${column}" AT TIME ZONE 'UTC', 'YYYY-MM-DD')`);
}

/** WhatsApp opt-ins per day and source over the last CHART_DAYS days (when they happened). */
async function optInsPerDay(db: Database, shop: string, now: Date): Promise<DailyOptIns[]> {
  const first = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (CHART_DAYS - 1)),
  );
  const rows = await db.$queryRaw<{ day: string; source: string; count: bigint | number }[]>`
    SELECT ${dayOf("occurredAt")} AS "day", "sourceKind" AS "source", COUNT(*) AS "count"
    FROM "ConsentEvent"
    WHERE "shop" = ${shop} AND "channel" = 'whatsapp' AND "action" = 'opt_in' AND "occurredAt" >= ${first}
      AND "sourceKind" <> ${TEST_SOURCE}
    GROUP BY 1, 2`;
  const days: DailyOptIns[] = [];
  for (let index = 0; index < CHART_DAYS; index++) {
    const day = new Date(first.getTime() + index * 86_400_000).toISOString().slice(0, 10);
    days.push({ day, counts: {} });
  }
  const byDay = new Map(days.map((entry) => [entry.day, entry]));
  for (const row of rows) {
    const entry = byDay.get(row.day);
    if (!entry || !(SOURCE_KINDS as readonly string[]).includes(row.source)) continue;
    entry.counts[row.source as SourceKind] = Number(row.count);
  }
  return days;
}
