import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { DatabaseKind } from "./providers";
import { NodeSqliteAdapterFactory } from "./sqlite-adapter.server";

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

/** Driver adapter factory for a database URL: no Prisma engine binary is involved. */
export function adapterFactoryFor(url: string) {
  return databaseKind(url) === "sqlite"
    ? new NodeSqliteAdapterFactory({ url, busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS })
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
