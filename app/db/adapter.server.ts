import type { InArgs, InStatement, ResultSet, Transaction, TransactionMode } from "@libsql/client";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { DatabaseKind } from "./providers";

export type { DatabaseKind };

/** The embedded default: a SQLite file next to the schema, needing no server. */
export const DEFAULT_DATABASE_URL = "file:./prisma/dev.sqlite";

/**
 * How long a SQLite writer waits for another connection's write lock (the
 * CLI, a second app instance, a ledger append in flight) before SQLITE_BUSY.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "${url.split(":")[0]}:..."`,
  );
}

/**
 * libsql with write-ahead logging: readers never wait for the writer, and a
 * commit appends to the log instead of rewriting pages through a rollback
 * journal (journal_mode is stored in the file). synchronous=NORMAL, SQLite's
 * recommended pairing with WAL (set on the one connection, see
 * withOneConnection), syncs the log at checkpoints rather than at
 * every commit: a killed process loses nothing it committed (the capture
 * crash test SIGKILLs the server), a power cut may undo the last commits but
 * never leaves a half-written one or a broken chain. Measured in
 * bench/RESULTS.md ("Capture route load test").
 */
class SqliteAdapterFactory extends PrismaLibSql {
  override async connect() {
    const adapter = await super.connect();
    if (!/^file::memory:/.test(this.url)) await adapter.executeScript("PRAGMA journal_mode = WAL;");
    return adapter;
  }

  override createClient(config: Parameters<PrismaLibSql["createClient"]>[0]) {
    return withOneConnection(super.createClient(config));
  }

  constructor(private readonly url: string) {
    super({ url, timeout: SQLITE_BUSY_TIMEOUT_MS });
  }
}

type LibSqlClient = ReturnType<PrismaLibSql["createClient"]>;

const BEGIN: Record<TransactionMode, string> = {
  write: "BEGIN IMMEDIATE",
  read: "BEGIN TRANSACTION READONLY",
  deferred: "BEGIN DEFERRED",
};

/**
 * libsql's client hands its connection to each transaction and opens a new
 * one (parsing the schema again) for whatever comes next: per transaction,
 * that was a good part of a capture's cost. The Prisma adapter already lets
 * nothing else use the client while a transaction is open, so transactions
 * here run on the client's one connection, which also keeps per-connection
 * settings (synchronous, secure_delete) in force.
 */
function withOneConnection(client: LibSqlClient): LibSqlClient {
  const execute = client.execute.bind(client) as (sql: InStatement) => Promise<ResultSet>;
  let configured = false;
  const configure = async () => {
    if (configured) return;
    configured = true;
    await execute("PRAGMA synchronous = NORMAL");
  };
  client.execute = (async (statement: InStatement | string, args?: InArgs) => {
    await configure();
    return execute(typeof statement === "string" ? { sql: statement, args: args ?? [] } : statement);
  }) as LibSqlClient["execute"];
  client.transaction = (async (mode: TransactionMode = "deferred") => {
    await configure();
    await execute(BEGIN[mode]);
    let open = true;
    const run = (statement: InStatement) => {
      if (!open) throw new Error("The transaction is closed");
      return execute(statement);
    };
    const end = async (sql: "COMMIT" | "ROLLBACK") => {
      if (!open) return;
      open = false;
      try {
        await execute(sql);
      } catch (error) {
        // Never leave the shared connection inside a failed transaction.
        if (sql === "COMMIT") await execute("ROLLBACK").catch(() => undefined);
        throw error;
      }
    };
    return {
      execute: (statement: InStatement | string, args?: InArgs) =>
        run(typeof statement === "string" ? { sql: statement, args: args ?? [] } : statement),
      batch: async (statements: InStatement[]) => {
        const results: ResultSet[] = [];
        for (const statement of statements) results.push(await run(statement));
        return results;
      },
      executeMultiple: (sql: string) => client.executeMultiple(sql),
      commit: () => end("COMMIT"),
      rollback: () => end("ROLLBACK"),
      close: () => void end("ROLLBACK").catch(() => undefined),
      get closed() {
        return !open;
      },
    } as unknown as Transaction;
  }) as LibSqlClient["transaction"];
  return client;
}

/** Driver adapter factory for a database URL: no Prisma engine binary is involved. */
export function adapterFactoryFor(url: string) {
  return databaseKind(url) === "sqlite"
    ? new SqliteAdapterFactory(url)
    : new PrismaPg({ connectionString: url });
}

/**
 * The adapter the migration engine gets. Describing a PostgreSQL database
 * reads catalog columns of PostgreSQL's internal one-byte type "char", which
 * @prisma/adapter-pg 7.10 refuses as an unsupported type; they are plain text
 * to the engine, so they are handed over as text.
 */
export function migrationAdapterFactoryFor(url: string) {
  if (databaseKind(url) === "sqlite") return adapterFactoryFor(url);
  return new PrismaPg(new CatalogFriendlyPool({ connectionString: url }), { disposeExternalPool: true });
}

const PG_INTERNAL_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] };

function relabelInternalChar<T>(result: T): T {
  for (const field of (result as QueryResultLike)?.fields ?? []) {
    if (field.dataTypeID === PG_INTERNAL_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

class CatalogFriendlyPool extends pg.Pool {
  constructor(config: pg.PoolConfig) {
    super(config);
    this.on("connect", (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown> | undefined;
      (client as { query: unknown }).query = (...args: unknown[]) => {
        const last = args.at(-1);
        if (typeof last === "function") {
          // pg.Pool#query calls the client with a callback.
          const callback = last as (error: unknown, result: unknown) => void;
          return query(...args.slice(0, -1), (error: unknown, result: unknown) =>
            callback(error, error ? result : relabelInternalChar(result)),
          );
        }
        return query(...args)?.then(relabelInternalChar);
      };
    });
  }
}
