/**
 * The app's timers, started by the process that serves requests (server.js in
 * production, the dev server through vite.config.ts) and never by importing a
 * module. What else lives in this process is listed in
 * docs/decisions/012-process-lifecycle.md.
 */
import { closeRateLimits } from "../capture/rate-limit.server";
import { PRUNE_REFUSALS_EVERY_MS, pruneRefusalCounts } from "../capture/refusals.server";
import { refreshShopsUnderOlderRules } from "../contacts/rules-refresh.server";
import { getDb } from "../db.server";
import { SWEEP_REPLAY_MARKERS_EVERY_MS, sweepReplayMarkers } from "../http/app-proxy.server";
import { SWEEP_EVERY_MS, sweepWriteBacks } from "../write-back/worker.server";
import { resumeBackgroundWork, runEvery, runSoon, stopBackgroundWork } from "./background.server";

/**
 * Starts the write-back sweep (retries, and tasks orphaned by a stopped
 * instance), the refresh of shops judged under older consent rules, the
 * sweep of App Proxy replay markers past their window, and the hourly
 * pruning of refusal counts older than a week. Twice is once.
 */
export function startJobs(): void {
  resumeBackgroundWork();
  runEvery("write-back sweep", SWEEP_EVERY_MS, () => sweepWriteBacks(getDb()));
  // Right after start: a deploy that changed the consent rules judges every shop again before merchants look.
  runSoon("rules refresh", 0, async (signal) => {
    await refreshShopsUnderOlderRules(getDb(), signal);
  });
  runEvery("replay-marker sweep", SWEEP_REPLAY_MARKERS_EVERY_MS, async () => {
    await sweepReplayMarkers(getDb());
  });
  runEvery("refusal-count pruning", PRUNE_REFUSALS_EVERY_MS, async () => {
    await pruneRefusalCounts(getDb());
  });
}

/**
 * Stops the timers and resolves once the work in flight has finished, then
 * closes the rate limits' Redis connection (server.js, on SIGTERM).
 */
export async function stopJobs(): Promise<void> {
  await stopBackgroundWork();
  await closeRateLimits();
}
