/** Applies prisma/migrations to DATABASE_URL (default: the embedded SQLite file). */
import { applyMigrations } from "../app/db/migrate.server";
import { env } from "../app/env.server";

const applied = await applyMigrations({ url: env.DATABASE_URL });
console.log(applied.length === 0 ? "database is up to date" : `applied migrations: ${applied.join(", ")}`);
