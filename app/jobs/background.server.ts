/**
 * This process's background work, in one place so it can be stopped: work a
 * request hands off (runInBackground), work asked for shortly (runSoon, one
 * per key), and work on a timer (runEvery). Nothing starts at import; the
 * timers belong to whoever started them (app/jobs/jobs.server.ts), and
 * stopBackgroundWork() ends them all and waits for the runs in flight.
 * Failures are logged by name only: names never carry personal data, and
 * errors may.
 */

type Work = (signal: AbortSignal) => Promise<unknown>;

interface BackgroundState {
  /** runSoon and runEvery timers, by key: a key has at most one. */
  timers: Map<string, NodeJS.Timeout>;
  inFlight: Set<Promise<void>>;
  /** Aborted by stopBackgroundWork: long waits (bulk-sync polling) end early. */
  stopping: AbortController;
  stopped: boolean;
}

declare global {
  // One set of timers per process, even when the dev server reloads this module.
  var __waConsentBackground: BackgroundState | undefined;
}

function state(): BackgroundState {
  globalThis.__waConsentBackground ??= {
    timers: new Map(),
    inFlight: new Set(),
    stopping: new AbortController(),
    stopped: false,
  };
  return globalThis.__waConsentBackground;
}

/** Runs `work` now, without waiting for it; a failure is logged as `name` with the error's class. */
export function runInBackground(name: string, work: Work): void {
  const { inFlight, stopping } = state();
  let started: Promise<unknown>;
  try {
    // Started now, as the `void promise` it replaces was.
    started = work(stopping.signal);
  } catch (error) {
    started = Promise.reject(error);
  }
  const run = started
    .then(
      () => undefined,
      (error: unknown) => {
        console.warn(`background job ${name} failed: ${error instanceof Error ? error.name : "error"}`);
      },
    )
    .finally(() => inFlight.delete(run));
  inFlight.add(run);
}

/** Runs `work` after `delayMs`, once per `key` however often it is asked in the meantime. */
export function runSoon(key: string, delayMs: number, work: Work): void {
  const { timers, stopped } = state();
  if (stopped || timers.has(key)) return;
  const timer = setTimeout(() => {
    timers.delete(key);
    runInBackground(key, work);
  }, delayMs);
  timer.unref();
  timers.set(key, timer);
}

/** Runs `work` every `intervalMs` until stopped; a run still going when the next is due is not doubled. */
export function runEvery(key: string, intervalMs: number, work: Work): void {
  const { timers, stopped } = state();
  if (stopped || timers.has(key)) return;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runInBackground(key, async (signal) => {
      try {
        await work(signal);
      } finally {
        running = false;
      }
    });
  }, intervalMs);
  timer.unref();
  timers.set(key, timer);
}

/** Allows timers again after a stop (the dev server stops and starts them on a restart). */
export function resumeBackgroundWork(): void {
  const current = state();
  if (!current.stopped) return;
  current.stopped = false;
  current.stopping = new AbortController();
}

/**
 * Stops the timers (work not yet due is dropped: what it would do is in the
 * database for the next start), tells long waits to end, and resolves once
 * every run in flight has finished. After it, runSoon and runEvery do nothing.
 */
export async function stopBackgroundWork(): Promise<void> {
  const current = state();
  current.stopped = true;
  for (const timer of current.timers.values()) clearTimeout(timer);
  current.timers.clear();
  current.stopping.abort();
  // Runs may start more runs while finishing (a drain hands off the next batch).
  while (current.inFlight.size > 0) await Promise.allSettled([...current.inFlight]);
}

/** Timers pending and runs in flight (what a test or a debugger wants to see). */
export function backgroundWork(): { timers: string[]; inFlight: number } {
  const { timers, inFlight } = state();
  return { timers: [...timers.keys()], inFlight: inFlight.size };
}
