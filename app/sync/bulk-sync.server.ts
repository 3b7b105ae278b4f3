/**
 * Full customer sync through a Shopify bulk operation: start it, then (on
 * the bulk_operations/finish webhook or by polling) stream the JSONL result
 * line by line into batched writes. The file is never held in memory.
 */
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { refreshPlannerStatistics } from "../db/bulk-sql.server";
import type { Database } from "../db.server";
import { refreshAllDuplicates } from "../ledger/apply-consent-events.server";
import { AdminApiError, type AdminGraphql } from "../shopify/admin-client.server";
import { applySnapshots } from "./apply-snapshots.server";
import { BULK_OPERATION_QUERY, bulkCustomersQuery, RUN_BULK_QUERY } from "./customer-queries";
import { type CustomerSnapshot, snapshotFromGraphql } from "./customer-snapshot";

const BATCH_SIZE = 5000;
const IMPORTED_TABLES = ["Contact", "ConsentEvent"];

export interface SyncSummary {
  customers: number;
  created: number;
  updated: number;
  unchanged: number;
  events: number;
  rejected: { customerId: string | null; error: string }[];
}

const emptySummary = (): SyncSummary => ({
  customers: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  events: 0,
  rejected: [],
});

function addResult(
  summary: SyncSummary,
  result: { created: number; updated: number; unchanged: number; events: number },
) {
  summary.created += result.created;
  summary.updated += result.updated;
  summary.unchanged += result.unchanged;
  summary.events += result.events;
}

function collectSnapshot(node: unknown, snapshots: CustomerSnapshot[], summary: SyncSummary) {
  summary.customers += 1;
  const parsed = snapshotFromGraphql(node);
  if (parsed.ok) snapshots.push(parsed.snapshot);
  else {
    const id = (node as { id?: unknown })?.id;
    summary.rejected.push({ customerId: typeof id === "string" ? id : null, error: parsed.error });
  }
}

interface RunBulkResult {
  bulkOperationRunQuery: {
    bulkOperation: { id: string; status: string } | null;
    userErrors: { field: string[] | null; message: string }[];
  };
}

interface BulkOperationResult {
  node: {
    id: string;
    status: string;
    errorCode: string | null;
    objectCount: string;
    url: string | null;
  } | null;
}

export async function startBulkCustomerSync(db: Database, client: AdminGraphql, shop: string) {
  const data = await client.request<RunBulkResult>(RUN_BULK_QUERY, { query: bulkCustomersQuery() });
  const { bulkOperation, userErrors } = data.bulkOperationRunQuery;
  if (!bulkOperation) {
    throw new AdminApiError(
      `Shopify refused the bulk sync: ${userErrors.map((e) => e.message).join("; ")}`,
      200,
      null,
    );
  }
  await db.shop.upsert({ where: { domain: shop }, create: { domain: shop }, update: {} });
  return db.bulkSyncJob.create({
    data: { shop, operationId: bulkOperation.id, status: bulkOperation.status },
  });
}

/**
 * Imports the result once the operation is COMPLETED. Safe to call again
 * (webhook and poller, duplicate webhooks): only one caller imports.
 * Returns null while the operation is not finished or already imported.
 */
export async function completeBulkSync(
  db: Database,
  client: AdminGraphql,
  shop: string,
  operationId: string,
  fetchFile: typeof fetch = fetch,
): Promise<SyncSummary | null> {
  const job = await db.bulkSyncJob.findFirst({ where: { shop, operationId } });
  if (!job || job.status === "IMPORTED" || job.status === "IMPORTING") return null;
  const { node } = await client.request<BulkOperationResult>(BULK_OPERATION_QUERY, { id: operationId });
  if (!node) throw new AdminApiError(`bulk operation ${operationId} is unknown to Shopify`, 200, null);
  if (node.status !== "COMPLETED") {
    const failed = ["FAILED", "CANCELED", "EXPIRED"].includes(node.status);
    await db.bulkSyncJob.update({
      where: { id: job.id },
      data: { status: node.status, error: failed ? (node.errorCode ?? node.status) : null },
    });
    return null;
  }
  const claimed = await db.bulkSyncJob.updateMany({
    where: { id: job.id, status: { notIn: ["IMPORTING", "IMPORTED"] } },
    data: { status: "IMPORTING", objectCount: Number(node.objectCount) },
  });
  if (claimed.count === 0) return null;
  try {
    const summary = node.url ? await importBulkFile(db, shop, node.url, fetchFile) : emptySummary();
    await db.bulkSyncJob.update({
      where: { id: job.id },
      data: { status: "IMPORTED", imported: summary.customers, completedAt: new Date() },
    });
    return summary;
  } catch (error) {
    await db.bulkSyncJob.update({
      where: { id: job.id },
      data: { status: "FAILED", error: (error as Error).message },
    });
    throw error;
  }
}

