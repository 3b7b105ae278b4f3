/**
 * Parts of the sync import timed on their own, for the account of where the
 * import's time goes beyond its floor (bench/sync.bench.ts): the reading of
 * the bulk file without any write, and the statistics and duplicate refresh
 * that end an import.
 */
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { refreshPlannerStatistics } from "../app/db/bulk-sql.server";
import type { Database } from "../app/db.server";
import { refreshAllDuplicates } from "../app/ledger/apply-consent-events.server";
import { snapshotFromGraphql } from "../app/sync/customer-snapshot";

const seconds = (started: number) => Number(((performance.now() - started) / 1000).toFixed(1));

/** Download, JSON.parse and snapshot validation of every line, as the import reads them; nothing written. */
export async function readBulkFile(url: string) {
  const started = performance.now();
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`bulk file: HTTP ${response.status}`);
  const lines = createInterface({ input: Readable.fromWeb(response.body as never), crlfDelay: Infinity });
  let customers = 0;
  let valid = 0;
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const node = JSON.parse(line) as object;
    if ("__parentId" in node) continue;
    customers += 1;
    if (snapshotFromGraphql(node).ok) valid += 1;
  }
  return { seconds: seconds(started), customers, valid };
}

/** What the import does after its last batch, run once more on the imported shop. */
export async function refreshDuplicatesAgain(db: Database, shop: string) {
  const started = performance.now();
  await refreshPlannerStatistics(db, ["Contact", "ConsentEvent"]);
  const groups = await refreshAllDuplicates(db, shop);
  return { seconds: seconds(started), groups };
}
