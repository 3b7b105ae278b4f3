/**
 * What the Export page shows: how many contacts each download holds and the
 * export history. Counts come from indexed aggregates ([shop, segment]);
 * dates are formatted here so server and browser render the same text.
 */
import { EXPORTABLE_WHERE } from "../admin/setup-facts.server";
import type { Database } from "../db.server";
import { recentExports } from "./export-log.server";
import { rePermissionCounts } from "./re-permission.server";

export async function exportPageData(db: Database, shop: string) {
  const [groupA, rePermission, history] = await Promise.all([
    db.contact.count({ where: { shop, ...EXPORTABLE_WHERE } }),
    rePermissionCounts(db, shop),
    recentExports(db, shop),
  ]);
  return {
    groupA,
    rePermission,
    history: history.map(({ createdAt, ...entry }) => ({
      ...entry,
      at: createdAt.toISOString().slice(0, 16).replace("T", " "),
    })),
  };
}
