/**
 * Creating and dropping whole PostgreSQL databases, for throwaway databases:
 * the scratch database a new migration is drafted on, and one fresh database
 * per test file. Connects to the server's maintenance database.
 */
import pg from "pg";

/** The local server every development and CI machine runs (trust auth). */
export const DEFAULT_POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export function postgresAdminUrl(): string {
  return process.env.POSTGRES_ADMIN_URL ?? DEFAULT_POSTGRES_ADMIN_URL;
}

async function withAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${redactUrl(adminUrl)} (${(error as Error).message}). ` +
        "Start it (Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) " +
        "or point POSTGRES_ADMIN_URL at a server where this user may create databases.",
    );
  }
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

/** Creates an empty database with a unique name and returns its URL. */
export async function createScratchDatabase(prefix: string, adminUrl = postgresAdminUrl()): Promise<string> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`invalid database name prefix: ${prefix}`);
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(databaseUrl: string, adminUrl = postgresAdminUrl()): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error("refusing to drop a database with an unexpected name");
  await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
