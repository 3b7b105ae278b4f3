import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";

export type DatabaseKind = "sqlite" | "postgresql";

/** The embedded default: a SQLite file next to the schema, needing no server. */
export const DEFAULT_DATABASE_URL = "file:./prisma/dev.sqlite";

export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "${url.split(":")[0]}:..."`,
  );
}

/** Driver adapter factory for a database URL: no Prisma engine binary is involved. */
export function adapterFactoryFor(url: string) {
  return databaseKind(url) === "sqlite" ? new PrismaLibSql({ url }) : new PrismaPg({ connectionString: url });
}
