import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase, type Database } from "../../app/db/client.server";
import { applyMigrations } from "../../app/db/migrate.server";

export interface TestDatabase {
  db: Database;
  url: string;
  cleanup: () => Promise<void>;
}

/** A real SQLite file in a fresh temp folder, migrated like production. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), "wa-test-db-"));
  const url = `file:${path.join(dir, "test.sqlite")}`;
  await applyMigrations({ url });
  const db = createDatabase(url);
  return {
    db,
    url,
    cleanup: async () => {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function tempSqliteUrl(): { url: string; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "wa-test-db-"));
  return { url: `file:${path.join(dir, "db.sqlite")}`, dir };
}
