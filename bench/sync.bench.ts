/**
 * Full customer sync through the bulk path: N emulator customers (1,000,000
 * by default; BENCH_CUSTOMERS to change) into a fresh SQLite database.
 * Reports wall time, customers/s and peak RSS of this process (emulator
 * included, so the figure is an upper bound for the app). Target: < 60 s, < 512 MB.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { createDatabase } from "../app/db/client.server";
import { applyMigrations } from "../app/db/migrate.server";
import { verifyShopLedger } from "../app/ledger/consent-events.server";
import { adminClient } from "../app/shopify/admin-client.server";
import { startBulkCustomerSync, waitForBulkSync } from "../app/sync/bulk-sync.server";
import { generateCustomers } from "../tools/admin-emulator/generator";
import { startAdminEmulator } from "../tools/admin-emulator/server";

const count = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const SHOP = "bench.myshopify.com";
const dir = path.resolve("bench/tmp");
mkdirSync(dir, { recursive: true });
const url = `file:${path.join(dir, `sync-${count}.sqlite`)}`;
rmSync(url.slice(5), { force: true });
await applyMigrations({ url });
const db = createDatabase(url);
await db.shop.create({ data: { domain: SHOP, brandName: "Acme Coffee", defaultCountry: "US" } });

let started = performance.now();
const emulator = await startAdminEmulator({
  apiSecret: "bench",
  shops: [
    {
      domain: SHOP,
      accessToken: "t",
      country: "US",
      customers: generateCustomers({ count, seed: 3 }),
      throttle: { maximumAvailable: 2000, restoreRate: 100 },
    },
  ],
  bulkPageSize: 5000,
});
console.log(
  `emulator with ${count} customers ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

const client = adminClient({ shop: SHOP, accessToken: "t", origin: emulator.url });
started = performance.now();
const job = await startBulkCustomerSync(db, client, SHOP);
// Phase 1: Shopify (here the emulator, in this process) writes the JSONL file.
for (;;) {
  const { node } = await client.request<{ node: { status: string } }>(
    `query { node(id: "${job.operationId}") { ... on BulkOperation { status } } }`,
  );
  if (node.status === "COMPLETED") break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const exported = performance.now();
// Phase 2: the app streams the file into the database.
await waitForBulkSync(db, client, SHOP, job.operationId, { intervalMs: 200, timeoutMs: 30 * 60_000 });
const finished = await db.bulkSyncJob.findFirstOrThrow({ where: { operationId: job.operationId } });
const seconds = (performance.now() - started) / 1000;
const verification = await verifyShopLedger(db, SHOP);
const contacts = await db.contact.count({ where: { shop: SHOP } });
console.log(
  JSON.stringify(
    {
      customers: count,
      imported: finished.imported,
      contacts,
      events: verification.eventCount,
      ledgerVerifies: verification.ok,
      wallSeconds: Number(seconds.toFixed(1)),
      customersPerSecond: Math.round(count / seconds),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      shopifyExportSeconds: Number(((exported - started) / 1000).toFixed(1)),
      appImportSeconds: Number(((performance.now() - exported) / 1000).toFixed(1)),
      targets: { wallSeconds: 60, peakRssMb: 512 },
    },
    null,
    2,
  ),
);
await emulator.close();
await db.$disconnect();
if (!process.env.BENCH_KEEP) rmSync(url.slice(5), { force: true });
