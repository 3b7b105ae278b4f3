/**
 * Consent text versions: the exact words shown to shoppers, stored once per
 * shop and wording, with where and when each was seen.
 */
import { analyzeConsentText, normalizeConsentText, textSha256 } from "../consent/consent-text";
import { MAX_CONSENT_TEXT_LENGTH } from "../consent/text-limits";
import { localeLanguage, parseWordingSlot, wordingSlot } from "../consent/wording-slot";
import type { Database } from "../db.server";
import type { Transaction } from "./consent-events.server";

/** A place as sightings store it: without its query string, which may carry personal data. */
export function sightingPlace(location: string): string {
  return location.split("?")[0]?.slice(0, 500) ?? "";
}

/** Records that a stored wording was seen at a place: the wording's last sighting, the place's first and last. */
export async function recordTextSighting(
  tx: Transaction,
  textId: string,
  sourceKind: string,
  location: string,
  now = new Date(),
) {
  const where = sightingPlace(location);
  await tx.consentTextVersion.update({ where: { id: textId }, data: { lastSeenAt: now } });
  await tx.consentTextPlacement.upsert({
    where: { textId_sourceKind_location: { textId, sourceKind, location: where } },
    create: { textId, sourceKind, location: where, firstSeenAt: now, lastSeenAt: now },
    update: { lastSeenAt: now },
  });
}

export type TextPlacement = "storefront" | "checkout";

export type SetTextResult =
  | { ok: true; versionId: string }
  | { ok: false; problems: { code: string; message: string }[] };

/**
 * Makes `text` the wording shown at a placement. Wording that does not name
 * WhatsApp and the shop's brand (or otherwise fails the analyzer: no
 * marketing purpose, bundled with terms, order messages only) is refused
 * and nothing is stored: the shop could never prove consent collected with
 * it. A shop with no brand name set cannot pass the brand check, so it is
 * refused too. The switch happens in one transaction, so a placement never
 * ends up with no text or two.
 */
export async function setConsentTextInUse(
  db: Database,
  shop: string,
  placement: TextPlacement,
  text: string,
  locale?: string | null,
): Promise<SetTextResult> {
  const wording = normalizeConsentText(text);
  if (wording.length > MAX_CONSENT_TEXT_LENGTH) {
    return {
      ok: false,
      problems: [{ code: "TOO_LONG", message: `Keep the text under ${MAX_CONSENT_TEXT_LENGTH} characters.` }],
    };
  }
  const settings = await db.shop.findUnique({ where: { domain: shop } });
  const analysis = analyzeConsentText(wording, settings?.brandName ?? "");
  const problems = analysis.findings.filter((finding) => finding.severity === "error");
  if (problems.length > 0)
    return { ok: false, problems: problems.map(({ code, message }) => ({ code, message })) };
  // Wording for one language is judged in that language: words in another one would be
  // shown to shoppers who may not read them.
  if (locale && analysis.language !== localeLanguage(locale)) {
    return {
      ok: false,
      problems: [
        {
          code: "WRONG_LANGUAGE",
          message: "This wording is not in the language it is saved for. Write it in that language.",
        },
      ],
    };
  }
  const slot = wordingSlot(placement, locale);
  const versionId = await db.$transaction((tx) =>
    switchTextInUse(tx, shop, slot, wording, analysis.language),
  );
  return { ok: true, versionId };
}

async function switchTextInUse(
  tx: Transaction,
  shop: string,
  placement: string,
  text: string,
  language: string | null,
): Promise<string> {
  const sha256 = textSha256(text);
  const now = new Date();
  await tx.shop.upsert({ where: { domain: shop }, create: { domain: shop }, update: {} });
  const version = await tx.consentTextVersion.upsert({
    where: { shop_sha256: { shop, sha256 } },
    create: { shop, sha256, text, language, firstSeenAt: now, lastSeenAt: now },
    update: { lastSeenAt: now },
  });
  // The admin placement ("storefront", "checkout", "storefront:es") records when the wording last became the one
  // shown there. Saving the wording already in use changes nothing: the grace period of the
  // wording it replaced (wordingAccepted) runs from the switch, not from the last save.
  if (!version.inUseAt.split(",").includes(placement))
    await recordTextSighting(tx, version.id, placement, "", now);
  const current = await tx.consentTextVersion.findMany({ where: { shop, inUseAt: { contains: placement } } });
  for (const other of current) {
    if (other.id === version.id) continue;
    const places = other.inUseAt.split(",").filter((place) => place && place !== placement);
    await tx.consentTextVersion.update({ where: { id: other.id }, data: { inUseAt: places.join(",") } });
  }
  const places = new Set(version.inUseAt.split(",").filter(Boolean));
  places.add(placement);
  await tx.consentTextVersion.update({
    where: { id: version.id },
    data: { inUseAt: [...places].sort().join(",") },
  });
  return version.id;
}

/**
 * How long the wording a placement showed before the current one is still
 * accepted: a shopper may submit a page loaded before the merchant saved new
 * wording (docs/decisions/013-wording-source.md).
 */
export const WORDING_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * Whether an opt-in citing `version` is accepted at `placement` at `now`:
 * the wording shown there now in any language, or one a slot of the placement
 * showed just before, for WORDING_GRACE_MS after the switch. Only the one just
 * before: after two quick changes the oldest wording is refused (in doubt, out).
 */
export async function wordingAccepted(
  db: Database | Transaction,
  version: { id: string; shop: string; inUseAt: string },
  placement: TextPlacement,
  now = new Date(),
): Promise<boolean> {
  const slots = version.inUseAt.split(",").filter(Boolean);
  if (slots.some((slot) => parseWordingSlot(slot).placement === placement)) return true;
  const replacedAt = await db.consentTextPlacement.findMany({
    where: { textId: version.id, location: "" },
    select: { sourceKind: true },
  });
  for (const { sourceKind } of replacedAt) {
    if (parseWordingSlot(sourceKind).placement !== placement) continue;
    if (await justReplaced(db, version, sourceKind, now)) return true;
  }
  return false;
}

async function justReplaced(
  db: Database | Transaction,
  version: { id: string; shop: string },
  slot: string,
  now: Date,
): Promise<boolean> {
  const switches = await db.consentTextPlacement.findMany({
    where: { sourceKind: slot, location: "", text: { shop: version.shop } },
    include: { text: { select: { inUseAt: true } } },
    orderBy: { lastSeenAt: "desc" },
    take: 3,
  });
  const current = switches.find((row) => row.text.inUseAt.split(",").includes(slot));
  if (!current) return false;
  const before = switches.find((row) => row !== current && row.lastSeenAt <= current.lastSeenAt);
  const sinceSwitch = now.getTime() - current.lastSeenAt.getTime();
  return before?.textId === version.id && sinceSwitch >= 0 && sinceSwitch <= WORDING_GRACE_MS;
}
