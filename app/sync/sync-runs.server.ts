/**
 * A customer sync as a run the overview can show: one BulkSyncJob row per
 * run, at most one running per shop (the unique `activeShop` column, so two
 * clicks or two tabs cannot start two), its progress (Shopify's running
 * objectCount while it writes the file, then the customers imported, written
 * once per batch) and, when it failed, a reason code the admin puts in words.
 */
import { isRawUniqueViolation } from "../db/bulk-sql.server";
import type { Database } from "../db.server";
import { problem, type Result, success } from "../problem";

export const SYNC_FAILURES = [
  /** Shopify refused to start the bulk query (its userErrors, or the request failed). */
  "start_refused",
  "access_denied",
  "shopify_error",
  "shopify_timeout",
  "canceled",
  "expired",
  "download_failed",
  "import_failed",
  /** Nothing moved for STALLED_AFTER_MS: the process running it ended. */
  "stopped",
] as const;
export type SyncFailure = (typeof SYNC_FAILURES)[number];

/** Shopify is still writing the file (STARTING: our request to start it is on its way). */
const FETCHING = ["STARTING", "CREATED", "RUNNING", "CANCELING"];
/** Statuses a run never leaves. */
export const ENDED_STATUSES = ["IMPORTED", "FAILED", "CANCELED", "EXPIRED"];

/** A running sync that wrote nothing for this long has stopped (the process running it ended). */
export const STALLED_AFTER_MS = 10 * 60_000;

export const SYNC_ALREADY_RUNNING =
  "A sync of your customers is already running. Its progress is shown on the overview.";

/** The reason a bulk operation that ended without its file gives, or null while it is fine. */
export function bulkFailure(status: string, errorCode: string | null): SyncFailure | null {
  if (status === "CANCELED") return "canceled";
  if (status === "EXPIRED") return "expired";
  if (status !== "FAILED") return null;
  if (errorCode === "ACCESS_DENIED") return "access_denied";
  if (errorCode === "TIMEOUT") return "shopify_timeout";
  return "shopify_error";
}

/** Opens the shop's one running sync, or says one is running already. */
export async function claimSyncRun(
  db: Database,
  shop: string,
  now = new Date(),
): Promise<Result<{ id: string }>> {
  await db.shop.upsert({ where: { domain: shop }, create: { domain: shop }, update: {} });
  // A run whose process died would otherwise hold the shop forever.
  await db.bulkSyncJob.updateMany({
    where: { activeShop: shop, updatedAt: { lt: new Date(now.getTime() - STALLED_AFTER_MS) } },
    data: { status: "FAILED", failure: "stopped", activeShop: null, completedAt: now },
  });
  try {
    const run = await db.bulkSyncJob.create({
      data: { shop, activeShop: shop, status: "STARTING" },
      select: { id: true },
    });
    return success(run);
  } catch (error) {
    if ((error as { code?: string }).code === "P2002" || isRawUniqueViolation(error))
      return problem("unprocessable", SYNC_ALREADY_RUNNING);
    throw error;
  }
}

/** Ends a run for good: it no longer holds the shop, and a retry may start. */
export async function endSyncRun(
  db: Database,
  id: string,
  outcome: { status: string; failure?: SyncFailure; error?: string; imported?: number },
): Promise<void> {
  await db.bulkSyncJob.update({
    where: { id },
    data: {
      status: outcome.status,
      failure: outcome.failure ?? null,
      error: outcome.error?.slice(0, 500) ?? null,
      imported: outcome.imported,
      activeShop: null,
      completedAt: new Date(),
    },
  });
}

/**
 * Records what Shopify says of a bulk operation that has not completed: its
 * status and running objectCount, or how it ended. Only while the run is still
 * at Shopify's stage (a late poll never rewinds an import).
 */
export async function recordBulkProgress(
  db: Database,
  id: string,
  node: { status: string; errorCode: string | null; objectCount: string },
): Promise<void> {
  const failure = bulkFailure(node.status, node.errorCode);
  const ended = failure
    ? { failure, error: node.errorCode ?? node.status, activeShop: null, completedAt: new Date() }
    : {};
  await db.bulkSyncJob.updateMany({
    where: { id, status: { in: FETCHING } },
    data: { status: node.status, objectCount: Number(node.objectCount), ...ended },
  });
}

/** Claims the import of a completed operation's file: true for the one caller that got it. */
export async function claimImport(db: Database, id: string, objectCount: number): Promise<boolean> {
  const claimed = await db.bulkSyncJob.updateMany({
    where: { id, status: { notIn: ["IMPORTING", ...ENDED_STATUSES] } },
    data: { status: "IMPORTING", objectCount, imported: 0 },
  });
  return claimed.count === 1;
}

export interface SyncProgress {
  status: string;
  /** Objects Shopify has written to the file so far. */
  fetched: number;
  /** Customers read from the file and saved so far. */
  imported: number;
  running: boolean;
  failure: SyncFailure | null;
  startedAt: string;
  endedAt: string | null;
}

/** The shop's latest sync as the overview shows it; a run silent for too long reads as stopped. */
export async function latestSyncProgress(
  db: Database,
  shop: string,
  now = new Date(),
): Promise<SyncProgress | null> {
  const run = await db.bulkSyncJob.findFirst({ where: { shop }, orderBy: { createdAt: "desc" } });
  if (!run) return null;
  const stalled = run.activeShop !== null && now.getTime() - run.updatedAt.getTime() > STALLED_AFTER_MS;
  const failure = stalled ? "stopped" : knownFailure(run.failure, run.status);
  return {
    status: stalled ? "FAILED" : run.status,
    fetched: run.objectCount,
    imported: run.imported,
    running: run.activeShop !== null && !stalled,
    failure,
    startedAt: run.createdAt.toISOString(),
    endedAt: run.completedAt?.toISOString() ?? null,
  };
}

/** A stored reason, or for runs recorded before reasons were (an error without one) a general one. */
function knownFailure(stored: string | null, status: string): SyncFailure | null {
  if (stored && (SYNC_FAILURES as readonly string[]).includes(stored)) return stored as SyncFailure;
  if (status === "CANCELED") return "canceled";
  if (status === "EXPIRED") return "expired";
  return status === "FAILED" ? "import_failed" : null;
}
