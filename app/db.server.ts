import { createDatabase, type Database } from "./db/client.server";
import { env } from "./env.server";

export type { Database };
export { createDatabase };

declare global {
  // Survives Remix dev-server reloads, so one process keeps one connection pool.
  var __waConsentDb: Database | undefined;
}

export const db: Database = globalThis.__waConsentDb ?? createDatabase(env.DATABASE_URL);
if (env.NODE_ENV !== "production") globalThis.__waConsentDb = db;
