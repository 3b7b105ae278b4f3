/**
 * A vitest global setup: names this run for its migrated SQLite template
 * (test/helpers/sqlite-template.ts) and removes the template when the run
 * ends. A run that was killed could not remove its own; the next run removes
 * the templates of runs whose process is gone.
 */
import { readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The id of this run, in the names of its template files. */
    sqliteTemplateRun: string;
  }
}

const TEMPLATE_NAME = /^wa-sqlite-template-(\d+)-[0-9a-f]+\.sqlite$/;

/** The template of a run for one set of migrations (named by their hash). */
export function templateFile(run: string, migrationsHash: string): string {
  return path.join(tmpdir(), `wa-sqlite-template-${run}-${migrationsHash}.sqlite`);
}

function removeTemplatesOf(runs: (run: string) => boolean): void {
  for (const name of readdirSync(tmpdir())) {
    const run = TEMPLATE_NAME.exec(name)?.[1];
    if (run !== undefined && runs(run)) rmSync(path.join(tmpdir(), name), { force: true });
  }
}

function processGone(pid: string): boolean {
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

export default function setup(project: TestProject) {
  removeTemplatesOf(processGone);
  const run = String(process.pid);
  project.provide("sqliteTemplateRun", run);
  return () => removeTemplatesOf((other) => other === run);
}
