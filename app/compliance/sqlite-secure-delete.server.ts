import type { Database } from "../db.server";

/**
 * SQLite keeps deleted rows in free pages until they are reused; with
 * secure_delete it overwrites them, so erased personal data is really gone
 * from the file. PostgreSQL has no such pragma (it reclaims dead rows through
 * VACUUM), so there the statement fails and is ignored. Call it outside a
 * transaction.
 */
export async function enableSecureDelete(db: Database): Promise<void> {
  try {
    await db.$queryRawUnsafe("PRAGMA secure_delete = ON");
  } catch {
    // Not SQLite.
  }
}

/**
 * In write-ahead-log mode the erased rows' old pages stay in the main file
 * until a checkpoint copies the overwritten ones in, and older copies linger
 * in the log until it is reset: checkpoint now and truncate the log. Fails
 * and is ignored on PostgreSQL, like the pragma above.
 */
export async function flushErasure(db: Database): Promise<void> {
  try {
    await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch {
    // Not SQLite.
  }
}
