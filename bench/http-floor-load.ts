/**
 * The HTTP floor under every capture, as a load on a running capture server:
 * unsigned POST /proxy/optin requests, answered 401 before any database
 * access. What Express + Remix spend on a request that does no work; a
 * capture can never cost less. Used by bench:http-floor on its own and by
 * bench:capture beside the capture load, in the same server process.
 */
import { loadavg } from "node:os";
import autocannon from "autocannon";
import type { CaptureServer } from "../tools/support/capture-server";
import { processCpuSeconds } from "./stage-meter";

export interface FloorRun {
  connections: number;
  seconds: number;
  answered: number;
  rate: number;
  p50: number;
  p99: number;
  /** Server CPU seconds (all threads) the run cost. */
  cpuSeconds: number;
}

export async function floorLoad(
  server: CaptureServer,
  connections: number,
  seconds: number,
): Promise<FloorRun> {
  const before = processCpuSeconds(server.child.pid);
  const started = performance.now();
  const result = await autocannon({
    url: `${server.url}/proxy/optin`,
    requests: [{ method: "POST", body: "{}" }],
    connections,
    duration: seconds,
  });
  const elapsed = (performance.now() - started) / 1000;
  const answered = result["2xx"] + result.non2xx;
  return {
    connections,
    seconds: elapsed,
    answered,
    rate: Math.round(answered / elapsed),
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuSeconds: processCpuSeconds(server.child.pid) - before,
  };
}

/** Server CPU milliseconds per request, two decimals. */
export const cpuMsPer = (cpuSeconds: number, requests: number) =>
  Math.round((cpuSeconds * 1000 * 1000) / requests) / 1000;

/** The 1-minute load average, for the record beside every measured ratio. */
export const loadAverage = () => Number(loadavg()[0]?.toFixed(2));