export async function importBulkFile(
  db: Database,
  shop: string,
  url: string,
  fetchFile: typeof fetch = fetch,
) {
  const response = await fetchFile(url);
  if (!response.ok || !response.body) {
    throw new AdminApiError(
      `the bulk result could not be downloaded (HTTP ${response.status})`,
      response.status,
      null,
    );
  }
  const lines = createInterface({
    input: Readable.fromWeb(response.body as never),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  return importBulkLines(db, shop, lines);
}

/**
 * Applies JSONL lines of customer nodes in batches; malformed lines are
 * counted, not fatal. The next batch is parsed while the previous one is
 * being written (on PostgreSQL the app would otherwise sit idle while the
 * server writes), one batch in flight at a time and in file order.
 */
export async function importBulkLines(
  db: Database,
  shop: string,
  lines: AsyncIterable<string>,
  options: { batchSize?: number } = {},
): Promise<SyncSummary> {
  const summary = emptySummary();
  let writing: Promise<void> = Promise.resolve();
  try {
    for await (const batch of snapshotBatches(lines, summary, options.batchSize ?? BATCH_SIZE)) {
      await writing;
      writing = applySnapshots(db, shop, batch, { duplicates: "deferred" }).then((result) =>
        addResult(summary, result),
      );
      // Awaited by the next batch or below; until then its failure must not count as unhandled.
      writing.catch(() => {});
    }
  } catch (error) {
    // A broken download: the batch being written finishes before the failure is reported.
    const writeError = await writing.then(
      () => null,
      (failure: unknown) => failure,
    );
    if (writeError === null) throw error;
    throw new AggregateError(
      [error, writeError],
      `${(error as Error).message}; the batch being written failed too: ${(writeError as Error).message}`,
    );
  }
  await writing;
  // Before the duplicate refresh, whose whole-shop reads are planned with these statistics.
  await refreshPlannerStatistics(db, IMPORTED_TABLES);
  await refreshAllDuplicates(db, shop);
  return summary;
}

async function* snapshotBatches(lines: AsyncIterable<string>, summary: SyncSummary, size: number) {
  let batch: CustomerSnapshot[] = [];
  for await (const line of lines) {
    if (line.trim() === "") continue;
    let node: unknown;
    try {
      node = JSON.parse(line);
    } catch {
      summary.customers += 1;
      summary.rejected.push({ customerId: null, error: "a line of the bulk file is not JSON" });
      continue;
    }
    // Nested connections come as child lines; the sync reads none.
    if (typeof node === "object" && node !== null && "__parentId" in node) continue;
    collectSnapshot(node, batch, summary);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Polling fallback when the finish webhook does not come. `signal` (the
 * process stopping) ends the wait between polls: an import under way finishes.
 */
export async function waitForBulkSync(
  db: Database,
  client: AdminGraphql,
  shop: string,
  operationId: string,
  options: { intervalMs?: number; timeoutMs?: number; fetchFile?: typeof fetch; signal?: AbortSignal } = {},
): Promise<SyncSummary | null> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  while (Date.now() < deadline && !options.signal?.aborted) {
    const summary = await completeBulkSync(db, client, shop, operationId, options.fetchFile);
    if (summary) return summary;
    const job = await db.bulkSyncJob.findFirst({ where: { shop, operationId } });
    if (!job || ["IMPORTED", "FAILED", "CANCELED", "EXPIRED"].includes(job.status)) return null;
    await pause(options.intervalMs ?? 2000, options.signal);
  }
  return null;
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
