/**
 * Multi-row writes straight to the driver, for batches of thousands of rows
 * where Prisma's per-row query building costs more than the database does.
 *
 * SQLite, inside a transaction: one prepared single-row statement run per
 * row on the transaction's own connection (see `sqliteStatements`).
 * PostgreSQL (and SQLite outside a transaction): a batch travels as ONE
 * parameter, a JSON array of rows, that the database expands itself
 * (`jsonb_array_elements`, `json_each`), so the statement text is small and
 * the same for every batch and a batch costs one round trip.
 * Identifiers are quoted, values are never spliced into the SQL.
 */

import type { Database } from "../db.server";
import {
  dateText,
  NodeSqliteAdapterFactory,
  sqliteValue,
  throwAsAdapterError,
} from "./sqlite-adapter.server";

/** The one method used; both the client and an interactive transaction have it. */
export interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** How a column's JSON value becomes the column's type (PostgreSQL casts; SQLite stores as Prisma does). */
export type ColumnType = "text" | "int" | "datetime";
export type ColumnTypes = Readonly<Record<string, ColumnType>>;

/** Who writes a batch: the ORM row by row (reference path) or one SQL statement. */
export type WriteMode = "orm" | "sql";

/** Below this many rows a batch goes through the ORM. */
const SQL_MIN_ROWS = 20;
/** Rows per statement: bounds the JSON parameter to a few megabytes. */
const ROWS_PER_STATEMENT = 5000;

export function writeModeFor(rows: number, mode?: WriteMode): WriteMode {
  return mode ?? (rows >= SQL_MIN_ROWS ? "sql" : "orm");
}

const quote = (identifier: string) => {
  // Identifiers come from our own code, never from input; refuse anything odd all the same.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(identifier)) throw new Error(`bad SQL identifier ${identifier}`);
  return `"${identifier}"`;
};

function adapterOf(db: RawExecutor | RawReader): unknown {
  return (db as { _engineConfig?: { adapter?: unknown } })._engineConfig?.adapter;
}

/** True for a client (or transaction) on PostgreSQL. */
export function isPostgres(db: RawExecutor): boolean {
  return (adapterOf(db) as { provider?: string } | undefined)?.provider === "postgres";
}

/**
 * On SQLite inside an interactive transaction, the connection's own prepared
 * statements: one short INSERT run per row costs a few microseconds, several
 * times less than SQLite expanding a JSON batch. Outside a transaction (a
 * client has `$connect`, a transaction client does not) there is none: its
 * rows could land in another caller's open transaction.
 */
function sqliteStatements(db: RawExecutor) {
  if (typeof (db as { $connect?: unknown }).$connect === "function") return null;
  const adapter = adapterOf(db);
  return adapter instanceof NodeSqliteAdapterFactory ? adapter.transactionStatements() : null;
}

function rowsJson(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return JSON.stringify(
    rows.map((row) =>
      columns.map((column) => {
        const value = row[column];
        if (value === undefined || value === null) return null;
        return value instanceof Date ? dateText(value) : value;
      }),
    ),
  );
}

/** `SELECT <each column of the JSON row, typed> FROM <the JSON array>` for this database. */
function selectFromJson(postgres: boolean, columns: readonly string[], types: ColumnTypes): string {
  if (postgres) {
    const cast = { text: "text", int: "integer", datetime: "timestamp(3)" } as const;
    const fields = columns.map((column, index) => `(r->>${index})::${cast[types[column] ?? "text"]}`);
    // jsonb, not json: a json element is text, re-parsed by every ->> (one per column); jsonb
    // is parsed once. 5,000 rows of 23 columns: 42 ms instead of 200 ms of server time.
    return `SELECT ${fields.join(", ")} FROM jsonb_array_elements($1::jsonb) AS r`;
  }
  const fields = columns.map((_, index) => `json_extract(value, '$[${index}]')`);
  // WHERE true: SQLite needs it before ON CONFLICT to parse INSERT ... SELECT ... ON CONFLICT.
  return `SELECT ${fields.join(", ")} FROM json_each(?) WHERE true`;
}

