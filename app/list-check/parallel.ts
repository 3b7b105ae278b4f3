/**
 * Pass 1 of check-list on several cores: the file is cut into ranges at
 * record boundaries (./split-file.ts) and a few worker threads (./worker.ts)
 * take them one at a time, each writing the range's staging file. The main
 * thread only feeds the dedupe candidates they send into its DedupeIndex.
 */
import { Worker } from "node:worker_threads";
import type { DedupeIndex } from "../consent/dedupe";
import { type CsvRange, ListInputError } from "./read-csv";
import { addTotals, emptyTotals, type StageTotals } from "./stage-row";
import {
  CANDIDATE_FIELDS,
  type FromWorker,
  type ToWorker,
  type WorkerFailure,
  type WorkerJob,
} from "./worker";

const WORKER_ENTRY = new URL("./worker-entry.mjs", import.meta.url);
/** How long a stopping worker may take to close its files before it is terminated. */
const STOP_GRACE_MS = 5000;

export async function stageInWorkers(
  job: WorkerJob,
  ranges: readonly CsvRange[],
  stagingPaths: readonly string[],
  threads: number,
  winners: DedupeIndex,
): Promise<StageTotals> {
  const workers: RunningWorker[] = [];
  try {
    return await new Promise<StageTotals>((resolve, reject) => {
      const totals = emptyTotals();
      let next = 0;
      let finished = 0;
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      const assign = (worker: Worker) => {
        if (next >= ranges.length) return;
        const index = next++;
        const message: ToWorker = {
          type: "range",
          index,
          range: ranges[index] as CsvRange,
          stagingPath: stagingPaths[index] as string,
        };
        worker.postMessage(message);
      };
      for (let count = 0; count < Math.min(threads, ranges.length); count++) {
        const worker = new Worker(WORKER_ENTRY, {
          workerData: job,
          ...(process.env.TMP_OLD
            ? {
                resourceLimits: {
                  maxOldGenerationSizeMb: Number(process.env.TMP_OLD),
                  maxYoungGenerationSizeMb: Number(process.env.TMP_YOUNG ?? 16),
                },
              }
            : {}),
        });
        const running: RunningWorker = { worker, exited: false };
        workers.push(running);
        worker.on("exit", (code) => {
          running.exited = true;
          fail(new Error(`a check-list worker thread stopped early (exit code ${code})`));
        });
        worker.on("message", (message: FromWorker) => {
          if (settled) return;
          switch (message.type) {
            case "candidates":
              addCandidates(winners, message.phones, message.numbers);
              break;
            case "done":
              addTotals(totals, message.totals);
              finished += 1;
              if (finished === ranges.length) {
                settled = true;
                resolve(totals);
              } else {
                assign(worker);
              }
              break;
            case "failed":
              fail(fromFailure(message.failure));
              break;
          }
        });
        worker.on("error", fail);
        assign(worker);
      }
    });
  } finally {
    await Promise.all(workers.map(stopWorker));
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
  const error = new Error(failure.message);
  if (failure.stack) error.stack = failure.stack;
  return error;
}

interface RunningWorker {
  worker: Worker;
  exited: boolean;
}

/** Asks a worker to stop (it closes the files of a range in progress), then ends the thread. */
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
