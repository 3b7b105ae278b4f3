/**
 * Consent text versions: the exact words shown to shoppers, stored once per
 * shop and wording, with where and when each was seen.
 */
import { normalizeConsentText, textSha256 } from "../consent/consent-text";
import type { Database } from "../db.server";

export interface TextSighting {
  shop: string;
  text: string;
  language?: string | null;
  sourceKind: string;
  /** Block id, form id, page or checkout target. */
  location?: string;
  seenAt?: Date;
}

export async function recordConsentTextSighting(db: Database, sighting: TextSighting) {
  const text = normalizeConsentText(sighting.text);
  const sha256 = textSha256(text);
  const seenAt = sighting.seenAt ?? new Date();
  await db.shop.upsert({ where: { domain: sighting.shop }, create: { domain: sighting.shop }, update: {} });
  const version = await db.consentTextVersion.upsert({
    where: { shop_sha256: { shop: sighting.shop, sha256 } },
    create: {
      shop: sighting.shop,
      sha256,
      text,
      language: sighting.language ?? null,
      firstSeenAt: seenAt,
      lastSeenAt: seenAt,
    },
    update: { lastSeenAt: seenAt },
  });
  const location = sighting.location ?? "";
  await db.consentTextPlacement.upsert({
    where: { textId_sourceKind_location: { textId: version.id, sourceKind: sighting.sourceKind, location } },
    create: {
      textId: version.id,
      sourceKind: sighting.sourceKind,
      location,
      firstSeenAt: seenAt,
      lastSeenAt: seenAt,
    },
    update: { lastSeenAt: seenAt },
  });
  return version;
}

export function findConsentText(db: Database, shop: string, text: string) {
  return db.consentTextVersion.findUnique({ where: { shop_sha256: { shop, sha256: textSha256(text) } } });
}
