/**
 * Multi-row writes straight to the driver, for batches of thousands of rows
 * where Prisma's per-row query building costs more than the database does.
 *
 * A batch travels as ONE parameter, a JSON array of rows, that the database
 * expands itself (SQLite `json_each`, PostgreSQL `json_array_elements`), so
 * the statement text is small and the same for every batch. That matters on
 * SQLite: the libsql driver never frees a prepared statement (about 2 kB
 * per row of an 11-column multi-row VALUES insert, ~2 GB for a million
 * contacts), while a constant statement leaks under a kilobyte per batch.
 * Identifiers are quoted, values are never spliced into the SQL.
 */

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

function isPostgres(db: RawExecutor): boolean {
  const adapter = (db as { _engineConfig?: { adapter?: { provider?: string } } })._engineConfig?.adapter;
  return adapter?.provider === "postgres";
}

/** Prisma's own text form of a DateTime in SQLite (and a literal PostgreSQL reads as UTC). */
const datetimeText = (date: Date) => `${date.toISOString().slice(0, -1)}+00:00`;

function rowsJson(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return JSON.stringify(
    rows.map((row) =>
      columns.map((column) => {
        const value = row[column];
        if (value === undefined || value === null) return null;
        return value instanceof Date ? datetimeText(value) : value;
      }),
    ),
  );
}

/** `SELECT <each column of the JSON row, typed> FROM <the JSON array>` for this database. */
function selectFromJson(postgres: boolean, columns: readonly string[], types: ColumnTypes): string {
  if (postgres) {
    const cast = { text: "text", int: "integer", datetime: "timestamp(3)" } as const;
    const fields = columns.map((column, index) => `(r->>${index})::${cast[types[column] ?? "text"]}`);
    return `SELECT ${fields.join(", ")} FROM json_array_elements($1::json) AS r`;
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
  const sql = `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) ${selectFromJson(isPostgres(db), columns, types)}${suffix}`;
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

/** True for a unique-key violation raised through a raw statement (either driver). */
export function isRawUniqueViolation(error: unknown): boolean {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { kind?: string } } } }).meta;
  return meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation";
}

/** Column types of the tables written in bulk (everything else is text). */
export const CONTACT_TYPES: ColumnTypes = {
  shopifyWhatsAppUpdatedAt: "datetime",
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
 */
export async function findByKeys<T>(
  db: RawReader,
  table: string,
  shop: string,
  key: string,
  keys: readonly string[],
): Promise<T[]> {
  if (keys.length === 0) return [];
  const postgres = isPostgres(db as unknown as RawExecutor);
  const inKeys = postgres
    ? `IN (SELECT json_array_elements_text($2::json))`
    : `IN (SELECT value FROM json_each(?))`;
  const shopMark = postgres ? "$1" : "?";
  const sql = `SELECT * FROM ${quote(table)} WHERE "shop" = ${shopMark} AND ${quote(key)} ${inKeys}`;
  return db.$queryRawUnsafe<T[]>(sql, shop, JSON.stringify(keys));
}

/**
 * Caps the page cache of the connection running this SQLite transaction.
 * @libsql/client hands each interactive transaction its own connection and
 * the libsql driver never frees a closed connection, so the cache a batch
 * fills (2 MB by default) stays allocated: a cap of 512 kB made a million
 * customers cost ~100 MB instead of ~1.2 GB. No-op on PostgreSQL.
 */
export async function capTransactionCache(db: RawReader): Promise<void> {
  if (isPostgres(db as unknown as RawExecutor)) return;
  await db.$queryRawUnsafe("PRAGMA cache_size = -512");
}
