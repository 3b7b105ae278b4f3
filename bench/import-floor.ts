/**
 * The floor under the sync import: the rows the import stored for the shop
 * (its shop row, contacts and consent events), loaded into a fresh database
 * with the same schema and indexes (the app's migrations) by the plainest
 * fast means. The import can never be faster than this; import time ÷ floor
 * time says how much the import's own work (download, parse, phone checks,
 * classification, hash chain, duplicate marks) adds.
 *
 * SQLite: node:sqlite (the app's own driver), one prepared INSERT per row,
 * committed every 100,000 rows. PostgreSQL: COPY FROM STDIN (text format,
 * through pg-copy-streams), one COPY per page of 5,000 rows, committed every
 * 100,000 rows. Only the writes are timed: reading the rows back from the
 * imported database, a page at a time, is not.
 *
 * `deferIndexes`: the same load with the secondary (non-unique) indexes
 * dropped first and built after the load, timed apart: what building the
 * search indexes after a shop's first import would save or cost.
 */
import { rmSync } from "node:fs";
import type { DatabaseSync } from "node:sqlite";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { SQLITE_BUSY_TIMEOUT_MS } from "../app/db/adapter.server";
import { applyMigrations } from "../app/db/migrate.server";
import { createScratchDatabase, dropDatabase } from "../app/db/postgres-admin.server";
import { openSqlite } from "../app/db/sqlite-adapter.server";

const TABLES = ["Shop", "Contact", "ConsentEvent"] as const;
const PAGE = 5000;
const COMMIT_EVERY = 100_000;

export interface ImportFloor {
  method: string;
  /** The load's time (with every index in place, or without the secondary ones when deferred). */
  seconds: number;
  /** Deferred only: building the secondary indexes after the load. */
  indexSeconds?: number;
  rows: Record<string, number>;
}

type Row = unknown[];

/** Pages of a table's rows for one shop, by primary key, as arrays (with the column names). */
interface Source {
  columns(table: string): Promise<string[]>;
  page(table: string, shop: string, after: string | null): Promise<{ rows: Row[]; last: string | null }>;
  close(): Promise<void>;
}

interface Target {
  /** Drops the imported tables' non-unique indexes; returns their definitions. */
  dropSecondaryIndexes(): Promise<string[]>;
  exec(sql: string): Promise<void>;
  /** Inserts rows of `table`; returns nothing, throws on the first failure. */
  insert(table: string, columns: readonly string[], rows: readonly Row[]): Promise<void>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  close(): Promise<void>;
}

const keyOf = (table: string) => (table === "Shop" ? "domain" : "id");
const shopColumnOf = (table: string) => (table === "Shop" ? "domain" : "shop");

