/**
 * Load test of the App Proxy capture route (POST /proxy/optin) over loopback:
 * the production build in a child process on a fresh database, every request
 * signed as Shopify's App Proxy signs it, each with its own event id and
 * phone. Then checks the database against what the client saw: one event per
 * 2xx answer, no duplicates, a ledger that verifies.
 *
 *   npm run bench:capture                 # 60 s at the best connection count found by a sweep
 *   npm run bench:capture -- --crash      # the same while the server is SIGKILLed and restarted
 *
 * Env: BENCH_SECONDS (60), BENCH_CONNECTIONS (skip the search), BENCH_SWEEP_SECONDS (4),
 * BENCH_KILLS (crash mode, 4), DATABASE_URL (a postgresql:// server URL runs on a fresh
 * database there; default a temp SQLite file), BENCH_BUILD=1 rebuilds the app first.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createDatabase } from "../app/db/client.server";
import { createScratchDatabase, dropDatabase } from "../app/db/postgres-admin.server";
import { verifyShopLedger } from "../app/ledger/consent-events.server";
import {
  BUILD,
  type CaptureServer,
  captureBody,
  freePort,
  prepareCaptureDatabase,
  signedProxyQuery,
  startCaptureServer,
} from "../tools/support/capture-server";
import { TEST_SHOP } from "../tools/support/test-shop";
import { processCpuSeconds } from "./stage-meter";

const crash = process.argv.includes("--crash");
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const sweepSeconds = Number(process.env.BENCH_SWEEP_SECONDS ?? 4);
const kills = Number(process.env.BENCH_KILLS ?? 4);
const SWEEP = [1, 2, 4, 8, 16, 32, 64];

interface RunResult {
  connections: number;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  ok: number;
  other: number;
  errors: number;
  /** Server CPU time per answered request: what the route costs, whatever else runs on the machine. */
  cpuMsPerRequest: number;
}

/** Every event id the server acknowledged with a 2xx, across all runs. */
const acknowledged: string[] = [];
let next = 0;

/**
 * One autocannon run of `duration` seconds, or of `amount` requests: then
 * every request sent gets its answer before the run ends, so the database
 * must hold exactly one event per 2xx (a timed run cuts off the last ones).
 */
async function load(
  server: CaptureServer,
  connections: number,
  duration: number,
  amount?: number,
): Promise<RunResult> {
  const url = server.url;
  const started = performance.now();
  const cpuBefore = processCpuSeconds(server.child.pid);
  const result = await autocannon({
    url,
    connections,
    ...(amount ? { amount } : { duration }),
    timeout: 10,
    requests: [
      {
        method: "POST",
        setupRequest: (request, context) => {
          const eventId = randomUUID();
          context.eventId = eventId;
          return {
            ...request,
            path: `/proxy/optin?${signedProxyQuery()}`,
            headers: { "content-type": "application/json", "user-agent": "capture-load" },
            body: JSON.stringify(captureBody(next++, eventId)),
          };
        },
        onResponse: (status, _body, context) => {
          if (status >= 200 && status < 300) acknowledged.push(context.eventId as string);
        },
      },
    ],
  });
  const elapsed = (performance.now() - started) / 1000;
  const answered = result["2xx"] + result.non2xx;
  return {
    connections,
    seconds: Math.round(elapsed),
    rate: Math.round(answered / elapsed),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    other: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuMsPerRequest:
      Math.round(((processCpuSeconds(server.child.pid) - cpuBefore) * 1000 * 100) / answered) / 100,
  };
}

/** Short runs at growing connection counts; the one with the highest rate wins. */
async function sweep(server: CaptureServer, counts: readonly number[]): Promise<RunResult> {
  let best: RunResult | null = null;
  for (const connections of counts) {
    const run = await load(server, connections, sweepSeconds, undefined);
    console.log(`  sweep: ${describe(run)}`);
    if (best && run.rate < best.rate * 1.05) {
      if (run.rate < best.rate) break;
      continue;
    }
    best = run;
  }
  if (!best) throw new Error("the sweep made no run");
  return best;
}

function describe(run: RunResult): string {
  return `${run.connections} connections, ${run.seconds} s: ${run.rate} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ${run.ok} 2xx, ${run.other} other, ${run.errors} errors, server CPU ${Number.isNaN(run.cpuMsPerRequest) ? "n/a (restarted)" : `${run.cpuMsPerRequest} ms/request`}`;
}

async function freshDatabase(): Promise<{ url: string; dispose: () => Promise<void> }> {
  const requested = process.env.DATABASE_URL ?? "";
  if (/^postgres(ql)?:\/\//.test(requested)) {
    const admin = new URL(requested);
    admin.pathname = "/postgres";
    const url = await createScratchDatabase("wa_capture_bench", admin.toString());
    return { url, dispose: () => dropDatabase(url, admin.toString()) };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "wa-capture-bench-"));
  return {
    url: `file:${path.join(dir, "bench.sqlite")}`,
    dispose: async () => rmSync(dir, { recursive: true }),
  };
}

