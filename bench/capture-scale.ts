/**
 * Scale-out of the capture route, shown rather than assumed (issue 17): the
 * production build served by one process, then by two processes, against one
 * PostgreSQL database, both taking captures for the same shop at the same time
 * (so both contend for its ledger). Rounds alternate one and two processes so
 * that both see the same machine; each load is sized in requests, so every
 * request has its answer when the round ends.
 *
 * Afterwards the database must hold one event per 2xx answer (every
 * acknowledged event id present, no event id twice, none of a refused
 * request; beyond the acknowledged, only requests the client gave up on may
 * have been committed) and the shop's chain must verify, whatever the
 * interleaving of the two processes was.
 *
 *   npm run bench:capture:scale
 *
 * Env: BENCH_SECONDS (20 per load), BENCH_ROUNDS (2), BENCH_CONNECTIONS (8 in
 * all: one process gets them all, two processes half each).
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
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
import { cpuMsPer, loadAverage } from "./http-floor-load";
import { processCpuSeconds } from "./stage-meter";

const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const connections = Math.max(2, Number(process.env.BENCH_CONNECTIONS ?? 8));

const acknowledged: string[] = [];
/** Answered, but not 2xx: none of these may be stored. */
const refused: string[] = [];
let sent = 0;
let next = 0;

/** `amount` signed captures to one server over `connectionCount` connections. */
async function captures(server: CaptureServer, connectionCount: number, amount: number) {
  const result = await autocannon({
    url: server.url,
    connections: connectionCount,
    amount,
    timeout: 30,
    requests: [
      {
        method: "POST",
        setupRequest: (request, context) => {
          const eventId = randomUUID();
          context.eventId = eventId;
          sent += 1;
          return {
            ...request,
            path: `/proxy/optin?${signedProxyQuery()}`,
            headers: { "content-type": "application/json", "user-agent": "capture-scale" },
            body: JSON.stringify(captureBody(next++, eventId)),
          };
        },
        onResponse: (status, _body, context) => {
          (status >= 200 && status < 300 ? acknowledged : refused).push(context.eventId as string);
        },
      },
    ],
  });
  return { ok: result["2xx"], other: result.non2xx, errors: result.errors + result.timeouts };
}

interface Round {
  processes: number;
  seconds: number;
  ok: number;
  other: number;
  errors: number;
  capturesPerSecond: number;
  cpuMsPerCapture: number;
  loadAverage: number;
}

/** One load spread over `servers` (connections split evenly), all at once; `amount` requests in all. */
async function round(servers: CaptureServer[], amount: number): Promise<Round> {
  const cpuBefore = servers.map((server) => processCpuSeconds(server.child.pid));
  const started = performance.now();
  const each = Math.round(amount / servers.length);
  const perServer = Math.max(1, Math.floor(connections / servers.length));
  const results = await Promise.all(servers.map((server) => captures(server, perServer, each)));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = servers.reduce(
    (sum, server, index) => sum + processCpuSeconds(server.child.pid) - (cpuBefore[index] ?? 0),
    0,
  );
  const ok = results.reduce((sum, result) => sum + result.ok, 0);
  return {
    processes: servers.length,
    seconds: Number(elapsed.toFixed(1)),
    ok,
    other: results.reduce((sum, result) => sum + result.other, 0),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    capturesPerSecond: Math.round(ok / elapsed),
    cpuMsPerCapture: cpuMsPer(cpu, ok),
    loadAverage: loadAverage(),
  };
}

async function storedCount(db: ReturnType<typeof createDatabase>, ids: readonly string[]): Promise<number> {
  let found = 0;
  for (let start = 0; start < ids.length; start += 500) {
    const clientEventId = { in: ids.slice(start, start + 500) };
    found += await db.consentEvent.count({ where: { shop: TEST_SHOP, clientEventId } });
  }
  return found;
}

