import { rmSync } from "node:fs";
import { createClient } from "@libsql/client";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, pushSchema } from "../../app/db/migrate.server";
import { tempSqliteUrl } from "../helpers/database";

/** Tables, columns, indexes and foreign keys, in a comparable form. */
async function describeSqlite(url: string) {
  const client = createClient({ url });
  try {
    const tables = await client.execute(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations' ORDER BY name",
    );
    const shape: Record<string, unknown> = {};
    for (const row of tables.rows) {
      const table = String(row.name);
      const columns = await client.execute(`PRAGMA table_info("${table}")`);
      const foreignKeys = await client.execute(`PRAGMA foreign_key_list("${table}")`);
      const indexes = await client.execute(`PRAGMA index_list("${table}")`);
      const indexShapes = [];
      for (const index of indexes.rows) {
        const indexColumns = await client.execute(`PRAGMA index_info("${String(index.name)}")`);
        indexShapes.push({
          name: index.name,
          unique: index.unique,
          columns: indexColumns.rows.map((column) => column.name),
        });
      }
      shape[table] = {
        // ALTER TABLE ADD COLUMN appends, so column order may differ; the set may not.
        columns: columns.rows
          .map((c) => [c.name, c.type, c.notnull, c.dflt_value, c.pk])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
        foreignKeys: foreignKeys.rows.map((f) => [f.table, f.from, f.to, f.on_update, f.on_delete]),
        indexes: indexShapes.sort((a, b) => String(a.name).localeCompare(String(b.name))),
      };
    }
    return shape;
  } finally {
    client.close();
  }
}

describe("prisma/migrations", () => {
  const fromMigrations = tempSqliteUrl();
  const fromSchema = tempSqliteUrl();
  afterAll(() => {
    for (const { dir } of [fromMigrations, fromSchema]) rmSync(dir, { recursive: true, force: true });
  });

  it("apply to an empty database, and a second run applies nothing", async () => {
    const applied = await applyMigrations({ url: fromMigrations.url });
    expect(applied.length).toBeGreaterThan(0);
    expect(await applyMigrations({ url: fromMigrations.url })).toEqual([]);
  });

  it("describe exactly the database that schema.prisma describes", async () => {
    await pushSchema({ url: fromSchema.url });
    const migrated = await describeSqlite(fromMigrations.url);
    const pushed = await describeSqlite(fromSchema.url);
    expect(Object.keys(migrated)).toContain("ConsentEvent");
    expect(migrated).toEqual(pushed);
  });
});
