/**
 * The distinct reason strings ("SMS_ONLY", "INVALID_PHONE;DUPLICATE", ...)
 * of a shop. Contact.reasons keeps a contact's reasons as one ";"-joined
 * string; a LIKE over it cannot use an index, but a shop has only a few
 * dozen distinct combinations. They are found by skipping through the
 * (shop, reasons, ...) index one combination at a time (a loose index scan:
 * one seek per combination, not a scan of a million rows), after which
 * "carries reason X" is an indexed `reasons IN (...)`.
 */
import type { Database } from "../db.server";

export async function reasonCombinations(db: Database, shop: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ combo: string | null }[]>`
    WITH RECURSIVE "combos"("combo") AS (
      SELECT (SELECT MIN("reasons") FROM "Contact" WHERE "shop" = ${shop})
      UNION ALL
      SELECT (SELECT MIN("reasons") FROM "Contact" WHERE "shop" = ${shop} AND "reasons" > "combos"."combo")
      FROM "combos" WHERE "combos"."combo" IS NOT NULL
    )
    SELECT "combo" FROM "combos" WHERE "combo" IS NOT NULL`;
  return rows.map((row) => row.combo as string);
}
