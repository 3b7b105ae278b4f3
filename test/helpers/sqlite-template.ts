/**
 * One migrated SQLite file per test run, copied for each new test database.
 * Migrating loads Prisma's schema engine (a WebAssembly build) and replays
 * every migration: about three seconds a process, paid again by every test
 * file (each runs in a fresh process) and by every mutant Stryker tests
 * against a handler. A copy of the same migrated file is the same database,
 * `_prisma_migrations` bookkeeping included.
 *
 * The run's global setup (test/sqlite-template-setup.ts) names the run; the
 * first test file that needs a database builds the file, keyed by a hash of
 * the migrations so that a changed migration in watch mode builds a new one,
 * and the global teardown removes it.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { PROVIDER_FILES } from "../../app/db/providers";
import { templateFile } from "../sqlite-template-setup";
import { tempDir } from "./temp";

/** What the migrations would build: every migration's folder name and SQL, and the lock file. */
function migrationsHash(): string {
  const dir = PROVIDER_FILES.sqlite.migrationsDir;
  const hash = createHash("sha256");
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = entry.isDirectory()
      ? path.join(dir, entry.name, "migration.sql")
      : path.join(dir, entry.name);
    hash.update(`${entry.name}\0`).update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

async function migrateInto(file: string): Promise<void> {
  const { applyMigrations } = await import("../../app/db/migrate.server");
  await applyMigrations({ url: `file:${file}` });
}

/**
 * Writes a migrated SQLite database at `file`: a copy of this run's template
 * (built first if missing), or, outside a run that named one, migrated in place.
 */
export async function writeMigratedSqlite(file: string): Promise<void> {
  const run = inject("sqliteTemplateRun");
  if (run === undefined) return migrateInto(file);
  const template = templateFile(run, migrationsHash());
  if (!existsSync(template)) {
    // Built aside and renamed into place: a file running alongside never copies half a database.
    const building = path.join(tempDir("wa-sqlite-template-build-"), "db.sqlite");
    await migrateInto(building);
    // The engine closed its connections, so the WAL was checkpointed into the file and removed.
    if (existsSync(`${building}-wal`)) throw new Error("the migrated template still has a write-ahead log");
    renameSync(building, template);
  }
  copyFileSync(template, file);
}
