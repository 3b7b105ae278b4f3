/**
 * The floor under every capture: what the production server (server.js,
 * Express + Remix) spends on a request that does no work at all, an
 * unsigned POST /proxy/optin answered 401 before any database access.
 * Reports rate, p99 and server CPU per request (all threads: V8 collects
 * garbage beside the main one). A capture can never cost less.
 *
 *   npm run bench:http-floor       # BENCH_SECONDS (10), BENCH_CONNECTIONS (8), BENCH_PROFILE=1
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { freePort, prepareCaptureDatabase, startCaptureServer } from "../tools/support/capture-server";
import { processCpuSeconds } from "./stage-meter";

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
  const before = processCpuSeconds(server.child.pid);
  const result = await autocannon({
    url: `${server.url}/proxy/optin`,
    requests: [{ method: "POST", body: "{}" }],
    connections,
    duration: seconds,
  });
  const answered = result["2xx"] + result.non2xx;
  const cpuMs = ((processCpuSeconds(server.child.pid) - before) * 1000) / answered;
  console.log(
    JSON.stringify(
      {
        route: "POST /proxy/optin, unsigned (401, no database access)",
        connections,
        rate: Math.round(result.requests.average),
        p50: result.latency.p50,
        p99: result.latency.p99,
        answered,
        answered2xx: result["2xx"],
        serverCpuMsPerRequest: Number(cpuMs.toFixed(3)),
      },
      null,
      2,
    ),
  );
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
