import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";

export type DatabaseKind = "sqlite" | "postgresql";

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
 * libsql with write-ahead logging: readers never wait for the writer, a
 * commit is one append and one fsync instead of a rollback journal's several
 * (journal_mode is stored in the file, so one statement per process is enough).
 */
class SqliteAdapterFactory extends PrismaLibSql {
  override async connect() {
    const adapter = await super.connect();
    if (!/^file::memory:/.test(this.url)) await adapter.executeScript("PRAGMA journal_mode = WAL;");
    return adapter;
  }

  constructor(private readonly url: string) {
    super({ url, timeout: SQLITE_BUSY_TIMEOUT_MS });
  }
}

/** Driver adapter factory for a database URL: no Prisma engine binary is involved. */
export function adapterFactoryFor(url: string) {
  return databaseKind(url) === "sqlite"
    ? new SqliteAdapterFactory(url)
    : new PrismaPg({ connectionString: url });
}
