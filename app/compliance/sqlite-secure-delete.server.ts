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
