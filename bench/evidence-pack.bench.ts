/**
 * The evidence pack for a shop with N Group A contacts (1,000,000 by
 * default; BENCH_CONTACTS to change), each with a storefront opt-in chained
 * into the ledger, written to a file with writeEvidencePack. Reports time,
 * ZIP size, the Group A rows in it, the ledger result and the peak RSS of
 * the process that writes it, sampled while it writes (it should not grow
 * with N: nothing holds the whole pack, CSV or ledger in memory). The pack
 * is written by a fresh process so that seeding does not inflate its RSS.
 *
 *   npm run bench:evidence-pack
 *   BENCH_CONTACTS=100000 npm run bench:evidence-pack
 *   BENCH_REUSE=1 ...   # keep the database seeded by an earlier run
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDatabase } from "../app/db/client.server";
import { writeEvidencePack } from "../app/export/evidence-pack.server";
import { seedGroupA } from "./seed-group-a";

const count = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const SHOP = "bench.myshopify.com";
const dir = path.resolve("bench/tmp");
const file = path.join(dir, `evidence-${count}.sqlite`);
const url = `file:${file}`;
const zipFile = path.join(dir, `evidence-pack-${count}.zip`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

if (process.argv[2] === "--write") {
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const db = createDatabase(url);
  const started = performance.now();
  const result = await writeEvidencePack(db, SHOP, createWriteStream(zipFile), { requestedBy: "bench" });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  await db.$disconnect();
  console.log(
    `Evidence pack for ${count} contacts: ${seconds.toFixed(1)} s, ${mb(statSync(zipFile).size)} ZIP`,
  );
  console.log(
    `  Group A rows: ${result.groupARows}; ledger ok: ${result.ledger.ok}, ${result.ledger.eventCount} events`,
  );
  console.log(`  RSS at start: ${mb(rssBefore)}, peak while writing: ${mb(peakRss)}`);
  console.log(`  sha256 ${result.sha256} (logged in ExportLog ${result.exportLogId})`);
  rmSync(zipFile, { force: true });
} else {
  mkdirSync(dir, { recursive: true });
  if (!(process.env.BENCH_REUSE === "1" && existsSync(file))) {
    for (const leftover of [file, `${file}-journal`, `${file}-wal`]) rmSync(leftover, { force: true });
    const started = performance.now();
    await seedGroupA(url, SHOP, count);
    console.log(
      `Seeded ${count} Group A contacts and events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  const child = spawnSync("npx", ["tsx", fileURLToPath(import.meta.url), "--write"], { stdio: "inherit" });
  process.exit(child.status ?? 1);
}
