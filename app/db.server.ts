import { adapterFactoryFor } from "./db/adapter.server";
import { env } from "./env.server";
import { PrismaClient } from "./generated/prisma/client";

export type Database = PrismaClient;

export function createDatabase(url: string): Database {
  return new PrismaClient({ adapter: adapterFactoryFor(url) });
}

declare global {
  // Survives Remix dev-server reloads, so one process keeps one connection pool.
  var __waConsentDb: Database | undefined;
}

export const db: Database = globalThis.__waConsentDb ?? createDatabase(env.DATABASE_URL);
if (env.NODE_ENV !== "production") globalThis.__waConsentDb = db;
