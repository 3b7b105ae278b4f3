import { createDatabase, type Database } from "./db/client.server";
import { env } from "./env.server";
import { onFirstUse } from "./lazy";

export type { Database };
export { createDatabase };

declare global {
  // Survives Remix dev-server reloads, so one process keeps one connection pool.
  var __waConsentDb: Database | undefined;
}

/** The app's database client, created on first use from DATABASE_URL (one per process). */
let instance: Database | undefined;
export function getDb(): Database {
  instance ??= globalThis.__waConsentDb ?? createDatabase(env.DATABASE_URL);
  if (env.NODE_ENV !== "production") globalThis.__waConsentDb = instance;
  return instance;
}

/** getDb() for importers of `db`: importing it connects nothing and reads no environment. */
export const db: Database = onFirstUse(getDb);
