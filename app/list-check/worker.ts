/**
 * A check-list worker thread (started through ./worker-entry.mjs): pass 1
 * for the ranges the main thread sends, one at a time. For each range it
 * writes a staging file and streams the dedupe candidates back in compact
 * batches; the main thread keeps the one DedupeIndex.
 */
import { parentPort } from "node:worker_threads";
import type { BlockKeys } from "../consent/opt-out-block";
import { ByteBuffer, LineWriter } from "../csv/csv-writer";
import { type CsvRange, ListInputError, readCsvRange } from "../csv/read-csv";
import { RowStager, type StageJob, type StageTotals } from "./stage-row";

export interface WorkerJob extends StageJob {
  file: string;
  delimiter: string;
  width: number;
}

export type ToWorker =
  | { type: "range"; job: WorkerJob; index: number; range: CsvRange; stagingPath: string }
  | { type: "stop" };

export type WorkerFailure =
  | { kind: "input"; file: string; line: number | null; problem: string }
  | { kind: "other"; message: string; stack?: string; code?: string; path?: string };

export type FromWorker =
  /** `phones` joined by "\n"; `numbers` holds CANDIDATE_FIELDS numbers per phone. */
  | { type: "candidates"; phones: string; numbers: Float64Array }
  /** An opted-out row whose phone cannot be read (few: sent one by one). */
  | { type: "unreadableOptOut"; keys: BlockKeys; line: number }
  | { type: "done"; index: number; totals: StageTotals }
  | { type: "failed"; index: number; failure: WorkerFailure }
  | { type: "stopped" };

/** line, strength, at, tie, optedOut (1 or 0). */
export const CANDIDATE_FIELDS = 5;
const CANDIDATE_BATCH = 4096;

class Stopped extends Error {}

export function serveWorker(): void {
  const port = parentPort;
  if (!port) throw new Error("check-list worker: not in a worker thread");
  let stopping = false;
  let running: Promise<void> = Promise.resolve();
  const send = (message: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer ?? []);

  port.on("message", (message: ToWorker) => {
    if (message.type === "stop") {
      stopping = true;
      // Let the range in progress close its files, then report.
      void running.then(() => send({ type: "stopped" }));
      return;
    }
    running = running.then(async () => {
      if (stopping) return;
      try {
        const totals = await stageRange(
          message.job,
          message.range,
          message.stagingPath,
          send,
          () => stopping,
        );
        send({ type: "done", index: message.index, totals });
      } catch (error) {
        if (error instanceof Stopped) return;
        send({ type: "failed", index: message.index, failure: describeFailure(error) });
      }
    });
  });
}

function describeFailure(error: unknown): WorkerFailure {
  if (error instanceof ListInputError) {
    return { kind: "input", file: error.file, line: error.line, problem: error.problem };
  }
  const failure = error instanceof Error ? error : new Error(String(error));
  // A file-system error keeps its code and path: the command line words it from them.
  const { code, path } = failure as NodeJS.ErrnoException;
  return { kind: "other", message: failure.message, stack: failure.stack, code, path };
}

async function stageRange(
  job: WorkerJob,
  range: CsvRange,
  stagingPath: string,
  send: (message: FromWorker, transfer?: ArrayBuffer[]) => void,
  stopRequested: () => boolean,
): Promise<StageTotals> {
  let phones: string[] = [];
  let numbers = new Float64Array(CANDIDATE_BATCH * CANDIDATE_FIELDS);
  const flushCandidates = () => {
    if (phones.length === 0) return;
    const filled = numbers.subarray(0, phones.length * CANDIDATE_FIELDS).slice();
    send({ type: "candidates", phones: phones.join("\n"), numbers: filled }, [filled.buffer]);
    phones = [];
    numbers = new Float64Array(CANDIDATE_BATCH * CANDIDATE_FIELDS);
  };
  const stager = new RowStager(
    job,
    (phone, line, strength, at, tie, optedOut) => {
      const base = phones.length * CANDIDATE_FIELDS;
      numbers[base] = line;
      numbers[base + 1] = strength;
      numbers[base + 2] = at;
      numbers[base + 3] = tie;
      numbers[base + 4] = optedOut ? 1 : 0;
      phones.push(phone);
      if (phones.length === CANDIDATE_BATCH) flushCandidates();
    },
    (keys, line) => send({ type: "unreadableOptOut", keys, line }),
  );

  const staging = new ByteBuffer(new LineWriter(stagingPath));
  try {
    for await (const records of readCsvRange(job.file, job.label, job.delimiter, job.width, range)) {
      if (stopRequested()) throw new Stopped();
      for (const record of records) stager.stage(record.cells, record.line, staging);
      await staging.flushIfFull();
    }
    flushCandidates();
    await staging.close();
    return stager.totals;
  } catch (error) {
    await staging.writer.abort();
    throw error;
  }
}