export async function measureImportFloor(
  kind: "sqlite" | "postgresql",
  sourceUrl: string,
  shop: string,
  scratchFile: string,
  options: { deferIndexes?: boolean } = {},
): Promise<ImportFloor> {
  const targetUrl = kind === "sqlite" ? `file:${scratchFile}` : await createScratchDatabase("wa_bench_floor");
  if (kind === "sqlite") rmSync(scratchFile, { force: true });
  await applyMigrations({ url: targetUrl });
  const source = kind === "sqlite" ? sqliteSource(sourceUrl) : await postgresSource(sourceUrl);
  const target = kind === "sqlite" ? sqliteTarget(targetUrl) : await postgresTarget(targetUrl);
  const rows: Record<string, number> = {};
  let timed = 0;
  let indexSeconds: number | undefined;
  try {
    const deferred = options.deferIndexes ? await target.dropSecondaryIndexes() : [];
    let sinceCommit = 0;
    let started = performance.now();
    await target.begin();
    timed += performance.now() - started;
    for (const table of TABLES) {
      const columns = await source.columns(table);
      rows[table] = 0;
      for (let after: string | null = null; ; ) {
        const page = await source.page(table, shop, after);
        if (page.rows.length === 0) break;
        started = performance.now();
        await target.insert(table, columns, page.rows);
        sinceCommit += page.rows.length;
        if (sinceCommit >= COMMIT_EVERY) {
          await target.commit();
          await target.begin();
          sinceCommit = 0;
        }
        timed += performance.now() - started;
        rows[table] += page.rows.length;
        after = page.last;
      }
    }
    started = performance.now();
    await target.commit();
    timed += performance.now() - started;
    if (options.deferIndexes) {
      started = performance.now();
      for (const definition of deferred) await target.exec(definition);
      indexSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
    }
  } finally {
    await source.close();
    await target.close();
    if (kind === "sqlite")
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${scratchFile}${suffix}`, { force: true });
    else await dropDatabase(targetUrl);
  }
  const method =
    kind === "sqlite"
      ? "node:sqlite, one prepared INSERT per row, a transaction per 100,000 rows"
      : "pg COPY FROM STDIN (pg-copy-streams), a transaction per 100,000 rows";
  return {
    method: options.deferIndexes ? `${method}; secondary indexes dropped, built after` : method,
    seconds: Number((timed / 1000).toFixed(1)),
    ...(indexSeconds === undefined ? {} : { indexSeconds }),
    rows,
  };
}

const quoted = (name: string) => `"${name}"`;

function sqliteSource(url: string): Source {
  const database = openSqlite({ url, busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS });
  return {
    async columns(table) {
      const info = database.prepare(`PRAGMA table_info(${quoted(table)})`).all() as { name: string }[];
      return info.map((column) => column.name);
    },
    async page(table, shop, after) {
      const key = keyOf(table);
      const statement = database.prepare(
        `SELECT * FROM ${quoted(table)} WHERE ${quoted(shopColumnOf(table))} = ? AND ${quoted(key)} > ? ORDER BY ${quoted(key)} LIMIT ${PAGE}`,
      );
      statement.setReturnArrays(true);
      const rows = statement.all(shop, after ?? "") as unknown as Row[];
      const keyIndex = statement.columns().findIndex((column) => column.name === key);
      return { rows, last: (rows.at(-1)?.[keyIndex] as string | undefined) ?? null };
    },
    async close() {
      database.close();
    },
  };
}

const IMPORTED = TABLES.filter((table) => table !== "Shop");

function sqliteTarget(url: string): Target {
  const database: DatabaseSync = openSqlite({ url, busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS });
  const prepared = new Map<string, ReturnType<DatabaseSync["prepare"]>>();
  return {
    async dropSecondaryIndexes() {
      // sql is null for the indexes behind PRIMARY KEY / UNIQUE constraints.
      const indexes = database
        .prepare(
          `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${IMPORTED.map(() => "?").join(", ")})`,
        )
        .all(...IMPORTED) as { name: string; sql: string }[];
      const secondary = indexes.filter((index) => !/^CREATE UNIQUE/i.test(index.sql));
      for (const index of secondary) database.exec(`DROP INDEX ${quoted(index.name)}`);
      return secondary.map((index) => index.sql);
    },
    async exec(sql) {
      database.exec(sql);
    },
    async insert(table, columns, rows) {
      let statement = prepared.get(table);
      if (!statement) {
        statement = database.prepare(
          `INSERT INTO ${quoted(table)} (${columns.map(quoted).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
        );
        prepared.set(table, statement);
      }
      for (const row of rows) statement.run(...(row as never[]));
    },
    async begin() {
      database.exec("BEGIN");
    },
    async commit() {
      database.exec("COMMIT");
    },
    async close() {
      database.close();
    },
  };
}

/** Every value as PostgreSQL's text form: written back as text, typed by the target column. */
const asText = { getTypeParser: () => (value: string) => value };

async function postgresSource(url: string): Promise<Source> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async columns(table) {
      const result = await client.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        [table],
      );
      return result.rows.map((row) => row.column_name);
    },
    async page(table, shop, after) {
      const key = keyOf(table);
      const result = await client.query({
        text: `SELECT * FROM ${quoted(table)} WHERE ${quoted(shopColumnOf(table))} = $1 AND ${quoted(key)} > $2 ORDER BY ${quoted(key)} LIMIT ${PAGE}`,
        values: [shop, after ?? ""],
        rowMode: "array",
        types: asText,
      });
      const keyIndex = result.fields.findIndex((field) => field.name === key);
      const rows = result.rows as Row[];
      return { rows, last: (rows.at(-1)?.[keyIndex] as string | undefined) ?? null };
    },
    async close() {
      await client.end();
    },
  };
}

/** A value in COPY's text format: NULL as \N, backslash and the row/column separators escaped. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  return String(value).replace(/[\\\t\n\r]/g, (character) =>
    character === "\\" ? "\\\\" : character === "\t" ? "\\t" : character === "\n" ? "\\n" : "\\r",
  );
}

async function postgresTarget(url: string): Promise<Target> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async dropSecondaryIndexes() {
      const result = await client.query<{ indexname: string; indexdef: string }>(
        `SELECT i.indexname, i.indexdef FROM pg_indexes i
         JOIN pg_class c ON c.relname = i.indexname
         JOIN pg_index x ON x.indexrelid = c.oid
         WHERE i.schemaname = current_schema() AND i.tablename = ANY($1) AND NOT x.indisunique`,
        [IMPORTED],
      );
      for (const index of result.rows) await client.query(`DROP INDEX ${quoted(index.indexname)}`);
      return result.rows.map((index) => index.indexdef);
    },
    async exec(sql) {
      await client.query(sql);
    },
    async insert(table, columns, rows) {
      const copy = client.query(
        copyFrom(`COPY ${quoted(table)} (${columns.map(quoted).join(", ")}) FROM STDIN`),
      );
      const lines = rows.map((row) => `${row.map(copyText).join("\t")}\n`);
      await pipeline(Readable.from(lines), copy);
    },
    async begin() {
      await client.query("BEGIN");
    },
    async commit() {
      await client.query("COMMIT");
    },
    async close() {
      await client.end();
    },
  };
}
