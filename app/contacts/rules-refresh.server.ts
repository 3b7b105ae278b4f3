/**
 * Stored classifications follow the consent rules: when the rules change
 * (CONSENT_RULES_VERSION), every contact of a shop is judged again before
 * anything is exported, so no contact leaves under rules that no longer hold.
 */
import { normalizePhone, otherFormOfLine } from "../consent/phone";
import { CONSENT_RULES_VERSION } from "../consent/rules-version";
import { CONTACT_TYPES, updateRowsByKey } from "../db/bulk-sql.server";
import type { Database } from "../db.server";
import { refreshAllDuplicates } from "../ledger/apply-consent-events.server";
import { reclassifyShop } from "./stored-classification.server";

/** True when some contact of the shop may still carry a classification made under other rules. */
export async function classifiedUnderOlderRules(db: Database, shop: string): Promise<boolean> {
  const settings = await db.shop.findUnique({ where: { domain: shop }, select: { rulesVersion: true } });
  return settings !== null && settings.rulesVersion !== CONSENT_RULES_VERSION;
}

/** Refreshes under way in this process, by database and shop: a page asking meanwhile waits for the same run. */
const refreshing = new WeakMap<Database, Map<string, Promise<number>>>();

/**
 * Reclassifies the whole shop when it was last judged under other rules;
 * returns how many contacts were judged again (0 when already current).
 * Exports and the overview call it first, so nothing leaves under old rules;
 * after a deploy the job started with the server has usually done it already.
 */
export function ensureCurrentRules(db: Database, shop: string): Promise<number> {
  let runs = refreshing.get(db);
  if (!runs) {
    runs = new Map();
    refreshing.set(db, runs);
  }
  let run = runs.get(shop);
  if (!run) {
    const started = refreshShop(db, shop).finally(() => runs.delete(shop));
    runs.set(shop, started);
    run = started;
  }
  return run;
}

async function refreshShop(db: Database, shop: string): Promise<number> {
  if (!(await classifiedUnderOlderRules(db, shop))) return 0;
  await rewriteLinesInTheirWhatsAppForm(db, shop);
  const judged = await reclassifyShop(db, shop);
  await refreshAllDuplicates(db, shop);
  await db.shop.update({ where: { domain: shop }, data: { rulesVersion: CONSENT_RULES_VERSION } });
  return judged;
}

/**
 * Judges again, one shop after the other, every installed shop last judged
 * under other rules (started once with the server, so that the first page a
 * merchant opens after a rules change does not wait for it). Returns the shops refreshed.
 */
export async function refreshShopsUnderOlderRules(db: Database, signal?: AbortSignal): Promise<string[]> {
  const stale = await db.shop.findMany({
    where: { uninstalledAt: null, rulesVersion: { not: CONSENT_RULES_VERSION } },
    select: { domain: true },
    orderBy: { domain: "asc" },
  });
  const refreshed: string[] = [];
  for (const { domain } of stale) {
    if (signal?.aborted) break;
    await ensureCurrentRules(db, domain);
    refreshed.push(domain);
  }
  return refreshed;
}

const LINE_PAGE = 2000;
/** What a rewrite sets, keyed by id (one statement a page). */
const LINE_COLUMNS = ["id", "shop", "phoneE164", "updatedAt"];

/**
 * Phones stored before rules 2026-12-03.7 in the form WhatsApp does not use
 * (+54 11 ... for +54 9 11 ..., a Brazilian mobile without its ninth digit)
 * are rewritten in the form every new write uses, so that the duplicate
 * refresh after it sees one line where an opt-out and an opt-in were written
 * two ways. Only those two countries' numbers are read.
 */
async function rewriteLinesInTheirWhatsAppForm(db: Database, shop: string): Promise<void> {
  let after = "";
  const updatedAt = new Date();
  for (;;) {
    const page = await db.contact.findMany({
      where: {
        shop,
        id: { gt: after },
        OR: [{ phoneE164: { startsWith: "+54" } }, { phoneE164: { startsWith: "+55" } }],
      },
      select: { id: true, phoneE164: true },
      orderBy: { id: "asc" },
      take: LINE_PAGE,
    });
    if (page.length === 0) return;
    const rewrites = page.flatMap(({ id, phoneE164: stored }) => {
      const line = normalizePhone(stored);
      return line.ok && stored && otherFormOfLine(line.e164.slice(1)) === stored.slice(1)
        ? [{ id, shop, phoneE164: line.e164, updatedAt }]
        : [];
    });
    if (rewrites.length > 0)
      await updateRowsByKey(
        db,
        "Contact",
        "id",
        LINE_COLUMNS,
        CONTACT_TYPES,
        ["phoneE164", "updatedAt"],
        rewrites,
      );
    after = page[page.length - 1]?.id ?? after;
  }
}
