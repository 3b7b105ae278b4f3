/**
 * Prisma driver adapter on Node's built-in SQLite (`node:sqlite`).
 *
 * Why not libsql: its driver kept every prepared statement and every
 * connection it ever opened (memory grew with each batch of a large sync),
 * and its async bridge cost more than SQLite itself on small statements.
 * `node:sqlite` is synchronous and in-process: prepared statements are
 * cached here and freed with the cache, and a statement costs microseconds.
 *
 * One connection per client. Statements are synchronous, so a query can only
 * interleave with a transaction that awaits between its statements; a mutex
 * makes everything else wait until that transaction ends, as the Prisma
 * adapters do. Other processes (the CLI, a second instance) are SQLite's
 * concern: write-ahead logging plus a busy timeout.
 */
import { createRequire } from "node:module";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import {
  type ArgType,
  type ColumnType,
  ColumnTypeEnum,
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from "@prisma/driver-adapter-utils";

const ADAPTER_NAME = "wa-consent-node-sqlite";
/** Distinct statement texts kept prepared; the app issues far fewer. */
const STATEMENT_CACHE_SIZE = 500;

export interface SqliteOptions {
  /** A path, `:memory:`, or a `file:` URL. */
  url: string;
  /** How long a writer waits for another connection's write lock before SQLITE_BUSY. */
  busyTimeoutMs: number;
}

/** node:sqlite prints an "experimental" warning when first loaded; it is stable enough for us and the noise would reach every CLI run. */
function loadSqlite(): typeof import("node:sqlite") {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (/SQLite is an experimental feature/.test(text)) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return createRequire(import.meta.url)("node:sqlite");
  } catch (error) {
    throw new Error(
      `The SQLite database needs Node.js 22.16 or later (node:sqlite); this is ${process.version}. Run through npm (npm run ..., npx wa-consent), which uses the project's Node.`,
      { cause: error },
    );
  } finally {
    process.emitWarning = emitWarning;
  }
}

export function sqlitePath(url: string): string {
  const path = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return path === "" ? ":memory:" : path;
}

