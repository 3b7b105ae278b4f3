/**
 * The process's background work (app/jobs): stopping it ends the timers,
 * tells long waits to end, and waits for the runs in flight; a failed run is
 * logged by name, never with its error's message (which may hold a phone).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  backgroundWork,
  resumeBackgroundWork,
  runEvery,
  runInBackground,
  runSoon,
  stopBackgroundWork,
} from "../../app/jobs/background.server";

/** Lets every callback already queued run (no clock involved). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => resumeBackgroundWork());

describe("background work", () => {
  it("stops its timers and resolves only once the run in flight has finished", async () => {
    let release = () => {};
    let signal: AbortSignal | undefined;
    runInBackground("slow import", (given) => {
      signal = given;
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    let soonRan = false;
    runSoon("write-back a.myshopify.com", 60_000, async () => {
      soonRan = true;
    });
    runEvery("sweep", 60_000, async () => undefined);
    expect(backgroundWork()).toEqual({ timers: ["write-back a.myshopify.com", "sweep"], inFlight: 1 });

    let stopped = false;
    const stopping = stopBackgroundWork().then(() => {
      stopped = true;
    });
    await settle();
    expect(signal?.aborted).toBe(true);
    expect(backgroundWork().timers).toEqual([]);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(backgroundWork()).toEqual({ timers: [], inFlight: 0 });
    expect(soonRan).toBe(false);
  });

  it("takes no new timers once stopped, until started again", async () => {
    await stopBackgroundWork();
    runSoon("write-back b.myshopify.com", 60_000, async () => undefined);
    expect(backgroundWork().timers).toEqual([]);
    resumeBackgroundWork();
    runSoon("write-back b.myshopify.com", 60_000, async () => undefined);
    runSoon("write-back b.myshopify.com", 60_000, async () => undefined);
    expect(backgroundWork().timers).toEqual(["write-back b.myshopify.com"]);
    await stopBackgroundWork();
  });

  it("runs what was asked soon once per key, and logs a failure by name without the error's message", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      let runs = 0;
      const done = new Promise<void>((resolve) => {
        for (let ask = 0; ask < 3; ask++)
          runSoon("write-back c.myshopify.com", 1, async () => {
            runs += 1;
            resolve();
            throw new Error("customer +34612000111 lucia@example.com refused");
          });
      });
      await done;
      await stopBackgroundWork();
      expect(runs).toBe(1);
      const logged = warn.mock.calls.map((call) => call.join(" "));
      expect(logged).toEqual(["background job write-back c.myshopify.com failed: Error"]);
    } finally {
      warn.mockRestore();
    }
  });
});
