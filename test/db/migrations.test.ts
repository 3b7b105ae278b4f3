import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, pushSchema } from "../../app/db/migrate.server";
import { openSqlite } from "../../app/db/sqlite-adapter.server";
import { createTestDatabase, freshDatabaseUrl, testDatabaseKind } from "../helpers/database";

/** Tables, columns, indexes and foreign keys, in a comparable form. */
async function describeSqlite(url: string) {
  const database = openSqlite({ url, busyTimeoutMs: 1000 });
  const rows = (sql: string) => database.prepare(sql).all() as Record<string, unknown>[];
  try {
    const tables = rows(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations' ORDER BY name",
    );
    const shape: Record<string, unknown> = {};
    for (const row of tables) {
      const table = String(row.name);
      const columns = rows(`PRAGMA table_info("${table}")`);
      const foreignKeys = rows(`PRAGMA foreign_key_list("${table}")`);
      const indexShapes = rows(`PRAGMA index_list("${table}")`).map((index) => ({
        name: index.name,
        unique: index.unique,
        columns: rows(`PRAGMA index_info("${String(index.name)}")`).map((column) => column.name),
      }));
      shape[table] = {
        // ALTER TABLE ADD COLUMN appends, so column order may differ; the set may not.
        columns: columns
          .map((c) => [c.name, c.type, c.notnull, c.dflt_value, c.pk])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
        foreignKeys: foreignKeys.map((f) => [f.table, f.from, f.to, f.on_update, f.on_delete]),
        indexes: indexShapes.sort((a, b) => String(a.name).localeCompare(String(b.name))),
      };
    }
    return shape;
  } finally {
    database.close();
  }
}

/** The same, read from PostgreSQL's catalog. */
async function describePostgres(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default
         FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name != '_prisma_migrations'
        ORDER BY table_name, column_name`,
    );
    const indexes = await client.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname = 'public' AND tablename != '_prisma_migrations'
        ORDER BY tablename, indexname`,
    );
    const foreignKeys = await client.query(
      `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace
        ORDER BY 1, 2`,
    );
    const shape: Record<string, { columns: unknown[]; indexes: unknown[]; foreignKeys: unknown[] }> = {};
    const table = (name: string) => {
      shape[name] ??= { columns: [], indexes: [], foreignKeys: [] };
      return shape[name];
    };
    for (const c of columns.rows) {
      table(c.table_name).columns.push([c.column_name, c.data_type, c.is_nullable, c.column_default]);
    }
    for (const i of indexes.rows) table(i.tablename).indexes.push([i.indexname, i.indexdef]);
    for (const f of foreignKeys.rows)
      table(f.table_name.replaceAll('"', "")).foreignKeys.push([f.conname, f.definition]);
    return shape;
  } finally {
    await client.end();
  }
}

const kind = testDatabaseKind();
const describeDatabase = kind === "postgresql" ? describePostgres : describeSqlite;

describe(`migrations for ${kind}`, () => {
  let fromMigrations: Awaited<ReturnType<typeof freshDatabaseUrl>>;
  let fromSchema: Awaited<ReturnType<typeof freshDatabaseUrl>>;
  beforeAll(async () => {
    [fromMigrations, fromSchema] = await Promise.all([freshDatabaseUrl(), freshDatabaseUrl()]);
  });
  afterAll(async () => {
    await Promise.all([fromMigrations?.dispose(), fromSchema?.dispose()]);
  });

  it("apply to an empty database, and a second run applies nothing", async () => {
    const applied = await applyMigrations({ url: fromMigrations.url });
    expect(applied.length).toBeGreaterThan(0);
    expect(await applyMigrations({ url: fromMigrations.url })).toEqual([]);
  });

  it("describe exactly the database that schema.prisma describes", async () => {
    await pushSchema({ url: fromSchema.url });
    const migrated = await describeDatabase(fromMigrations.url);
    const pushed = await describeDatabase(fromSchema.url);
    expect(Object.keys(migrated)).toContain("ConsentEvent");
    expect(migrated).toEqual(pushed);
  });

  it("build each test database (on SQLite, a copy of the run's migrated template) as they build a fresh one", async () => {
    const [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      expect(await applyMigrations({ url: first.url })).toEqual([]);
      expect(await describeDatabase(first.url)).toEqual(await describeDatabase(fromMigrations.url));
      // Two copies are two databases: a row written in one is not in the other.
      await first.db.shop.create({ data: { domain: "template-copy.myshopify.com" } });
      expect(await second.db.shop.count()).toBe(0);
    } finally {
      await Promise.all([first.cleanup(), second.cleanup()]);
    }
  });
});