async function check(url: string) {
  const db = createDatabase(url);
  try {
    const events = await db.consentEvent.count({ where: { shop: TEST_SHOP } });
    const distinct = (await db.consentEvent.groupBy({ by: ["clientEventId"], where: { shop: TEST_SHOP } }))
      .length;
    const stored = await storedCount(db, acknowledged);
    const storedRefused = await storedCount(db, refused);
    const ledger = await verifyShopLedger(db, TEST_SHOP);
    return { events, distinct, stored, storedRefused, ledger };
  } finally {
    await db.$disconnect();
  }
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

async function main() {
  if (process.env.BENCH_BUILD === "1" || !existsSync(BUILD)) {
    execFileSync("npx", ["remix", "vite:build"], { stdio: "inherit" });
  }
  const admin = new URL(postgresAdminUrl());
  admin.pathname = "/postgres";
  const url = await createScratchDatabase("wa_capture_scale", admin.toString());
  const servers: CaptureServer[] = [];
  try {
    await prepareCaptureDatabase(url);
    for (let index = 0; index < 2; index++)
      servers.push(await startCaptureServer({ databaseUrl: url, port: await freePort() }));
    const [first] = servers as [CaptureServer, CaptureServer];
    console.log(`capture scale-out on PostgreSQL: ${connections} connections in all, ${rounds} rounds`);
    // Warm-up and sizing: every process's first requests (route and statement preparation) happen here.
    const warm = await round(servers, connections * 50);
    const sizing = await round([first], connections * 50);
    let amount = Math.max(connections, sizing.capturesPerSecond * seconds);
    console.log(
      `  warm-up (two processes): ${warm.ok} 2xx, ${warm.other} other, ${warm.errors} errors; ` +
        `sizing (one): ${sizing.capturesPerSecond} captures/s`,
    );
    const results: Round[] = [];
    for (let index = 0; index < rounds; index++) {
      for (const group of [[first], servers]) {
        const result = await round(group, amount);
        results.push(result);
        console.log(
          `  round ${index + 1}, ${result.processes} process${result.processes > 1 ? "es" : ""}: ` +
            `${result.capturesPerSecond} captures/s over ${result.seconds} s, ${result.ok} 2xx, ${result.other} other, ` +
            `${result.errors} errors, server CPU ${result.cpuMsPerCapture} ms/capture, load average ${result.loadAverage}`,
        );
        if (group.length === 1) amount = Math.max(connections, result.capturesPerSecond * seconds);
      }
    }
    for (const server of servers) await server.stop();
    const one = results.filter((result) => result.processes === 1);
    const two = results.filter((result) => result.processes === 2);
    const oneRate = mean(one.map((result) => result.capturesPerSecond));
    const twoRate = mean(two.map((result) => result.capturesPerSecond));
    console.log(
      `  throughput: one process ${Math.round(oneRate)} captures/s, two processes ${Math.round(twoRate)} captures/s ` +
        `(${(twoRate / oneRate).toFixed(2)}×); server CPU per capture ${mean(one.map((r) => r.cpuMsPerCapture)).toFixed(2)} ms ` +
        `and ${mean(two.map((r) => r.cpuMsPerCapture)).toFixed(2)} ms`,
    );
    const result = await check(url);
    // A request the client gave up on (timeout) may have been committed without its answer
    // arriving: the only events allowed beyond the acknowledged ones.
    const unanswered = sent - acknowledged.length - refused.length;
    const ok =
      result.ledger.ok &&
      result.stored === acknowledged.length &&
      result.storedRefused === 0 &&
      result.events >= acknowledged.length &&
      result.events - acknowledged.length <= unanswered &&
      result.distinct === result.events;
    console.log(
      `  database: ${result.events} events, ${result.distinct} distinct event ids, ${sent} sent, ` +
        `${acknowledged.length} acknowledged (2xx), ${acknowledged.length - result.stored} acknowledged but missing, ` +
        `${refused.length} refused (${result.storedRefused} of them stored), ${unanswered} unanswered; ` +
        `ledger ${result.ledger.ok ? "verifies" : `BROKEN at #${result.ledger.firstBreak?.seq}`} (${result.ledger.eventCount} events)`,
    );
    console.log(ok ? "  OK" : "  FAILED");
    process.exitCode = ok ? 0 : 1;
  } finally {
    for (const server of servers) await server.kill();
    await dropDatabase(url, admin.toString());
  }
}

await main();
