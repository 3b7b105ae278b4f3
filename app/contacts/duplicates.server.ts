/**
 * Keeps DUPLICATE current across stored contacts: among contacts sharing an
 * E.164 phone the core's dedupe picks the one that stands for the number;
 * the others get DUPLICATE and point at it (and lose it again when that
 * stops being true).
 */
import { findDuplicates } from "../consent/dedupe";
import type { OptInLevel, Segment } from "../consent/types";
import { CONTACT_TYPES, updateRowsByKey, type WriteMode, writeModeFor } from "../db/bulk-sql.server";
import type { Transaction } from "../ledger/consent-events.server";

const BATCH = 500;

/** Refreshes the groups of the given phones, or of every shared phone of the shop. */
export async function refreshDuplicates(
  tx: Transaction,
  shop: string,
  phones?: readonly string[],
  mode?: WriteMode,
): Promise<number> {
  const groupPhones = phones
    ? [...new Set(phones)]
    : (
        await tx.contact.groupBy({
          by: ["phoneE164"],
          where: { shop, phoneE164: { not: null } },
          having: { phoneE164: { _count: { gt: 1 } } },
        })
      ).map((group) => group.phoneE164 as string);
  const stale = await tx.contact.findMany({
    where: { shop, duplicateOfId: { not: null }, ...(phones ? { phoneE164: { in: [...groupPhones] } } : {}) },
    select: { phoneE164: true },
  });
  const allPhones = [...new Set([...groupPhones, ...stale.map((contact) => contact.phoneE164 ?? "")])].filter(
    Boolean,
  );

  let changed = 0;
  for (let start = 0; start < allPhones.length; start += BATCH) {
    const contacts = await tx.contact.findMany({
      where: { shop, phoneE164: { in: allPhones.slice(start, start + BATCH) } },
      select: {
        id: true,
        shopifyCustomerId: true,
        phoneE164: true,
        segment: true,
        optInLevel: true,
        decidedAt: true,
        reasons: true,
        duplicateOfId: true,
      },
    });
    const losers = findDuplicates(
      contacts.map((contact) => ({
        phoneE164: contact.phoneE164,
        candidate: {
          id: contact.id,
          segment: contact.segment as Segment,
          optInLevel: contact.optInLevel as OptInLevel | null,
          decidedAt: contact.decidedAt,
          // Stable across databases and re-syncs: the Shopify customer when there is one.
          tieKey: contact.shopifyCustomerId
            ? `shopify:${contact.shopifyCustomerId}`
            : `contact:${contact.id}`,
        },
      })),
    );
    const updates: {
      id: string;
      shop: string;
      updatedAt: Date;
      duplicateOfId: string | null;
      reasons: string;
    }[] = [];
    for (const contact of contacts) {
      const duplicateOfId = losers.get(contact.id) ?? null;
      const base = contact.reasons.split(";").filter((reason) => reason !== "" && reason !== "DUPLICATE");
      const reasons = (duplicateOfId ? [...base, "DUPLICATE"] : base).join(";");
      if (duplicateOfId === contact.duplicateOfId && reasons === contact.reasons) continue;
      updates.push({ id: contact.id, shop, updatedAt: new Date(), duplicateOfId, reasons });
    }
    await writeDuplicateMarks(tx, updates, mode);
    changed += updates.length;
  }
  return changed;
}

const MARK_COLUMNS = ["id", "shop", "updatedAt", "duplicateOfId", "reasons"];

async function writeDuplicateMarks(
  tx: Transaction,
  updates: { id: string; shop: string; updatedAt: Date; duplicateOfId: string | null; reasons: string }[],
  mode?: WriteMode,
) {
  if (writeModeFor(updates.length, mode) === "sql") {
    await updateRowsByKey(
      tx,
      "Contact",
      "id",
      MARK_COLUMNS,
      CONTACT_TYPES,
      ["updatedAt", "duplicateOfId", "reasons"],
      updates,
    );
    return;
  }
  for (const { id, duplicateOfId, reasons } of updates) {
    await tx.contact.update({ where: { id }, data: { duplicateOfId, reasons } });
  }
}
