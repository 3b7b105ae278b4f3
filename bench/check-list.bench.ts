/**
 * `npm run bench`: generates a provider export (1,000,000 rows by default,
 * BENCH_ROWS to change) and runs `wa-consent check-list` on it in a child
 * process, reporting wall time, rows/s and peak RSS. Targets: < 30 s, < 300 MB.
 * Files of 16 MB or more are checked with one worker thread per core (see
 * app/list-check/parallel.ts); WA_CONSENT_WORKERS=0 measures the single-thread path.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { generateList } from "./generate-list";

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const dir = path.resolve("bench/tmp");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `list-${rows}.csv`);

let started = performance.now();
await generateList(file, rows);
const sizeMb = statSync(file).size / 1e6;
console.log(
  `generated ${rows} rows (${sizeMb.toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

started = performance.now();
const outDir = path.join(dir, "out");
const child = spawnSync(process.execPath, ["--import", "tsx", "bench/measure-check-list.ts", file, outDir], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
const seconds = (performance.now() - started) / 1000;
if (child.status !== 0) {
  console.error(child.stdout);
  process.exit(child.status ?? 1);
}
const result = JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}") as {
  maxRssMb: number;
  groupA: number;
  groupB: number;
};
console.log(
  JSON.stringify(
    {
      rows,
      wallSeconds: Number(seconds.toFixed(2)),
      rowsPerSecond: Math.round(rows / seconds),
      peakRssMb: result.maxRssMb,
      groupA: result.groupA,
      groupB: result.groupB,
      targets: { wallSeconds: 30, peakRssMb: 300 },
    },
    null,
    2,
  ),
);
// Only this bench's files: others (bench/sync.bench.ts) use bench/tmp too.
if (!process.env.BENCH_KEEP) {
  rmSync(file, { force: true });
  rmSync(outDir, { recursive: true, force: true });
}
