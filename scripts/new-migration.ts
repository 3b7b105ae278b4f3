/**
 * Writes the next migration for each database: the SQL that takes that
 * database's migrations folder to prisma/schema.prisma (for PostgreSQL, its
 * derived variant). A folder already in step gets nothing. Drafting the
 * PostgreSQL one needs the local PostgreSQL server (POSTGRES_ADMIN_URL).
 * Usage:
 *   npm run db:new-migration -- add_contact_locale
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { draftMigrationSql } from "../app/db/migrate.server";
import { createScratchDatabase, dropDatabase } from "../app/db/postgres-admin.server";
import { type DatabaseKind, migrationLockToml, PROVIDER_FILES } from "../app/db/providers";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- <name in snake_case>");
  process.exit(2);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);

async function draft(kind: DatabaseKind): Promise<string> {
  if (kind === "sqlite") {
    const scratch = mkdtempSync(path.join(tmpdir(), "wa-migration-"));
    try {
      return await draftMigrationSql({ scratchUrl: `file:${path.join(scratch, "scratch.sqlite")}` });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const scratchUrl = await createScratchDatabase("wa_migration");
  try {
    return await draftMigrationSql({ scratchUrl });
  } finally {
    await dropDatabase(scratchUrl);
  }
}

for (const kind of ["sqlite", "postgresql"] as DatabaseKind[]) {
  const sql = await draft(kind);
  const { migrationsDir } = PROVIDER_FILES[kind];
  if (!sql.trim()) {
    console.log(`${kind}: the migrations already match schema.prisma, nothing to write.`);
    continue;
  }
  const dir = path.join(migrationsDir, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
  writeFileSync(path.join(migrationsDir, "migration_lock.toml"), migrationLockToml(kind));
  console.log(`${kind}: wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
}
