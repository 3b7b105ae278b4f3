import { PrismaClient } from "../generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "../generated/prisma-postgresql/client";
import { adapterFactoryFor, databaseKind } from "./adapter.server";

/**
 * The SQLite client's type stands for both: the two clients are generated
 * from the same models (app/db/providers.ts), only the SQL they compile to
 * differs.
 */
export type Database = PrismaClient;

/** A Prisma client on a driver adapter for this URL (no engine binary). */
export function createDatabase(url: string): Database {
  const adapter = adapterFactoryFor(url);
  if (databaseKind(url) === "postgresql") {
    return new PostgresPrismaClient({ adapter }) as unknown as Database;
  }
  return new PrismaClient({ adapter });
}
