/**
 * Stored classifications follow the consent rules: when the rules change
 * (CONSENT_RULES_VERSION), every contact of a shop is judged again before
 * anything is exported, so no contact leaves under rules that no longer hold.
 */
import { CONSENT_RULES_VERSION } from "../consent/rules-version";
import type { Database } from "../db.server";
import { refreshAllDuplicates } from "../ledger/apply-consent-events.server";
import { reclassifyShop } from "./stored-classification.server";

/** True when some contact of the shop may still carry a classification made under other rules. */
export async function classifiedUnderOlderRules(db: Database, shop: string): Promise<boolean> {
  const settings = await db.shop.findUnique({ where: { domain: shop }, select: { rulesVersion: true } });
  return settings !== null && settings.rulesVersion !== CONSENT_RULES_VERSION;
}

/**
 * Reclassifies the whole shop when it was last judged under other rules;
 * returns how many contacts were judged again (0 when already current).
 */
export async function ensureCurrentRules(db: Database, shop: string): Promise<number> {
  if (!(await classifiedUnderOlderRules(db, shop))) return 0;
  const judged = await reclassifyShop(db, shop);
  await refreshAllDuplicates(db, shop);
  await db.shop.update({ where: { domain: shop }, data: { rulesVersion: CONSENT_RULES_VERSION } });
  return judged;
}
