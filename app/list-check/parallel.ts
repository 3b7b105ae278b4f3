/**
 * Pass 1 of check-list on several cores: the file is cut into ranges at
 * record boundaries (./split-file.ts) and a few worker threads (./worker.ts)
 * take them one at a time, each writing the range's staging file. The main
 * thread only feeds the dedupe candidates they send into its DedupeIndex.
 */
import { Worker } from "node:worker_threads";
import type { DedupeIndex } from "../consent/dedupe";
import type { UnreadableOptOuts } from "../consent/opt-out-block";
import { type CsvRange, ListInputError } from "../csv/read-csv";
import { addTotals, emptyTotals, type StageTotals } from "./stage-row";
import {
  CANDIDATE_FIELDS,
  type FromWorker,
  type ToWorker,
  type WorkerFailure,
  type WorkerJob,
} from "./worker";

const WORKER_ENTRY = new URL("./worker-entry.mjs", import.meta.url);
/**
 * A worker keeps ~15 MB alive but allocates fast; with V8's defaults for a
 * thread its heap grows to several times that (~100 MB a worker, measured).
 * A 16 MB young generation and an old-generation ceiling (which also lowers
 * V8's heap-growing factor) make it collect early and keep peak RSS flat:
 * ~220 MB for the whole process on a 1M-row list, against ~390 MB without.
 * Measured alternatives: 8 MB saved little memory and cost ~20% more CPU;
 * 32 MB cost ~30 MB more RSS for no clear gain. The ceiling is far above what
 * a worker needs, even for rows with 1 MB fields.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 512 };
/** How long a stopping worker may take to close its files before it is terminated. */
const STOP_GRACE_MS = 5000;

interface RunningWorker {
  worker: Worker;
  exited: boolean;
}

/** Receives what the workers report while ranges are staged. */
interface Listener {
  message(running: RunningWorker, message: FromWorker): void;
  fail(error: Error): void;
}

/**
 * The worker threads of one check-list run. They start loading their code at
 * once, so they can boot while the main thread reads the header and splits the file.
 */
export class StagingWorkers {
  private readonly workers: RunningWorker[] = [];
  private listener: Listener | null = null;
  /** A failure before stage() was called. */
  private earlyFailure: Error | null = null;

  constructor(readonly count: number) {
    const execArgv = withoutTsxPreload(process.execArgv);
    for (let index = 0; index < count; index++) {
      const worker = startWorker(execArgv);
      const running: RunningWorker = { worker, exited: false };
      this.workers.push(running);
      const fail = (error: Error) => {
        if (this.listener) this.listener.fail(error);
        else this.earlyFailure ??= error;
      };
      worker.on("message", (message: FromWorker) => this.listener?.message(running, message));
      worker.on("error", fail);
      worker.on("exit", (code) => {
        running.exited = true;
        fail(new Error(`a check-list worker thread stopped early (exit code ${code})`));
      });
    }
  }

  /** Stages every range (its staging file at the same index) and returns the totals. */
  stage(
    job: WorkerJob,
    ranges: readonly CsvRange[],
    stagingPaths: readonly string[],
    winners: DedupeIndex,
    optOuts: UnreadableOptOuts,
  ): Promise<StageTotals> {
    return new Promise<StageTotals>((resolve, reject) => {
      const totals = emptyTotals();
      let next = 0;
      let finished = 0;
      let settled = false;
      const assign = (running: RunningWorker) => {
        if (next >= ranges.length) return;
        const index = next++;
        const message: ToWorker = {
          type: "range",
          job,
          index,
          range: ranges[index] as CsvRange,
          stagingPath: stagingPaths[index] as string,
        };
        running.worker.postMessage(message);
      };
      this.listener = {
        fail: (error) => {
          if (settled) return;
          settled = true;
          reject(error);
        },
        message: (running, message) => {
          if (settled) return;
          switch (message.type) {
            case "candidates":
              addCandidates(winners, message.phones, message.numbers);
              break;
            case "unreadableOptOut":
              optOuts.add(message.keys, message.line);
              break;
            case "done":
              addTotals(totals, message.totals);
              finished += 1;
              if (finished === ranges.length) {
                settled = true;
                resolve(totals);
              } else {
                assign(running);
              }
              break;
            case "failed":
              this.listener?.fail(fromFailure(message.failure));
              break;
          }
        },
      };
      if (this.earlyFailure) {
        this.listener.fail(this.earlyFailure);
        return;
      }
      for (const running of this.workers) assign(running);
    });
  }

  /** Stops every worker (one busy with a range closes its files first) and ends the threads. */
  async close(): Promise<void> {
    this.listener = null;
    await Promise.all(this.workers.map(stopWorker));
  }
}

function addCandidates(winners: DedupeIndex, phones: string, numbers: Float64Array): void {
  let start = 0;
  for (let base = 0; base < numbers.length; base += CANDIDATE_FIELDS) {
    let end = phones.indexOf("\n", start);
    if (end === -1) end = phones.length;
    winners.addScored(
      phones.slice(start, end),
      String(numbers[base]),
      numbers[base + 1] as number,
      numbers[base + 2] as number,
      numbers[base + 3] as number,
      numbers[base + 4] === 1,
    );
    start = end + 1;
  }
}

function fromFailure(failure: WorkerFailure): Error {
  if (failure.kind === "input") return new ListInputError(failure.file, failure.line, failure.problem);
  const error: NodeJS.ErrnoException = new Error(failure.message);
  if (failure.stack) error.stack = failure.stack;
  if (failure.code) error.code = failure.code;
  if (failure.path) error.path = failure.path;
  return error;
}

async function stopWorker(running: RunningWorker): Promise<void> {
  const { worker } = running;
  if (running.exited) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, STOP_GRACE_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    worker.on("message", (message: FromWorker) => {
      if (message.type === "stopped") done();
    });
    worker.once("exit", done);
    const stop: ToWorker = { type: "stop" };
    worker.postMessage(stop);
  });
  if (!running.exited) await worker.terminate();
}

function startWorker(execArgv: string[] | undefined): Worker {
  try {
    return new Worker(WORKER_ENTRY, { execArgv, resourceLimits: WORKER_LIMITS });
  } catch (error) {
    // A worker inherits any option of its parent, but refuses some when they
    // are given explicitly (V8 flags such as --max-old-space-size): inherit them.
    if (execArgv && (error as NodeJS.ErrnoException).code === "ERR_WORKER_INVALID_EXEC_ARGV") {
      return new Worker(WORKER_ENTRY, { resourceLimits: WORKER_LIMITS });
    }
    throw error;
  }
}

/**
 * The parent's Node options for a worker, minus a tsx preload (`--import tsx`):
 * the worker entry registers tsx itself, and a second registration would only
 * slow every import down. undefined (inherit them all) when there is none.
 */
function withoutTsxPreload(execArgv: readonly string[]): string[] | undefined {
  const isTsx = (specifier: string | undefined) => specifier !== undefined && /^tsx(\/|$)/.test(specifier);
  const kept: string[] = [];
  for (let index = 0; index < execArgv.length; index++) {
    const arg = execArgv[index] as string;
    if ((arg === "--import" || arg === "--require" || arg === "-r") && isTsx(execArgv[index + 1])) {
      index += 1;
      continue;
    }
    const inline = /^--(?:import|require)=(.*)$/.exec(arg);
    if (inline && isTsx(inline[1])) continue;
    kept.push(arg);
  }
  return kept.length < execArgv.length ? kept : undefined;
}