/** Kills the server `kills` times at even intervals during the run, restarting it each time. */
async function killRepeatedly(server: { current: CaptureServer }, port: number, databaseUrl: string) {
  const log: string[] = [];
  for (let kill = 1; kill <= kills; kill++) {
    await new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / (kills + 1)));
    await server.current.kill();
    const down = Date.now();
    server.current = await startCaptureServer({ databaseUrl, port });
    log.push(`kill ${kill}: SIGKILL, back up after ${Date.now() - down} ms`);
  }
  return log;
}

async function settledEventCount(databaseUrl: string): Promise<number> {
  const db = createDatabase(databaseUrl);
  try {
    let last = -1;
    for (;;) {
      const count = await db.consentEvent.count({ where: { shop: TEST_SHOP } });
      if (count === last) return count;
      last = count;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  } finally {
    await db.$disconnect();
  }
}

async function check(databaseUrl: string) {
  const db = createDatabase(databaseUrl);
  try {
    const events = await db.consentEvent.count({ where: { shop: TEST_SHOP } });
    const distinct = (await db.consentEvent.groupBy({ by: ["clientEventId"], where: { shop: TEST_SHOP } }))
      .length;
    let missing = 0;
    for (let start = 0; start < acknowledged.length; start += 500) {
      const ids = acknowledged.slice(start, start + 500);
      const found = await db.consentEvent.count({ where: { shop: TEST_SHOP, clientEventId: { in: ids } } });
      missing += ids.length - found;
    }
    const ledger = await verifyShopLedger(db, TEST_SHOP);
    return { events, distinct, missing, ledger };
  } finally {
    await db.$disconnect();
  }
}

async function main() {
  if (process.env.BENCH_BUILD === "1" || !existsSync(BUILD)) {
    execFileSync("npx", ["remix", "vite:build"], { stdio: "inherit" });
  }
  const database = await freshDatabase();
  const kind = database.url.startsWith("file:") ? "SQLite" : "PostgreSQL";
  await prepareCaptureDatabase(database.url);
  const port = await freePort();
  // BENCH_PROFILE=1: a CPU profile of the server's first life in bench/tmp/capture-profile/.
  const nodeArgs =
    process.env.BENCH_PROFILE === "1" ? ["--cpu-prof", "--cpu-prof-dir=bench/tmp/capture-profile"] : [];
  const server = { current: await startCaptureServer({ databaseUrl: database.url, port, nodeArgs }) };
  try {
    console.log(`capture load test on ${kind}${crash ? `, crash mode (${kills} SIGKILLs)` : ""}`);
    // BENCH_CONNECTIONS skips the search, not the short run that sizes the main one.
    const counts = process.env.BENCH_CONNECTIONS ? [Number(process.env.BENCH_CONNECTIONS)] : SWEEP;
    const chosen = await sweep(server.current, counts);
    // Sized from the sweep's rate so that it lasts about `seconds` and ends with every answer in.
    const amount = crash ? undefined : Math.max(chosen.connections, Math.round(chosen.rate * seconds));
    // Requests the sweep's timed runs cut off may still commit: count from a settled database.
    const before = await settledEventCount(database.url);
    const acknowledgedBefore = acknowledged.length;
    const killing = crash ? killRepeatedly(server, port, database.url) : Promise.resolve([]);
    const run = await load(server.current, chosen.connections, seconds, amount);
    for (const line of await killing) console.log(`  ${line}`);
    console.log(`  run: ${describe(run)}`);
    // Let requests cut off by a timed run's end finish before the server stops.
    await server.current.stop();
    const result = await check(database.url);
    const lost = result.missing;
    const runEvents = result.events - before;
    const runAcknowledged = acknowledged.length - acknowledgedBefore;
    const exact = runEvents === runAcknowledged;
    console.log(`  run: ${runEvents} events stored during the run, ${runAcknowledged} answered 2xx`);
    console.log(
      `  database: ${result.events} events, ${result.distinct} distinct event ids, ` +
        `${acknowledged.length} acknowledged (2xx, all runs), ${lost} acknowledged but missing; ` +
        `ledger ${result.ledger.ok ? "verifies" : `BROKEN at #${result.ledger.firstBreak?.seq}`} ` +
        `(${result.ledger.eventCount} events, head ${result.ledger.head.slice(0, 12)}…)`,
    );
    const ok =
      result.ledger.ok &&
      lost === 0 &&
      result.distinct === result.events &&
      // Killed mid-request, the server may have committed events it never answered.
      (crash ? runEvents >= runAcknowledged : exact);
    console.log(ok ? "  OK" : "  FAILED");
    process.exitCode = ok ? 0 : 1;
  } finally {
    await server.current.kill();
    await database.dispose();
  }
}

await main();
