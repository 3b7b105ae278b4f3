/**
 * Wall time and peak resident memory per benchmark stage. The app's RSS is
 * sampled every 50 ms (process.memoryUsage().rss) and the stage keeps the
 * highest sample; a child process (the Admin API emulator) is read from
 * /proc/<pid>/status: VmRSS sampled the same way, VmHWM (its lifetime peak) at the end.
 */
import { existsSync, readFileSync } from "node:fs";

export interface StageResult {
  stage: string;
  seconds: number;
  /** Highest sampled RSS of this (app) process during the stage. */
  appPeakRssMb: number;
  /** Highest sampled RSS of the emulator child during the stage (null if none). */
  emulatorPeakRssMb: number | null;
  detail: Record<string, unknown>;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function processCpuSeconds(pid: number | undefined): number {
  if (!pid || !existsSync(`/proc/${pid}/stat`)) return Number.NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A value in kB from /proc/<pid>/status, or null once the process is gone. */
export function procStatusKb(pid: number, field: "VmRSS" | "VmHWM"): number | null {
  try {
    const match = readFileSync(`/proc/${pid}/status`, "utf8").match(
      new RegExp(`^${field}:\\s+(\\d+) kB`, "m"),
    );
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export class StageMeter {
  readonly results: StageResult[] = [];

  constructor(private readonly childPid: () => number | null = () => null) {}

  async run<T>(
    stage: string,
    work: () => Promise<T>,
    detail: (value: T) => Record<string, unknown> = () => ({}),
  ): Promise<T> {
    let appPeak = process.memoryUsage().rss;
    let childPeak: number | null = null;
    const sample = () => {
      appPeak = Math.max(appPeak, process.memoryUsage().rss);
      const pid = this.childPid();
      const kb = pid ? procStatusKb(pid, "VmRSS") : null;
      if (kb !== null) childPeak = Math.max(childPeak ?? 0, kb * 1024);
    };
    const timer = setInterval(sample, 50);
    const started = performance.now();
    try {
      const value = await work();
      sample();
      const result: StageResult = {
        stage,
        seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
        appPeakRssMb: mb(appPeak),
        emulatorPeakRssMb: childPeak === null ? null : mb(childPeak),
        detail: detail(value),
      };
      this.results.push(result);
      console.error(`  ${stage}: ${result.seconds} s, app peak RSS ${result.appPeakRssMb} MB`);
      return value;
    } finally {
      clearInterval(timer);
    }
  }
}
