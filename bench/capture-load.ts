/**
 * Load test of the App Proxy capture route (POST /proxy/optin) over loopback:
 * the production build in a child process on a fresh database, every request
 * signed as Shopify's App Proxy signs it, each with its own event id and
 * phone. Then checks the database against what the client saw: one event per
 * 2xx answer, no duplicates, a ledger that verifies.
 *
 * The main run alternates with the HTTP floor (bench/http-floor-load.ts: unsigned
 * requests answered 401 by the same server process, at the same connection
 * count), round by round, and prints capture CPU per request ÷ floor CPU per
 * request: a ratio that holds on a shared machine where rates do not.
 *
 *   npm run bench:capture                 # 60 s at the best connection count found by a sweep
 *   npm run bench:capture -- --crash      # the same while the server is SIGKILLed and restarted (no floor)
 *
 * Env: BENCH_SECONDS (60), BENCH_ROUNDS (4: floor/capture alternations),
 * BENCH_CONNECTIONS (skip the search), BENCH_SWEEP_SECONDS (4),
 * BENCH_KILLS (crash mode, 4), BENCH_DATABASE=postgresql or DATABASE_URL (a postgresql://
 * server URL) runs on a fresh database there (default a temp SQLite file), BENCH_BUILD=1 rebuilds the app first.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createDatabase } from "../app/db/client.server";
import { createScratchDatabase, dropDatabase, postgresAdminUrl } from "../app/db/postgres-admin.server";
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
import { cpuMsPer, type FloorRun, floorLoad, loadAverage } from "./http-floor-load";
import { processCpuSeconds } from "./stage-meter";

const crash = process.argv.includes("--crash");
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const sweepSeconds = Number(process.env.BENCH_SWEEP_SECONDS ?? 4);
const kills = Number(process.env.BENCH_KILLS ?? 4);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 4));
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
  /** Server CPU seconds the run cost (NaN when the server was restarted meanwhile). */
  cpuSeconds: number;
  /** Server CPU time per answered request: what the route costs, whatever else runs on the machine. */
  cpuMsPerRequest: number;
}

/** Every event id the server acknowledged with a 2xx, across all runs. */
const acknowledged: string[] = [];
/** Every event id sent, across all runs, in order: the main run's are those from its start index on. */
const sent: string[] = [];
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
          sent.push(eventId);
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
  const cpuSeconds = processCpuSeconds(server.child.pid) - cpuBefore;
  return {
    connections,
    seconds: Math.round(elapsed),
    rate: Math.round(answered / elapsed),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    other: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuSeconds,
    cpuMsPerRequest: cpuMsPer(cpuSeconds, answered),
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

/**
 * The main run in `rounds` rounds, each a floor load then a capture load on
 * the same server at the same connection count, so both see the same
 * machine; prints the ratio of their CPU per request. Returns the captures
 * summed over the rounds (p50 the median of the rounds', p99 the highest).
 */
async function alternateWithFloor(
  server: CaptureServer,
  connections: number,
  amount: number,
  kind: string,
): Promise<RunResult> {
  const captures: RunResult[] = [];
  const floors: FloorRun[] = [];
  const loads: number[] = [];
  const floorSeconds = Math.max(2, Math.round(seconds / rounds / 3));
  // Each round sized from the rate of the round before (the first from the sweep's): the
  // machine's load moves, and a round of a few requests measures nothing.
  let perRound = amount / rounds;
  for (let round = 0; round < rounds; round++) {
    floors.push(await floorLoad(server, connections, floorSeconds));
    const requests = connections * Math.max(1, Math.round(perRound / connections));
    const run = await load(server, connections, seconds / rounds, requests);
    captures.push(run);
    perRound = (run.rate * seconds) / rounds;
    loads.push(loadAverage());
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const answered = sum(captures.map((run) => run.ok + run.other));
  const cpuSeconds = sum(captures.map((run) => run.cpuSeconds));
  const floorAnswered = sum(floors.map((run) => run.answered));
  const floorCpu = sum(floors.map((run) => run.cpuSeconds));
  const captureMs = cpuMsPer(cpuSeconds, answered);
  const floorMs = cpuMsPer(floorCpu, floorAnswered);
  for (const [index, floor] of floors.entries()) {
    const capture = captures[index] as RunResult;
    console.log(
      `  round ${index + 1}: floor ${floor.rate} req/s ${cpuMsPer(floor.cpuSeconds, floor.answered)} ms CPU/request, ` +
        `capture ${capture.rate} req/s ${capture.cpuMsPerRequest} ms CPU/request, load average ${loads[index]}`,
    );
  }
  console.log(
    `  ratio (${kind}): capture ${captureMs} ms ÷ floor ${floorMs} ms server CPU per request = ` +
      `${(captureMs / floorMs).toFixed(2)}× (${connections} connections, load average ${Math.min(...loads)}–${Math.max(...loads)})`,
  );
  const sorted = captures.map((run) => run.p50).sort((a, b) => a - b);
  const elapsed = sum(captures.map((run) => run.seconds));
  return {
    connections,
    seconds: elapsed,
    rate: Math.round(answered / Math.max(1, elapsed)),
    p50: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
    p99: Math.max(...captures.map((run) => run.p99)),
    ok: sum(captures.map((run) => run.ok)),
    other: sum(captures.map((run) => run.other)),
    errors: sum(captures.map((run) => run.errors)),
    cpuSeconds,
    cpuMsPerRequest: captureMs,
  };
}

async function freshDatabase(): Promise<{ url: string; dispose: () => Promise<void> }> {
  // BENCH_DATABASE=postgresql, as bench:sync takes it: the local server (POSTGRES_ADMIN_URL).
  const requested =
    process.env.BENCH_DATABASE === "postgresql" ? postgresAdminUrl() : (process.env.DATABASE_URL ?? "");
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

/** How many of these event ids are stored, 500 per query. */
async function storedCount(db: ReturnType<typeof createDatabase>, ids: readonly string[]): Promise<number> {
  let found = 0;
  for (let start = 0; start < ids.length; start += 500) {
    const clientEventId = { in: ids.slice(start, start + 500) };
    found += await db.consentEvent.count({ where: { shop: TEST_SHOP, clientEventId } });
  }
  return found;
}

async function check(databaseUrl: string, sentInRun: readonly string[]) {
  const db = createDatabase(databaseUrl);
  try {
    const events = await db.consentEvent.count({ where: { shop: TEST_SHOP } });
    const distinct = (await db.consentEvent.groupBy({ by: ["clientEventId"], where: { shop: TEST_SHOP } }))
      .length;
    const missing = acknowledged.length - (await storedCount(db, acknowledged));
    const runEvents = await storedCount(db, sentInRun);
    const ledger = await verifyShopLedger(db, TEST_SHOP);
    return { events, distinct, missing, runEvents, ledger };
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
    // Requests the sweep's timed runs cut off may still commit: the run's events are those of the ids it sent.
    const sentBefore = sent.length;
    const acknowledgedBefore = acknowledged.length;
    let run: RunResult;
    if (crash) {
      const killing = killRepeatedly(server, port, database.url);
      run = await load(server.current, chosen.connections, seconds, amount);
      for (const line of await killing) console.log(`  ${line}`);
    } else {
      run = await alternateWithFloor(server.current, chosen.connections, amount as number, kind);
    }
    console.log(`  run: ${describe(run)}`);
    // Let requests cut off by a timed run's end finish before the server stops.
    await server.current.stop();
    const result = await check(database.url, sent.slice(sentBefore));
    const lost = result.missing;
    const runEvents = result.runEvents;
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
