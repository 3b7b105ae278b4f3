/**
 * Consent text versions: the exact words shown to shoppers, stored once per
 * shop and wording, with where and when each was seen.
 */
import { analyzeConsentText, normalizeConsentText, textSha256 } from "../consent/consent-text";
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

export type TextPlacement = "storefront" | "checkout";

export type SetTextResult =
  | { ok: true; versionId: string }
  | { ok: false; problems: { code: string; message: string }[] };

/**
 * Makes `text` the wording shown at a placement. Wording that does not name
 * WhatsApp and the brand (or otherwise fails the analyzer) is refused: the
 * shop could never prove consent collected with it.
 */
export async function setConsentTextInUse(
  db: Database,
  shop: string,
  placement: TextPlacement,
  text: string,
): Promise<SetTextResult> {
  const settings = await db.shop.findUnique({ where: { domain: shop } });
  const analysis = analyzeConsentText(text, settings?.brandName ?? "");
  const problems = analysis.findings.filter((finding) => finding.severity === "error");
  if (problems.length > 0)
    return { ok: false, problems: problems.map(({ code, message }) => ({ code, message })) };
  const version = await recordConsentTextSighting(db, {
    shop,
    text,
    language: analysis.language,
    sourceKind: placement,
  });
  const current = await db.consentTextVersion.findMany({ where: { shop, inUseAt: { contains: placement } } });
  for (const other of current) {
    const places = other.inUseAt.split(",").filter((place) => place && place !== placement);
    await db.consentTextVersion.update({ where: { id: other.id }, data: { inUseAt: places.join(",") } });
  }
  const fresh = await db.consentTextVersion.findUniqueOrThrow({ where: { id: version.id } });
  const places = new Set(fresh.inUseAt.split(",").filter(Boolean));
  places.add(placement);
  await db.consentTextVersion.update({
    where: { id: version.id },
    data: { inUseAt: [...places].sort().join(",") },
  });
  return { ok: true, versionId: version.id };
}
