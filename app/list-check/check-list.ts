/**
 * `wa-consent check-list`: sorts a provider's subscriber export into Group A
 * (substantiated WhatsApp opt-ins, the clean export) and Group B (everyone
 * else, with reasons), plus a report. Two streaming passes over the file:
 * the first classifies every row, stages its output and finds the winner
 * for every phone; the second marks duplicates and writes the rows, in file
 * order. On a large file the first pass runs in worker threads, one range of
 * the file each (./parallel.ts); the result is byte for byte the same.
 */

import { mkdir, readdir, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { GROUP_A_COLUMNS } from "../consent/clean-export";
import { DedupeIndex } from "../consent/dedupe";
import { UnreadableOptOuts } from "../consent/opt-out-block";
import type { ReasonCode, Segment } from "../consent/types";
import { ByteBuffer, csvField, LineWriter, StagedCsvFile } from "../csv/csv-writer";
import { type CsvFile, ListInputError, openCsv } from "../csv/read-csv";
import { cliEnv } from "../env.server";
import { CANONICAL_FIELDS, detectProvider, PROVIDERS, resolveColumns, timestampChannelOf } from "./columns";
import type { RowContext } from "./interpret-row";
import { StagingWorkers } from "./parallel";
import { splitCsv } from "./split-file";
import { RowStager, type StageJob, type StageTotals } from "./stage-row";
import { readStaged } from "./staging";

export const GROUP_B_EXTRA_COLUMNS = ["segment", "reasons", "phone_e164", "duplicate_of"] as const;

/**
 * Group B's header: the input's own columns, then ours. One of ours whose
 * name the input already uses (compared without case or surrounding spaces)
 * becomes wa_consent_<name> (then _2, _3...), so no name appears twice.
 */
export function groupBHeader(inputHeaders: readonly string[]): string[] {
  const taken = new Set(inputHeaders.map((header) => header.trim().toLowerCase()));
  const extra = GROUP_B_EXTRA_COLUMNS.map((column) => {
    let name: string = column;
    if (taken.has(name)) name = `wa_consent_${column}`;
    for (let suffix = 2; taken.has(name); suffix++) name = `wa_consent_${column}_${suffix}`;
    taken.add(name);
    return name;
  });
  return [...inputHeaders, ...extra];
}

export interface ListCheckOptions {
  file: string;
  brand: string;
  defaultCountry: string | null;
  /** `--map field=Header` overrides. */
  overrides: Record<string, string>;
  outDir: string;
  /** IANA zone of times written without one (--timezone); UTC when unset. Validated by the caller. */
  timezone?: string;
  /** How to read 03/04/2026 (--date-order); unset: such a date is no timestamp. */
  dateOrder?: "dmy" | "mdy" | null;
  now?: () => Date;
  /**
   * Worker threads for pass 1. Unset: $WA_CONSENT_WORKERS if set, else one per
   * core (at most MAX_WORKERS) for files of PARALLEL_MIN_BYTES or more, none for
   * smaller ones. 0 or 1: none. 2 or more: that many, whatever the file's size.
   */
  workers?: number;
}

/**
 * Below this size a file is checked on the main thread: starting workers
 * (~0.5 s each to load their code) would cost about what they save. Measured
 * on 2 cores: 100k rows (15 MB) take 4.7 s on one thread and 5.5 s with
 * workers; 200k rows, 7.4-9.5 s and 6.5 s.
 */
export const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;
const MAX_WORKERS = 4;
/** Workers take the file in ranges of about this size, so they finish at about the same time. */
const RANGE_BYTES = 2 * 1024 * 1024;
const MAX_RANGES = 1000;

export interface ListCheckReport {
  file: string;
  brand: string;
  provider: string | null;
  rows: number;
  groupA: number;
  groupB: number;
  segments: Record<Segment, number>;
  reasons: Record<ReasonCode, number>;
  columns: Record<string, string>;
  unmappedColumns: string[];
  /** How dates were read: the zone of times written without one, how many there were, the date order. */
  timestamps: { timezone: string; readInTimezone: number; dateOrder: "dmy" | "mdy" | null };
  outputs: { groupA: string; groupB: string; report: string };
  generatedAt: string;
}

const CUSTOMER_ID_HEADERS = new Set(["customerid", "shopifycustomerid"]);
const COMMA = 44;

export async function runListCheck(options: ListCheckOptions): Promise<ListCheckReport> {
  // A large file is staged by worker threads. Start them first: they load
  // their code while this thread reads the header and splits the file.
  // (A file that cannot be read is openCsv's to report.)
  const size = await stat(options.file).then(
    (stats) => stats.size,
    () => 0,
  );
  const threads = workerThreads(options.workers, size);
  const workers = threads > 1 ? new StagingWorkers(threads) : null;
  try {
    return await checkList(options, size, workers);
  } catch (error) {
    // An earlier run's results next to this run's error would look like its results.
    await removeOutputs(options.outDir);
    throw error;
  } finally {
    await workers?.close();
  }
}

export const OUTPUT_NAMES = ["group-a.csv", "group-b.csv", "report.json"] as const;

async function removeOutputs(outDir: string): Promise<void> {
  await Promise.all(
    OUTPUT_NAMES.map((name) => rm(path.join(outDir, name), { force: true }).catch(() => undefined)),
  );
}

async function checkList(
  options: ListCheckOptions,
  size: number,
  workers: StagingWorkers | null,
): Promise<ListCheckReport> {
  const label = path.basename(options.file);
  const csv = await openCsv(options.file);
  const resolved = resolveColumns(csv.headers, options.overrides);
  if (!resolved.ok) {
    csv.close();
    throw new ListInputError(label, 1, resolved.error);
  }
  const provider = detectProvider(csv.headers);
  const customerIdColumn = csv.headers.findIndex((header) =>
    CUSTOMER_ID_HEADERS.has(header.toLowerCase().replace(/[^a-z]/g, "")),
  );
  const context: RowContext = {
    columns: resolved.columns,
    extraColumns: resolved.extra,
    timestampChannel:
      resolved.columns.opt_in_timestamp === undefined
        ? null
        : timestampChannelOf(csv.headers[resolved.columns.opt_in_timestamp] ?? ""),
    customerIdColumn: customerIdColumn >= 0 ? customerIdColumn : undefined,
    defaultCountry: options.defaultCountry,
    listChannel: provider ? PROVIDERS[provider].listChannel : null,
    timestamps: { slashDates: options.dateOrder ?? null, timeZone: options.timezone ?? "UTC" },
  };
  const job: StageJob = { label, brand: options.brand, context };

  const createdOutDir = await ensureDirectory(options.outDir);
  const outputs = {
    groupA: path.join(options.outDir, "group-a.csv"),
    groupB: path.join(options.outDir, "group-b.csv"),
    report: path.join(options.outDir, "report.json"),
  };
  const stagingBase = path.join(options.outDir, `.check-list.${process.pid}`);
  const stagingPaths: string[] = [];
  const removeStaging = () => Promise.all(stagingPaths.map((file) => rm(file, { force: true })));
  const groupA = new StagedCsvFile(outputs.groupA, GROUP_A_COLUMNS);
  const groupB = new StagedCsvFile(outputs.groupB, groupBHeader(csv.headers));
  const reportTemp = `${outputs.report}.${process.pid}.partial`;
  let parallel = false;
  try {
    // Pass 1 (the expensive one): classify every row once, learn who stands
    // for each phone, and stage the outcome.
    const winners = new DedupeIndex();
    const optOuts = new UnreadableOptOuts();
    const ranges = workers
      ? await splitCsv(
          options.file,
          Math.min(MAX_RANGES, Math.max(workers.count * 3, Math.ceil(size / RANGE_BYTES))),
        )
      : [];
    let totals: StageTotals;
    if (workers && ranges.length > 1) {
      parallel = true;
      csv.close();
      stagingPaths.push(...ranges.map((_, index) => `${stagingBase}.${index}.staging`));
      const workerJob = { ...job, file: options.file, delimiter: csv.delimiter, width: csv.headers.length };
      totals = await workers.stage(workerJob, ranges, stagingPaths, winners, optOuts);
      // Their memory is better given back before pass 2 builds its own.
      await workers.close();
    } else {
      stagingPaths.push(`${stagingBase}.staging`);
      totals = await stageOnThisThread(csv, job, stagingPaths[0] as string, winners, optOuts);
    }

    // Pass 2 (cheap): mark duplicates and write both groups.
    let duplicates = 0;
    const writeGroups = async () => {
      await groupA.flushIfFull();
      await groupB.flushIfFull();
    };
    for (const stagingPath of stagingPaths) {
      await readStaged(
        stagingPath,
        {
          withoutPhone: (bytes, start, end) => groupB.writeRow(bytes, start, end),
          withPhone: (line, phoneE164, bytes, start, split, end) => {
            const blocker = optOuts.blockerOf(phoneE164);
            if (blocker !== undefined) {
              const rest = `${csvField(phoneE164)},${csvField(`${label}:${blocker}`)}\r\n`;
              const segmentAt = blockedByOptOut(bytes, split, end, totals);
              if (segmentAt >= 0) {
                groupB.writeRow(bytes, split, segmentAt, `opted_out,OPTED_OUT,${rest}`);
                return;
              }
            }
            const winner = winners.winnerOf(phoneE164);
            if (winner === undefined || winner === String(line)) {
              if (split > start) groupA.writeRow(bytes, start, split);
              else groupB.writeRow(bytes, split, end, `,${csvField(phoneE164)},\r\n`);
              return;
            }
            duplicates += 1;
            // The prefix ends with the reasons: a comma when there are none.
            const reasons = bytes[end - 1] === COMMA ? "DUPLICATE" : ";DUPLICATE";
            groupB.writeRow(
              bytes,
              split,
              end,
              `${reasons},${csvField(phoneE164)},${csvField(`${label}:${winner}`)}\r\n`,
            );
          },
        },
        writeGroups,
      );
      await rm(stagingPath, { force: true });
    }
    await Promise.all([groupA.close(), groupB.close()]);
    totals.reasons.DUPLICATE += duplicates;
    const report: ListCheckReport = {
      file: label,
      brand: options.brand,
      provider: provider ? PROVIDERS[provider].label : null,
      rows: totals.rows,
      groupA: groupA.rows,
      groupB: groupB.rows,
      segments: totals.segments,
      reasons: totals.reasons,
      columns: Object.fromEntries(
        CANONICAL_FIELDS.filter((field) => resolved.columns[field] !== undefined).map((field) => [
          field,
          csv.headers[resolved.columns[field] as number] as string,
        ]),
      ),
      unmappedColumns: resolved.unmapped,
      timestamps: {
        timezone: options.timezone ?? "UTC",
        readInTimezone: totals.zonelessTimes,
        dateOrder: options.dateOrder ?? null,
      },
      outputs,
      generatedAt: (options.now?.() ?? new Date()).toISOString(),
    };
    await writeFile(reportTemp, `${JSON.stringify(report, null, 2)}\n`);
    await groupA.publish();
    await groupB.publish();
    await rename(reportTemp, outputs.report);
    return report;
  } catch (error) {
    // Workers first: one still busy with a range could write after the cleanup.
    await workers?.close();
    await Promise.all([groupA.discard(), groupB.discard(), removeStaging(), rm(reportTemp, { force: true })]);
    await rmdirIfEmpty(options.outDir, createdOutDir);
    // A worker saw its own range only, and another range may have failed
    // first: report the file's first error exactly as a whole-file read does.
    if (parallel && error instanceof ListInputError) throw (await firstInputError(options.file)) ?? error;
    throw error;
  } finally {
    csv.close();
    await removeStaging();
  }
}

function workerThreads(option: number | undefined, size: number): number {
  const configured = option ?? cliEnv().WA_CONSENT_WORKERS;
  if (configured !== undefined) return configured >= 2 ? Math.floor(configured) : 0;
  if (size < PARALLEL_MIN_BYTES) return 0;
  const cores = availableParallelism();
  return cores >= 2 ? Math.min(cores, MAX_WORKERS) : 0;
}

async function stageOnThisThread(
  csv: CsvFile,
  job: StageJob,
  stagingPath: string,
  winners: DedupeIndex,
  optOuts: UnreadableOptOuts,
): Promise<StageTotals> {
  const stager = new RowStager(
    job,
    (phoneE164, line, strength, at, tie, optedOut) =>
      winners.addScored(phoneE164, String(line), strength, at, tie, optedOut),
    (keys, line) => optOuts.add(keys, line),
  );
  const staging = new ByteBuffer(new LineWriter(stagingPath));
  try {
    for await (const records of csv.batches) {
      for (const { line, cells } of records) stager.stage(cells, line, staging);
      await staging.flushIfFull();
    }
    await staging.close();
  } catch (error) {
    await staging.writer.abort();
    throw error;
  }
  return stager.totals;
}

/**
 * A row whose number an unreadable opt-out blocks: moves its count to
 * opted_out / OPTED_OUT and returns where its segment starts in the group B
 * prefix bytes[start, end) (which ends with ",segment,reasons"), so the
 * caller writes the input cells and new segment and reasons. -1 when the row
 * is opted out already (it is written as it is).
 */
function blockedByOptOut(bytes: Buffer, start: number, end: number, totals: StageTotals): number {
  const reasonsAt = bytes.lastIndexOf(COMMA, end - 1) + 1;
  const segmentAt = bytes.lastIndexOf(COMMA, reasonsAt - 2) + 1;
  if (segmentAt <= start || reasonsAt <= segmentAt) throw new Error("corrupt group B prefix in staging");
  const segment = bytes.toString("latin1", segmentAt, reasonsAt - 1) as Segment;
  if (segment === "opted_out") return -1;
  totals.segments[segment] -= 1;
  totals.segments.opted_out += 1;
  const reasons = bytes.toString("latin1", reasonsAt, end);
  for (const reason of reasons === "" ? [] : reasons.split(";")) totals.reasons[reason as ReasonCode] -= 1;
  totals.reasons.OPTED_OUT += 1;
  return segmentAt;
}

/** The error a whole-file read of the file raises first, or null when it reads cleanly. */
async function firstInputError(file: string): Promise<ListInputError | null> {
  try {
    const csv = await openCsv(file);
    for await (const _record of csv.records) {
      // Parsing and checking only.
    }
    return null;
  } catch (error) {
    if (error instanceof ListInputError) return error;
    throw error;
  }
}

async function ensureDirectory(dir: string): Promise<boolean> {
  const existed = await readdir(dir).then(
    () => true,
    () => false,
  );
  if (!existed) {
    await mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      const reason =
        error.code === "EEXIST" || error.code === "ENOTDIR"
          ? "it is a file, not a folder"
          : error.code === "EACCES" || error.code === "EPERM"
            ? "permission denied"
            : (error.code ?? error.message);
      throw new ListInputError(
        dir,
        null,
        `cannot create the output folder (${reason}); choose another --out`,
      );
    });
  }
  return !existed;
}

async function rmdirIfEmpty(dir: string, created: boolean) {
  if (!created) return;
  await rmdir(dir).catch(() => undefined);
}
