/**
 * Keeps DUPLICATE current across stored contacts: among contacts sharing an
 * E.164 phone the core's dedupe picks the one that stands for the number;
 * the others get DUPLICATE and point at it (and lose it again when that
 * stops being true).
 */
import { findDuplicates } from "../consent/dedupe";
import type { OptInLevel, Segment } from "../consent/types";
import type { Transaction } from "../ledger/consent-events.server";

const BATCH = 500;

/** Refreshes the groups of the given phones, or of every shared phone of the shop. */
export async function refreshDuplicates(
  tx: Transaction,
  shop: string,
  phones?: readonly string[],
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
    for (const contact of contacts) {
      const duplicateOfId = losers.get(contact.id) ?? null;
      const base = contact.reasons.split(";").filter((reason) => reason !== "" && reason !== "DUPLICATE");
      const reasons = (duplicateOfId ? [...base, "DUPLICATE"] : base).join(";");
      if (duplicateOfId === contact.duplicateOfId && reasons === contact.reasons) continue;
      await tx.contact.update({ where: { id: contact.id }, data: { duplicateOfId, reasons } });
      changed += 1;
    }
  }
  return changed;
}
