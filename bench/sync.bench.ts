/**
 * Sync, classification and export of a large store, stage by stage:
 *   1. bulk sync of BENCH_CUSTOMERS emulator customers (1,000,000 by default;
 *      `npm run bench` runs 50,000): Shopify's side (the emulator writing the
 *      JSONL, in its own process) and the app's import (download, parse, write
 *      contacts and consent events, DUPLICATE refresh) are timed apart;
 *   2. storefront opt-ins for a quarter of the contacts with a phone (set-up
 *      so that Group A is not empty; reported, not a target);
 *   3. classification of every contact (reclassifyShop + DUPLICATE refresh);
 *   4. Group A export to a file (the route's streamed CSV);
 *   5. evidence pack.
 * Beside the import, its floor (bench/import-floor.ts): the rows it stored
 * loaded into a fresh database of the same schema and indexes by the
 * plainest fast means; the bench prints import time ÷ floor time. Then the
 * account of the rest: the same load with the secondary indexes built after
 * it, the file's reading alone (download, JSON.parse, snapshot validation),
 * the duplicate refresh alone, and the import's own CPU time.
 * BENCH_STAGES=import stops there (the later stages take longer than the import).
 * Database: a fresh SQLite file, or with BENCH_DATABASE=postgresql a
 * throwaway database on the local PostgreSQL server (POSTGRES_ADMIN_URL).
 * Per stage: wall time, highest sampled RSS of this process (the app) and of
 * the emulator process. Targets: sync + classify < 60 s, export < 10 s, app RSS < 512 MB.
 */
