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
import { problem, type Result, success } from "../problem";
import { AdminApiError, type AdminGraphql } from "../shopify/admin-client.server";
import { applySnapshots } from "./apply-snapshots.server";
import { BULK_OPERATION_QUERY, bulkCustomersQuery, RUN_BULK_QUERY } from "./customer-queries";
import { type CustomerSnapshot, snapshotFromGraphql } from "./customer-snapshot";
import {
  claimImport,
  claimSyncRun,
  ENDED_STATUSES,
  endSyncRun,
  recordBulkProgress,
} from "./sync-runs.server";

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
  bulkOperation: {
    id: string;
    status: string;
    errorCode: string | null;
    objectCount: string;
    url: string | null;
  } | null;
}

/**
 * Starts a sync for the shop unless one is running: claims the shop's run,
 * then asks Shopify for the bulk query. A refusal ends the run with its reason.
 */
export async function requestCustomerSync(
  db: Database,
  client: AdminGraphql,
  shop: string,
): Promise<Result<{ id: string; operationId: string }>> {
  const run = await claimSyncRun(db, shop);
  if (!run.ok) return run;
  const { id } = run.value;
  let data: RunBulkResult;
  try {
    data = await client.request<RunBulkResult>(RUN_BULK_QUERY, { query: bulkCustomersQuery() });
  } catch (error) {
    await endSyncRun(db, id, { status: "FAILED", failure: "start_refused", error: (error as Error).message });
    return problem("unavailable", "Shopify could not be reached to start the sync. Try again in a minute.");
  }
  const { bulkOperation, userErrors } = data.bulkOperationRunQuery;
  if (!bulkOperation) {
    const detail = userErrors.map((e) => e.message).join("; ");
    await endSyncRun(db, id, { status: "FAILED", failure: "start_refused", error: detail });
    return problem("unavailable", "Shopify did not start the sync. Try again in a few minutes.");
  }
  await db.bulkSyncJob.update({
    where: { id },
    data: { operationId: bulkOperation.id, status: bulkOperation.status },
  });
  return success({ id, operationId: bulkOperation.id });
}

/** requestCustomerSync for scripts and tests, where a refusal is an error. */
export async function startBulkCustomerSync(db: Database, client: AdminGraphql, shop: string) {
  const started = await requestCustomerSync(db, client, shop);
  if (!started.ok) throw new AdminApiError(`The bulk sync did not start: ${started.message}`, 200, null);
  return started.value;
}

/**
 * Imports the result once the operation is COMPLETED. Safe to call again
 * (webhook and poller, duplicate webhooks): only one caller imports.
 * Returns null while the operation is not finished or already imported.
 * Until then each call records Shopify's progress (objectCount) on the run.
 */
export async function completeBulkSync(
  db: Database,
  client: AdminGraphql,
  shop: string,
  operationId: string,
  fetchFile: typeof fetch = fetch,
  options: { batchSize?: number } = {},
): Promise<SyncSummary | null> {
  const job = await db.bulkSyncJob.findFirst({ where: { shop, operationId } });
  if (!job || job.status === "IMPORTING" || ENDED_STATUSES.includes(job.status)) return null;
  const { bulkOperation: node } = await client.request<BulkOperationResult>(BULK_OPERATION_QUERY, {
    id: operationId,
  });
  if (!node) throw new AdminApiError(`bulk operation ${operationId} is unknown to Shopify`, 200, null);
  if (node.status !== "COMPLETED") {
    await recordBulkProgress(db, job.id, node);
    return null;
  }
  if (!(await claimImport(db, job.id, Number(node.objectCount)))) return null;
  try {
    const summary = node.url
      ? await importBulkFile(db, shop, node.url, fetchFile, {
          batchSize: options.batchSize,
          // One write per batch of customers, never per customer.
          onBatchWritten: (imported) =>
            db.bulkSyncJob.update({ where: { id: job.id }, data: { imported } }).then(() => undefined),
        })
      : emptySummary();
    await endSyncRun(db, job.id, { status: "IMPORTED", imported: summary.customers });
    return summary;
  } catch (error) {
    const failure = error instanceof DownloadFailed ? "download_failed" : "import_failed";
    await endSyncRun(db, job.id, { status: "FAILED", failure, error: (error as Error).message });
    throw error;
  }
}

/** The file could not be fetched, or its download broke off: nothing wrong with the data itself. */
class DownloadFailed extends Error {}

export async function importBulkFile(
  db: Database,
  shop: string,
  url: string,
  fetchFile: typeof fetch = fetch,
  options: ImportOptions = {},
) {
  let response: Response;
  try {
    response = await fetchFile(url);
  } catch (error) {
    throw new DownloadFailed(`the bulk result could not be downloaded: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body) {
    throw new DownloadFailed(`the bulk result could not be downloaded (HTTP ${response.status})`);
  }
  const lines = createInterface({
    input: Readable.fromWeb(response.body as never),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  return importBulkLines(db, shop, downloadLines(lines), options);
}

/** The file's lines; a connection that breaks mid-file fails as a download. */
async function* downloadLines(lines: AsyncIterable<string>): AsyncGenerator<string> {
  try {
    yield* lines;
  } catch (error) {
    throw new DownloadFailed(`the bulk result download broke off: ${(error as Error).message}`);
  }
}

interface ImportOptions {
  batchSize?: number;
  /** After each batch is written: the customers read from the file up to and including it. */
  onBatchWritten?: (imported: number) => Promise<void>;
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
  options: ImportOptions = {},
): Promise<SyncSummary> {
  const summary = emptySummary();
  let writing: Promise<void> = Promise.resolve();
  try {
    for await (const batch of snapshotBatches(lines, summary, options.batchSize ?? BATCH_SIZE)) {
      await writing;
      // Read now, while the parser waits at this batch's end (it runs ahead once the write starts).
      const readSoFar = summary.customers;
      writing = applySnapshots(db, shop, batch, { duplicates: "deferred" }).then(async (result) => {
        addResult(summary, result);
        await options.onBatchWritten?.(readSoFar);
      });
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
  options: {
    intervalMs?: number;
    timeoutMs?: number;
    fetchFile?: typeof fetch;
    signal?: AbortSignal;
    batchSize?: number;
  } = {},
): Promise<SyncSummary | null> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  while (Date.now() < deadline && !options.signal?.aborted) {
    const summary = await completeBulkSync(db, client, shop, operationId, options.fetchFile, options);
    if (summary) return summary;
    const job = await db.bulkSyncJob.findFirst({ where: { shop, operationId } });
    if (!job || ENDED_STATUSES.includes(job.status)) return null;
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
