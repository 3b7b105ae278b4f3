/**
 * `npm run bench`: generates a provider export (1,000,000 rows by default,
 * BENCH_ROWS to change) and runs `wa-consent check-list` on it in a child
 * process, reporting wall time, rows/s and peak RSS. Targets: < 30 s, < 300 MB.
 * Files of 16 MB or more are checked with one worker thread per core (see
 * app/list-check/parallel.ts); WA_CONSENT_WORKERS=0 measures the single-thread path.
 * Then the bare pipeline on the same file (bench/measure-bare-pipeline.ts:
 * csv-parse and libphonenumber only) and the ratios of wall and CPU time
 * (issue 17 quotes them at 300,000 rows: BENCH_ROWS=300000).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { generateList } from "./generate-list";
import { loadAverage } from "./http-floor-load";

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const dir = path.resolve("bench/tmp");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `list-${rows}.csv`);

const started = performance.now();
await generateList(file, rows);
const sizeMb = statSync(file).size / 1e6;
console.log(
  `generated ${rows} rows (${sizeMb.toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

/** Runs a measuring script in a child process; its last line of output (JSON) and the wall time around it. */
function measure<T>(script: string, args: string[]): { seconds: number; result: T } {
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) {
    console.error(child.stdout);
    process.exit(child.status ?? 1);
  }
  return { seconds, result: JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}") as T };
}

const outDir = path.join(dir, "out");
const { seconds, result } = measure<{ maxRssMb: number; cpuSeconds: number; groupA: number; groupB: number }>(
  "bench/measure-check-list.ts",
  [file, outDir],
);
const bare = measure<{ cpuSeconds: number; rows: number }>("bench/measure-bare-pipeline.ts", [file]);
const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
console.log(
  JSON.stringify(
    {
      rows,
      wallSeconds: Number(seconds.toFixed(2)),
      rowsPerSecond: Math.round(rows / seconds),
      peakRssMb: result.maxRssMb,
      groupA: result.groupA,
      groupB: result.groupB,
      cpuSeconds: Number(result.cpuSeconds.toFixed(2)),
      barePipeline: {
        rows: bare.result.rows,
        wallSeconds: Number(bare.seconds.toFixed(2)),
        cpuSeconds: Number(bare.result.cpuSeconds.toFixed(2)),
      },
      listCheckOverBarePipeline: {
        wall: ratio(seconds, bare.seconds),
        cpu: ratio(result.cpuSeconds, bare.result.cpuSeconds),
      },
      loadAverage: loadAverage(),
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