async function write(
  db: RawExecutor,
  table: string,
  columns: readonly string[],
  types: ColumnTypes,
  rows: readonly Record<string, unknown>[],
  suffix: string,
): Promise<number> {
  const target = `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")})`;
  const statements = sqliteStatements(db);
  if (statements) {
    const statement = statements.prepare(`${target} VALUES (${columns.map(() => "?").join(", ")})${suffix}`);
    let written = 0;
    try {
      for (const row of rows) {
        written += Number(statement.run(...columns.map((column) => sqliteValue(row[column]))).changes);
      }
    } catch (error) {
      throwAsAdapterError(error);
    }
    return written;
  }
  const sql = `${target} ${selectFromJson(isPostgres(db), columns, types)}${suffix}`;
  let written = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const json = rowsJson(columns, rows.slice(start, start + ROWS_PER_STATEMENT));
    written += await db.$executeRawUnsafe(sql, json);
  }
  return written;
}

/** Inserts rows (objects keyed by column); a conflicting row fails the statement, as createMany does. */
export function insertRows(
  db: RawExecutor,
  table: string,
  columns: readonly string[],
  types: ColumnTypes,
  rows: readonly Record<string, unknown>[],
): Promise<number> {
  return write(db, table, columns, types, rows, "");
}

/** Rows of one table, for writeTogether. */
export interface RowBatch {
  table: string;
  columns: readonly string[];
  types: ColumnTypes;
  rows: readonly Record<string, unknown>[];
}

/** `UPDATE table SET <set> WHERE <where>`: every value a parameter, typed. */
export interface GuardedUpdate {
  table: string;
  set: Readonly<Record<string, { value: unknown; type: ColumnType }>>;
  where: Readonly<Record<string, { value: unknown; type: ColumnType }>>;
}

/**
 * PostgreSQL only (null elsewhere): inserts each batch (up to
 * ROWS_PER_STATEMENT rows each) and runs one UPDATE, all in ONE statement
 * (data-modifying CTEs), so the whole write costs one round trip instead of
 * one per table. Every part runs whatever the others matched: the caller
 * checks the counts and throws, inside its transaction, when one is not what
 * it needs. Returns the rows each batch inserted, and the rows updated.
 */
export async function writeTogether(
  db: RawExecutor & RawReader,
  batches: readonly RowBatch[],
  update: GuardedUpdate,
): Promise<{ inserted: number[]; updated: number } | null> {
  if (!isPostgres(db) || batches.some((batch) => batch.rows.length > ROWS_PER_STATEMENT)) return null;
  const cast = { text: "text", int: "integer", datetime: "timestamp(3)" } as const;
  const values: unknown[] = [];
  const parameter = (value: unknown, type: ColumnType) => {
    values.push(value instanceof Date ? dateText(value) : value);
    return `$${values.length}::${cast[type]}`;
  };
  const parts = batches.map((batch, index) => {
    values.push(rowsJson(batch.columns, batch.rows));
    const select = selectFromJson(true, batch.columns, batch.types).replace("$1", () => `$${values.length}`);
    return `w${index} AS (INSERT INTO ${quote(batch.table)} (${batch.columns.map(quote).join(", ")}) ${select} RETURNING 1)`;
  });
  const assign = (entries: typeof update.set, glue: string) =>
    Object.entries(entries)
      .map(([column, { value, type }]) => `${quote(column)} = ${parameter(value, type)}`)
      .join(glue);
  const set = assign(update.set, ", ");
  const where = assign(update.where, " AND ");
  parts.push(`u AS (UPDATE ${quote(update.table)} SET ${set} WHERE ${where} RETURNING 1)`);
  const counts = batches.map((_, index) => `(SELECT count(*) FROM w${index})::integer AS "w${index}"`);
  const [row] = await db.$queryRawUnsafe<Record<string, number>[]>(
    `WITH ${parts.join(", ")} SELECT ${[...counts, `(SELECT count(*) FROM u)::integer AS "u"`].join(", ")}`,
    ...values,
  );
  return { inserted: batches.map((_, index) => row?.[`w${index}`] ?? 0), updated: row?.u ?? 0 };
}

/**
 * Updates existing rows by key: an insert that conflicts on `key` and then
 * sets `update` from the proposed row. Rows must carry every NOT NULL column
 * without a default (both databases check them on the proposed row).
 */
