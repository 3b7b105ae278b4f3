import { rmSync } from "node:fs";
import path from "node:path";
import { createDatabase, type Database } from "../../app/db/client.server";
import { createScratchDatabase, dropDatabase } from "../../app/db/postgres-admin.server";
import type { DatabaseKind } from "../../app/db/providers";
import { sqlitePath } from "../../app/db/sqlite-adapter.server";
import { writeMigratedSqlite } from "./sqlite-template";
import { tempDir } from "./temp";

export interface TestDatabase {
  db: Database;
  url: string;
  cleanup: () => Promise<void>;
}

/**
 * Which database the suite runs on: the embedded SQLite by default,
 * PostgreSQL with TEST_DATABASE=postgresql (`npm run test:postgresql`). There
 * an unreachable server is a failure with what to do, never a skip.
 */
export function testDatabaseKind(): DatabaseKind {
  const kind = process.env.TEST_DATABASE ?? "sqlite";
  if (kind !== "sqlite" && kind !== "postgresql") {
    throw new Error(`TEST_DATABASE must be "sqlite" or "postgresql", not "${kind}"`);
  }
  return kind;
}

/**
 * A fresh, empty database of the suite's kind, migrated like production. On
 * SQLite, a copy of the run's migrated template (test/helpers/sqlite-template.ts).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { url, dispose } = await freshDatabaseUrl();
  if (testDatabaseKind() === "sqlite") {
    await writeMigratedSqlite(sqlitePath(url));
  } else {
    // Loaded only here: the schema engine takes seconds to load, and SQLite runs copy instead.
    const { applyMigrations } = await import("../../app/db/migrate.server");
    await applyMigrations({ url });
  }
  const db = createDatabase(url);
  return {
    db,
    url,
    cleanup: async () => {
      await db.$disconnect();
      await dispose();
    },
  };
}

/** An empty database (not migrated) of the suite's kind, and how to throw it away. */
export async function freshDatabaseUrl(): Promise<{ url: string; dispose: () => Promise<void> }> {
  if (testDatabaseKind() === "postgresql") {
    const url = await createScratchDatabase("wa_test");
    return { url, dispose: () => dropDatabase(url) };
  }
  const { url, dir } = tempSqliteUrl();
  return { url, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}

export function tempSqliteUrl(): { url: string; dir: string } {
  const dir = tempDir("wa-test-db-");
  return { url: `file:${path.join(dir, "db.sqlite")}`, dir };
}