import { createWriteStream, mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { refreshDuplicates } from "../app/contacts/duplicates.server";
import { reclassifyShop } from "../app/contacts/stored-classification.server";
import { writeEvidencePack } from "../app/export/evidence-pack.server";
import { groupAExportResponse } from "../app/http/downloads.server";
import { verifyShopLedger, withLedgerTransaction } from "../app/ledger/consent-events.server";
import { AdminApiError, adminClient } from "../app/shopify/admin-client.server";
import { startBulkCustomerSync, waitForBulkSync } from "../app/sync/bulk-sync.server";
import { BULK_OPERATION_QUERY } from "../app/sync/customer-queries";
import { freshDatabase, seedStorefrontOptIns, startEmulatorProcess } from "./bench-setup";
import { loadAverage } from "./http-floor-load";
import { measureImportFloor } from "./import-floor";
import { readBulkFile, refreshDuplicatesAgain } from "./import-phases";
import { processCpuSeconds, procStatusKb, StageMeter } from "./stage-meter";

const count = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const SHOP = "bench.myshopify.com";
const TOKEN = "bench-token";
const dir = path.resolve("bench/tmp");
mkdirSync(dir, { recursive: true });

const { db, url, kind, drop } = await freshDatabase(dir, count);
await db.shop.create({ data: { domain: SHOP, brandName: "Acme Coffee", defaultCountry: "US" } });
console.error(`sync bench: ${count} customers on ${kind}`);

const emulator = await startEmulatorProcess({ shop: SHOP, token: TOKEN, count });
// A run that throws ends the process without reaching emulator.stop(): the emulator goes with it.
process.once("exit", () => emulator.child.kill());
const meter = new StageMeter(() => emulator.child.pid ?? null);
const client = adminClient({ shop: SHOP, accessToken: TOKEN, origin: emulator.url });

const job = await meter.run("shopify bulk export (emulator)", async () => {
  const started = await startBulkCustomerSync(db, client, SHOP);
  for (let unreachable = 0; ; ) {
    // The emulator writes a million-customer file in long synchronous stretches: on a loaded
    // machine a poll can meet a kept-alive socket it has just closed. A few such misses are retried.
    const answer = await client
      .request<{ node: { status: string } }>(
        `query { node(id: "${started.operationId}") { ... on BulkOperation { status } } }`,
      )
      .catch((error: unknown) => {
        if (!(error instanceof AdminApiError) || error.status !== null || ++unreachable > 5) throw error;
        return null;
      });
    if (!answer) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    const { node } = answer;
    if (node.status === "COMPLETED") return started;
    if (node.status !== "RUNNING" && node.status !== "CREATED") throw new Error(`bulk ${node.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

const importCpuBefore = processCpuSeconds(process.pid);
await meter.run(
  "sync: app import",
  () => waitForBulkSync(db, client, SHOP, job.operationId, { intervalMs: 200, timeoutMs: 60 * 60_000 }),
  (summary) => ({
    customers: summary?.customers,
    created: summary?.created,
    events: summary?.events,
    rejected: summary?.rejected.length,
  }),
);
const importCpuSeconds = Number((processCpuSeconds(process.pid) - importCpuBefore).toFixed(1));
const importLoad = loadAverage();
// The import's first phase alone, on the same file: what reading it costs before any write.
const { bulkOperation } = await client.request<{ bulkOperation: { url: string | null } }>(
  BULK_OPERATION_QUERY,
  {
    id: job.operationId,
  },
);
const reading = await meter.run(
  "phase: read the file alone (download, parse, validate)",
  () => readBulkFile(bulkOperation.url ?? ""),
  (result) => result,
);
const emulatorPeakMb = Math.round((procStatusKb(emulator.child.pid ?? 0, "VmHWM") ?? 0) / 1024);
await emulator.stop();
const duplicatesRefresh = await meter.run("phase: statistics and duplicate refresh alone (again)", () =>
  refreshDuplicatesAgain(db, SHOP),
);

// Before the opt-ins below add events: the floor loads what the import alone stored.
const floor = await meter.run(
  "import floor (the same rows, plain load)",
  () => measureImportFloor(kind, url, SHOP, path.join(dir, `floor-${count}.sqlite`)),
  (result) => ({ ...result, loadAverage: loadAverage() }),
);
const importSeconds = meter.results.find((r) => r.stage === "sync: app import")?.seconds ?? 0;
console.error(
  `  ratio (${kind}): import ${importSeconds} s ÷ floor ${floor.seconds} s = ${(importSeconds / floor.seconds).toFixed(2)}× ` +
    `(load average ${importLoad} after the import, ${loadAverage()} after the floor)`,
);
const deferred = await meter.run(
  "import floor, secondary indexes built after the load",
  () => measureImportFloor(kind, url, SHOP, path.join(dir, `floor-${count}.sqlite`), { deferIndexes: true }),
  (result) => ({ ...result, loadAverage: loadAverage() }),
);
const phases = {
  importSeconds,
  importCpuSeconds,
  readFileSeconds: reading.seconds,
  duplicateRefreshSeconds: duplicatesRefresh.seconds,
  floorSeconds: floor.seconds,
  floorWithoutSecondaryIndexesSeconds: deferred.seconds,
  secondaryIndexBuildSeconds: deferred.indexSeconds,
  rest: Number((importSeconds - reading.seconds - duplicatesRefresh.seconds - floor.seconds).toFixed(1)),
};
console.error(`  phases (${kind}): ${JSON.stringify(phases)}`);
if (process.env.BENCH_STAGES === "import") {
  console.log(
    JSON.stringify(
      {
        database: kind,
        customers: count,
        stages: meter.results,
        importFloor: { ...floor, ratio: Number((importSeconds / floor.seconds).toFixed(2)) },
        phases,
      },
      null,
      2,
    ),
  );
  await drop();
  process.exit(0);
}

await meter.run(
  "seed storefront opt-ins (set-up)",
  () => seedStorefrontOptIns(db, SHOP),
  (seeded) => ({ optIns: seeded }),
);

await meter.run(
  "classification",
  async () => {
    const contacts = await reclassifyShop(db, SHOP);
    const duplicates = await withLedgerTransaction(db, (tx) => refreshDuplicates(tx, SHOP));
    return { contacts, duplicates };
  },
  (value) => value,
);

const exportFile = path.join(dir, `group-a-${count}.csv`);
await meter.run(
  "group A export (to a file)",
  async () => {
    const response = groupAExportResponse(db, SHOP, { includeNames: true, requestedBy: "bench" });
    await pipeline(Readable.fromWeb(response.body as never), createWriteStream(exportFile));
    return db.exportLog.findFirstOrThrow({ where: { shop: SHOP }, orderBy: { createdAt: "desc" } });
  },
  (log) => ({ rows: log.rows, bytes: statSync(exportFile).size }),
);
rmSync(exportFile, { force: true });

const packFile = path.join(dir, `evidence-pack-${count}.zip`);
const pack = await meter.run(
  "evidence pack (to a file)",
  () => writeEvidencePack(db, SHOP, createWriteStream(packFile), { requestedBy: "bench" }),
  (result) => ({ rows: result.groupARows, bytes: result.bytes, ledgerVerifies: result.ledger.ok }),
);
rmSync(packFile, { force: true });

const verification = await meter.run("verify ledger (check, not a target)", () => verifyShopLedger(db, SHOP));
const sync = meter.results.find((r) => r.stage === "sync: app import");
const classify = meter.results.find((r) => r.stage === "classification");
console.log(
  JSON.stringify(
    {
      database: kind,
      customers: count,
      contacts: await db.contact.count({ where: { shop: SHOP } }),
      events: verification.eventCount,
      ledgerVerifies: verification.ok,
      stages: meter.results,
      importFloor: { ...floor, ratio: Number((importSeconds / floor.seconds).toFixed(2)) },
      syncPlusClassifySeconds: Number(((sync?.seconds ?? 0) + (classify?.seconds ?? 0)).toFixed(1)),
      appPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      emulatorPeakRssMb: emulatorPeakMb,
      evidencePack: { rows: pack.groupARows, bytes: pack.bytes },
      targets: { syncPlusClassifySeconds: 60, exportSeconds: 10, appPeakRssMb: 512 },
    },
    null,
    2,
  ),
);
await drop();