export function updateRowsByKey(
  db: RawExecutor,
  table: string,
  key: string,
  columns: readonly string[],
  types: ColumnTypes,
  update: readonly string[],
  rows: readonly Record<string, unknown>[],
): Promise<number> {
  const assignments = update.map((column) => `${quote(column)} = excluded.${quote(column)}`).join(", ");
  return write(db, table, columns, types, rows, ` ON CONFLICT (${quote(key)}) DO UPDATE SET ${assignments}`);
}

/**
 * Brings PostgreSQL's planner statistics of these tables up to date after a
 * bulk change. Until then the planner plans with the row counts of before:
 * after a million-customer import it took the shop for a few hundred rows and
 * sorted the whole shop for every page of 2,000 (200 ms a page instead of 2).
 * Autovacuum would catch up only later, and not at all where it is off.
 * SQLite keeps no statistics unless asked (ANALYZE), and its plans here were
 * chosen without them, so it is left alone.
 *
 * Best effort: the rows are already written, so a statistics refresh that
 * cannot get its lock in time (a migration, another instance's ANALYZE) or
 * fails is reported and skipped, never the caller's failure. Returns whether
 * it ran.
 */
export async function refreshPlannerStatistics(
  db: Database,
  tables: readonly string[],
  options: { lockTimeoutMs?: number } = {},
): Promise<boolean> {
  if (!isPostgres(db) || tables.length === 0) return false;
  const lockTimeoutMs = Math.trunc(options.lockTimeoutMs ?? 5_000);
  try {
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = ${lockTimeoutMs}`);
      await tx.$executeRawUnsafe(`ANALYZE ${tables.map(quote).join(", ")}`);
    });
    return true;
  } catch (error) {
    const reason = (error as Error).message.replace(/\s+/g, " ").trim();
    console.warn(`Planner statistics of ${tables.join(", ")} not refreshed: ${reason}`);
    return false;
  }
}

/** True for a unique-key violation raised through a raw statement (either driver). */
export function isRawUniqueViolation(error: unknown): boolean {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { kind?: string } } } }).meta;
  const cause = meta?.driverAdapterError?.cause ?? (error as { cause?: { kind?: string } }).cause;
  return cause?.kind === "UniqueConstraintViolation";
}

/** Column types of the tables written in bulk (everything else is text). */
export const CONTACT_TYPES: ColumnTypes = {
  shopifyWhatsAppUpdatedAt: "datetime",
  shopifyEmailUpdatedAt: "datetime",
  shopifySmsUpdatedAt: "datetime",
  shopifySyncedAt: "datetime",
  shopifyUpdatedAt: "datetime",
  decidedAt: "datetime",
  redactedAt: "datetime",
  createdAt: "datetime",
  updatedAt: "datetime",
};
export const CONSENT_EVENT_TYPES: ColumnTypes = {
  seq: "int",
  occurredAt: "datetime",
  recordedAt: "datetime",
  redactedAt: "datetime",
};

/** The read side: the client and an interactive transaction both have it. */
export interface RawReader {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/**
 * Every row of `table` in `shop` whose `key` is one of `keys`, the keys sent
 * as one JSON parameter (a constant statement, see above) instead of an
 * IN list of thousands of parameters. Rows come back as the driver types
 * them (DateTime columns as Date on both databases), in no particular
 * order: an ORDER BY here made SQLite walk a whole other index (every event
 * of the shop by seq) instead of looking the keys up, so callers sort.
 * `columns` reads only those (every column by default): exports look up
 * thousands of rows a page and need two or three of their columns.
 */
export async function findByKeys<T>(
  db: RawReader,
  table: string,
  shop: string,
  key: string,
  keys: readonly string[],
  columns?: readonly string[],
): Promise<T[]> {
  if (keys.length === 0) return [];
  const postgres = isPostgres(db as unknown as RawExecutor);
  const inKeys = postgres
    ? `IN (SELECT json_array_elements_text($2::json))`
    : `IN (SELECT value FROM json_each(?))`;
  const shopMark = postgres ? "$1" : "?";
  const selected = columns ? columns.map(quote).join(", ") : "*";
  const sql = `SELECT ${selected} FROM ${quote(table)} WHERE "shop" = ${shopMark} AND ${quote(key)} ${inKeys}`;
  return db.$queryRawUnsafe<T[]>(sql, shop, JSON.stringify(keys));
}
