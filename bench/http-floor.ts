/**
 * The floor under every capture: what the production server (server.js,
 * Express + Remix) spends on a request that does no work at all, an
 * unsigned POST /proxy/optin answered 401 before any database access.
 * Reports rate, p99 and server CPU per request (all threads: V8 collects
 * garbage beside the main one). A capture can never cost less.
 * `npm run bench:capture` runs the same load beside the captures and prints the ratio.
 *
 *   npm run bench:http-floor       # BENCH_SECONDS (10), BENCH_CONNECTIONS (8), BENCH_PROFILE=1
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, prepareCaptureDatabase, startCaptureServer } from "../tools/support/capture-server";
import { cpuMsPer, floorLoad, loadAverage } from "./http-floor-load";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
const dir = mkdtempSync(path.join(tmpdir(), "http-floor-"));
const url = `file:${path.join(dir, "db.sqlite")}`;
await prepareCaptureDatabase(url);
const server = await startCaptureServer({
  databaseUrl: url,
  port: await freePort(),
  nodeArgs: process.env.BENCH_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve("bench/tmp/profile")}`]
    : [],
});
try {
  const run = await floorLoad(server, connections, seconds);
  console.log(
    JSON.stringify(
      {
        route: "POST /proxy/optin, unsigned (401, no database access)",
        connections,
        rate: run.rate,
        p50: run.p50,
        p99: run.p99,
        answered: run.answered,
        serverCpuMsPerRequest: cpuMsPer(run.cpuSeconds, run.answered),
        loadAverage: loadAverage(),
      },
      null,
      2,
    ),
  );
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