/** Opens a connection configured as every part of the app expects it. */
export function openSqlite(options: SqliteOptions): DatabaseSync {
  const { DatabaseSync } = loadSqlite();
  const path = sqlitePath(options.url);
  const database = new DatabaseSync(path, { enableForeignKeyConstraints: true });
  // First, so that the settings below wait for a lock another process holds instead of failing.
  database.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs))}`);
  // WAL: readers never wait for the writer and a commit appends to the log.
  // synchronous=NORMAL syncs the log at checkpoints: a killed process loses
  // nothing it committed (the capture crash test SIGKILLs the server); a
  // power cut may undo the last commits but never leaves a broken chain.
  if (path !== ":memory:") database.exec("PRAGMA journal_mode = WAL");
  database.exec("PRAGMA synchronous = NORMAL");
  // A large sync touches a dozen indexes per contact; SQLite's default 2 MB
  // cache turned most of those into reads from the OS.
  database.exec("PRAGMA cache_size = -65536");
  // A checkpoint (with its fsync) every ~40 MB of log instead of every 4 MB:
  // one sync batch alone dirties more than 4 MB of index pages.
  database.exec("PRAGMA wal_autocheckpoint = 10000");
  return database;
}

/** A first-come lock: a transaction holds it from BEGIN to COMMIT or ROLLBACK. */
class Lock {
  #tail: Promise<void> = Promise.resolve();
  #held = false;

  get held() {
    return this.#held;
  }

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const previous = this.#tail;
    this.#tail = new Promise<void>((resolve) => {
      release = () => {
        this.#held = false;
        resolve();
      };
    });
    await previous;
    this.#held = true;
    return release;
  }
}

/** A prepared statement and what it returns, read once: columns() allocates on every call. */
interface Prepared {
  statement: StatementSync;
  names: string[];
  declared: (string | null)[];
}

class StatementCache {
  readonly #prepared = new Map<string, Prepared>();

  constructor(private readonly database: DatabaseSync) {}

  get(sql: string): Prepared {
    let prepared = this.#prepared.get(sql);
    if (prepared) {
      // Move to the back: the Map's order is the eviction order.
      this.#prepared.delete(sql);
    } else {
      const statement = this.database.prepare(sql);
      statement.setReturnArrays(true);
      const columns = statement.columns();
      prepared = {
        statement,
        names: columns.map((column) => column.name),
        declared: columns.map((column) => column.type),
      };
      if (this.#prepared.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.#prepared.keys().next().value as string;
        this.#prepared.delete(oldest);
      }
    }
    this.#prepared.set(sql, prepared);
    return prepared;
  }

  clear() {
    this.#prepared.clear();
  }
}

const DECLARED_TYPES: Record<string, ColumnType> = {
  INTEGER: ColumnTypeEnum.Int32,
  INT: ColumnTypeEnum.Int32,
  BIGINT: ColumnTypeEnum.Int64,
  REAL: ColumnTypeEnum.Double,
  DOUBLE: ColumnTypeEnum.Double,
  FLOAT: ColumnTypeEnum.Float,
  DECIMAL: ColumnTypeEnum.Numeric,
  TEXT: ColumnTypeEnum.Text,
  DATETIME: ColumnTypeEnum.DateTime,
  BOOLEAN: ColumnTypeEnum.Boolean,
  BLOB: ColumnTypeEnum.Bytes,
  JSONB: ColumnTypeEnum.Json,
};

/** Declared column types where there are; otherwise guessed from the first non-null value. */
function columnTypes(declared: readonly (string | null)[], rows: readonly unknown[][]): ColumnType[] {
  return declared.map((type, index) => {
    const known = type ? DECLARED_TYPES[type.toUpperCase()] : undefined;
    if (known !== undefined) return known;
    const sample = rows.find((row) => row[index] !== null)?.[index];
    if (typeof sample === "string") return ColumnTypeEnum.Text;
    if (typeof sample === "bigint") return ColumnTypeEnum.Int64;
    if (sample instanceof Uint8Array) return ColumnTypeEnum.Bytes;
    if (typeof sample === "number") return ColumnTypeEnum.UnknownNumber;
    return ColumnTypeEnum.Int32;
  });
}

function toRow(row: unknown[], types: readonly ColumnType[]): unknown[] {
  for (let i = 0; i < row.length; i++) {
    const value = row[i];
    if (typeof value === "bigint") row[i] = value.toString();
    else if (typeof value === "number" && types[i] === ColumnTypeEnum.DateTime)
      row[i] = new Date(value).toISOString();
  }
  return row;
}

type Bindable = null | number | bigint | string | Uint8Array;

/** Prisma's own text form of a DateTime in SQLite (also a literal PostgreSQL reads as UTC). */
export const dateText = (date: Date) => `${date.toISOString().slice(0, -1)}+00:00`;

/** A JS value as SQLite stores it the way Prisma does: dates as text, booleans as 0/1, no undefined. */
export function sqliteValue(value: unknown): Bindable {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Date) return dateText(value);
  return value as Bindable;
}

/** A query argument: Prisma sends some scalars as strings, tagged with their type. */
function toArg(value: unknown, type: ArgType | undefined): Bindable {
  if (typeof value !== "string") return sqliteValue(value);
  switch (type?.scalarType) {
    case "bigint":
      return BigInt(value);
    case "int":
      return Number.parseInt(value, 10);
    case "float":
    case "decimal":
      return Number.parseFloat(value);
    case "datetime":
      return dateText(new Date(value));
    case "bytes":
      return Buffer.from(value, "base64");
    default:
      return value;
  }
}

const SQLITE_BUSY = 5;

/** SQLite's error, in the terms Prisma turns into its own error codes (P2002, ...). */
export function throwAsAdapterError(error: unknown): never {
  const code = (error as { errcode?: unknown }).errcode;
  if (typeof code !== "number") throw error;
  const message = (error as Error).message;
  const fields = message
    .split("constraint failed: ")
    .at(1)
    ?.split(", ")
    .map((field) => field.split(".").pop() as string);
  const constraint = fields ? { fields } : undefined;
  const original = { originalCode: String(code), originalMessage: message };
  if (code === 2067 || code === 1555)
    throw new DriverAdapterError({ kind: "UniqueConstraintViolation", constraint, ...original });
  if (code === 1299)
    throw new DriverAdapterError({ kind: "NullConstraintViolation", constraint, ...original });
  if (code === 787 || code === 1811) {
    throw new DriverAdapterError({
      kind: "ForeignKeyConstraintViolation",
      constraint: { foreignKey: {} },
      ...original,
    });
  }
  if ((code & 0xff) === SQLITE_BUSY) throw new DriverAdapterError({ kind: "SocketTimeout", ...original });
  throw new DriverAdapterError({ kind: "sqlite", extendedCode: code, message, ...original });
}

class Queryable {
  readonly provider = "sqlite" as const;
  readonly adapterName = ADAPTER_NAME;

  constructor(
    protected readonly database: DatabaseSync,
    protected readonly statements: StatementCache,
  ) {}

  private bind(query: SqlQuery) {
    const prepared = this.statements.get(query.sql);
    return { ...prepared, args: query.args.map((arg, index) => toArg(arg, query.argTypes[index])) };
  }

  protected runQuery(query: SqlQuery): SqlResultSet {
    try {
      const { statement, names, declared, args } = this.bind(query);
      if (names.length === 0) {
        statement.run(...args);
        return { columnNames: [], columnTypes: [], rows: [] };
      }
      const rows = statement.all(...args) as unknown as unknown[][];
      const types = columnTypes(declared, rows);
      return { columnNames: names, columnTypes: types, rows: rows.map((row) => toRow(row, types)) };
    } catch (error) {
      throwAsAdapterError(error);
    }
  }

  protected runExecute(query: SqlQuery): number {
    try {
      const { statement, args } = this.bind(query);
      return Number(statement.run(...args).changes);
    } catch (error) {
      throwAsAdapterError(error);
    }
  }

  protected runScript(script: string) {
    try {
      this.database.exec(script);
    } catch (error) {
      throwAsAdapterError(error);
    }
  }
}

class SqliteTransaction extends Queryable implements Transaction {
  readonly options = { usePhantomQuery: true };
  #open = true;

  constructor(
    database: DatabaseSync,
    statements: StatementCache,
    private readonly release: () => void,
  ) {
    super(database, statements);
  }

  async queryRaw(query: SqlQuery) {
    this.#assertOpen();
    return this.runQuery(query);
  }

  async executeRaw(query: SqlQuery) {
    this.#assertOpen();
    return this.runExecute(query);
  }

  async commit() {
    this.#end("COMMIT");
  }

  async rollback() {
    this.#end("ROLLBACK");
  }

  async createSavepoint(name: string) {
    this.runScript(`SAVEPOINT ${name}`);
  }

  async rollbackToSavepoint(name: string) {
    this.runScript(`ROLLBACK TO ${name}`);
  }

  async releaseSavepoint(name: string) {
    this.runScript(`RELEASE SAVEPOINT ${name}`);
  }

  #assertOpen() {
    if (!this.#open) throw new Error("the transaction is already closed");
  }

  #end(sql: "COMMIT" | "ROLLBACK") {
    if (!this.#open) return;
    this.#open = false;
    try {
      this.runScript(sql);
    } catch (error) {
      // Never hand the shared connection on inside a failed transaction.
      if (sql === "COMMIT" && this.database.isTransaction) this.database.exec("ROLLBACK");
      throw error;
    } finally {
      this.release();
    }
  }
}

class SqliteAdapter extends Queryable implements SqlDriverAdapter {
  // Plain (not #private) members: the migration engine calls these through a Proxy.
  private readonly lock = new Lock();

  async queryRaw(query: SqlQuery) {
    await this.transactionEnded();
    return this.runQuery(query);
  }

  async executeRaw(query: SqlQuery) {
    await this.transactionEnded();
    return this.runExecute(query);
  }

  async executeScript(script: string) {
    await this.transactionEnded();
    this.runScript(script);
  }

  /** Outside a transaction, a statement runs once no transaction holds the connection. */
  private async transactionEnded() {
    if (this.lock.held) (await this.lock.acquire())();
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    if (isolationLevel && isolationLevel !== "SERIALIZABLE") {
      throw new DriverAdapterError({ kind: "InvalidIsolationLevel", level: isolationLevel });
    }
    const release = await this.lock.acquire();
    try {
      this.runScript("BEGIN DEFERRED");
    } catch (error) {
      release();
      throw error;
    }
    return new SqliteTransaction(this.database, this.statements, release);
  }

  /** A cached prepared statement on this connection, for the bulk writers (see `transactionStatements`). */
  prepare(sql: string): StatementSync {
    return this.statements.get(sql).statement;
  }

  get connection(): DatabaseSync {
    return this.database;
  }

  async dispose() {
    this.statements.clear();
    if (this.database.isOpen) this.database.close();
  }
}

export class NodeSqliteAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "sqlite" as const;
  readonly adapterName = ADAPTER_NAME;

  /** The client's connection (Prisma connects a client once, lazily). */
  private primary: SqliteAdapter | null = null;

  constructor(private readonly options: SqliteOptions) {}

  async connect(): Promise<SqlDriverAdapter> {
    this.primary = this.openAdapter(this.options);
    return this.primary;
  }

  /**
   * Prepared statements on the client's connection, for multi-row writes
   * inside a transaction the caller is running on this client: the
   * connection is then inside that transaction, and the lock keeps every
   * other query of the client waiting until it ends.
   */
  transactionStatements(): { prepare(sql: string): StatementSync } | null {
    return this.primary?.connection.isTransaction ? this.primary : null;
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.openAdapter({ ...this.options, url: ":memory:" });
  }

  private openAdapter(options: SqliteOptions) {
    try {
      const database = openSqlite(options);
      return new SqliteAdapter(database, new StatementCache(database));
    } catch (error) {
      throwAsAdapterError(error);
    }
  }
}
