/**
 * A deterministic mix of contacts for the contacts-page tests: every segment,
 * reason combinations, sources, NULL and tied decision times (ties test the
 * id tie-break of the keyset), names in several cases; plus another shop's
 * contacts that must never show up.
 */
import type { Database } from "../../app/db.server";

export const SHOP = "demo-coffee.myshopify.com";
export const OTHER_SHOP = "other-shop.myshopify.com";

export interface SeedContact {
  id: string;
  shop: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phoneE164: string | null;
  segment: string;
  reasons: string;
  evidenceSourceKind: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

const FIRST = ["Ana", "ana", "Bruno", "Carla", "Dmitri", null];
const LAST = ["García", "Garcia", "López", "Smith", "gómez", null];
const PROFILES = [
  { segment: "whatsapp_substantiated", reasons: "", source: "storefront_block" },
  { segment: "whatsapp_substantiated", reasons: "DUPLICATE", source: "checkout" },
  {
    segment: "whatsapp_unsubstantiated",
    reasons: "MISSING_CONSENT_TEXT;MISSING_SOURCE",
    source: "shopify_sync",
  },
  { segment: "whatsapp_unsubstantiated", reasons: "MISSING_TIMESTAMP", source: "import" },
  { segment: "sms_only", reasons: "NO_WHATSAPP_OPT_IN;SMS_ONLY", source: null },
  { segment: "email_only", reasons: "NO_WHATSAPP_OPT_IN;EMAIL_ONLY", source: null },
  { segment: "unclear", reasons: "NO_WHATSAPP_OPT_IN;TRANSACTIONAL_ONLY", source: null },
  { segment: "opted_out", reasons: "OPTED_OUT", source: "storefront_embed" },
];

export function seedContacts(count: number, shop: string, salt: number): SeedContact[] {
  const contacts: SeedContact[] = [];
  for (let index = 0; index < count; index++) {
    const n = index * 7919 + salt * 104729;
    const profile = PROFILES[n % PROFILES.length] as (typeof PROFILES)[number];
    // Few distinct times: many ties. A third have no decision time at all.
    const decidedAt = n % 3 === 0 ? null : new Date(Date.UTC(2026, 0, 1 + (n % 11), 12));
    contacts.push({
      id: `c${salt}-${String((n * 31) % 100_003).padStart(6, "0")}-${index}`,
      shop,
      firstName: FIRST[n % FIRST.length] ?? null,
      lastName: LAST[(n >> 3) % LAST.length] ?? null,
      email: n % 5 === 0 ? null : `user${index}@example.com`,
      phoneE164: n % 4 === 0 ? null : `+3461${String(1_000_000 + index).slice(1)}${salt}`,
      segment: profile.segment,
      reasons: profile.reasons,
      evidenceSourceKind: profile.source,
      decidedAt,
      createdAt: new Date(Date.UTC(2026, 1, 1 + (n % 5))),
    });
  }
  return contacts;
}

export async function insertContacts(db: Database, contacts: readonly SeedContact[]): Promise<void> {
  for (const shop of new Set(contacts.map((contact) => contact.shop)))
    await db.shop.upsert({
      where: { domain: shop },
      create: { domain: shop, brandName: "Demo Coffee" },
      update: {},
    });
  await db.contact.createMany({ data: contacts.map((contact) => ({ ...contact })) });
}
