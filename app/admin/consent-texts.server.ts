/**
 * The consent texts page: every wording the shop has used, where and when it
 * was shown, how many contacts agreed to it, the analyzer's verdict, and
 * which wording the storefront and checkout use now. Saving goes through
 * setConsentTextInUse, which refuses wording that cannot prove consent.
 */
import { analyzeConsentText, type TextFinding } from "../consent/consent-text";
import { localeLanguage, parseWordingSlot } from "../consent/wording-slot";
import type { Database } from "../db.server";
import { type SetTextResult, setConsentTextInUse } from "../ledger/consent-texts.server";
import type { StoreLocale } from "../shopify/shop-locales.server";
import { type ConsentTextFormInput, TEXT_LANGUAGES, TEXT_PLACEMENTS } from "./consent-text-form";
import { CONSENT_TEXTS_COPY } from "./strings/consent-texts";

export interface TextPlacementRow {
  sourceKind: string;
  location: string;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface ConsentTextRow {
  id: string;
  text: string;
  sha256: string;
  language: string | null;
  inUseAt: string[];
  firstSeenAt: string;
  lastSeenAt: string;
  contacts: number;
  placements: TextPlacementRow[];
  acceptable: boolean;
  findings: TextFinding[];
}

/** Distinct contacts with at least one event pointing at each text version (one SQL aggregate). */
export async function contactsPerText(db: Database, shop: string): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ textId: string; contacts: number | bigint }[]>`
    SELECT "consentTextId" AS "textId", COUNT(DISTINCT "contactId") AS "contacts"
    FROM "ConsentEvent"
    WHERE "shop" = ${shop} AND "consentTextId" IS NOT NULL
    GROUP BY "consentTextId"`;
  return new Map(rows.map((row) => [row.textId, Number(row.contacts)]));
}

/** `sellsIn`: the store's languages (shopLocales), null when not known. */
export async function consentTextsOverview(
  db: Database,
  shop: string,
  sellsIn: readonly StoreLocale[] | null = null,
) {
  const [settings, versions, contacts] = await Promise.all([
    db.shop.findUnique({ where: { domain: shop } }),
    db.consentTextVersion.findMany({
      where: { shop },
      include: { placements: { orderBy: { lastSeenAt: "desc" } } },
      orderBy: { lastSeenAt: "desc" },
    }),
    contactsPerText(db, shop),
  ]);
  const brandName = settings?.brandName ?? "";
  const texts: ConsentTextRow[] = versions.map((version) => {
    const analysis = analyzeConsentText(version.text, brandName);
    return {
      id: version.id,
      text: version.text,
      sha256: version.sha256,
      language: version.language,
      inUseAt: version.inUseAt.split(",").filter(Boolean),
      firstSeenAt: version.firstSeenAt.toISOString(),
      lastSeenAt: version.lastSeenAt.toISOString(),
      contacts: contacts.get(version.id) ?? 0,
      placements: version.placements.map((placement) => ({
        sourceKind: placement.sourceKind,
        location: placement.location,
        firstSeenAt: placement.firstSeenAt.toISOString(),
        lastSeenAt: placement.lastSeenAt.toISOString(),
      })),
      acceptable: analysis.acceptable,
      findings: analysis.findings,
    };
  });
  const inUse = (placement: string) => texts.find((text) => text.inUseAt.includes(placement))?.text ?? "";
  const languages = languageWording(texts);
  return {
    brandName,
    texts,
    inUse: { storefront: inUse("storefront"), checkout: inUse("checkout") },
    languages,
    languageNotices: [
      ...unworded(sellsIn, languages),
      ...languageNotices(languages, inUse("storefront") !== "" || inUse("checkout") !== ""),
    ],
  };
}

/**
 * The store's languages (other than its primary one, which shows the main wording) whose
 * shoppers see the main wording because no wording was saved for them.
 */
function unworded(sellsIn: readonly StoreLocale[] | null, languages: readonly LanguageWording[]): string[] {
  const copy = CONSENT_TEXTS_COPY.languages;
  const worded = new Set(languages.map((row) => row.language));
  return (sellsIn ?? [])
    .filter((locale) => !locale.primary)
    .flatMap((locale) => {
      const language = localeLanguage(locale.locale);
      if (!(TEXT_LANGUAGES as readonly string[]).includes(language)) return [copy.unreadable(locale.name)];
      return worded.has(language) ? [] : [copy.noWording(locale.name)];
    });
}

const languageName = (code: string) => CONSENT_TEXTS_COPY.languageNames[code] ?? code;

/**
 * What the merchant should know about languages: each placement a language with wording
 * of its own lacks (its shoppers see the main wording there), and no main wording at all.
 */
function languageNotices(languages: readonly LanguageWording[], hasMain: boolean): string[] {
  const copy = CONSENT_TEXTS_COPY.languages;
  const gaps = languages.flatMap((row) =>
    TEXT_PLACEMENTS.filter((placement) => row[placement] === "").map((placement) =>
      copy.missing(languageName(row.language), copy.placements[placement]),
    ),
  );
  return languages.length > 0 && !hasMain ? [copy.mainMissing, ...gaps] : gaps;
}

export interface LanguageWording {
  language: string;
  storefront: string;
  checkout: string;
}

/** The wording saved for each language, one row per language that has any. */
function languageWording(texts: readonly ConsentTextRow[]): LanguageWording[] {
  const rows = new Map<string, LanguageWording>();
  for (const text of texts) {
    for (const slot of text.inUseAt) {
      const { placement, locale } = parseWordingSlot(slot);
      if (!locale || (placement !== "storefront" && placement !== "checkout")) continue;
      const row = rows.get(locale) ?? { language: locale, storefront: "", checkout: "" };
      row[placement] = text.text;
      rows.set(locale, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.language.localeCompare(b.language));
}

export type SaveResult = { ok: true } | Extract<SetTextResult, { ok: false }>;

/**
 * Applies one validated form. The brand name may only be set while the shop
 * has none: changing it later would silently change which stored texts pass.
 */
export async function saveConsentTextForm(
  db: Database,
  shop: string,
  form: ConsentTextFormInput,
): Promise<SaveResult> {
  if (form.intent === "text") {
    const result = await setConsentTextInUse(db, shop, form.placement, form.text, form.locale);
    return result.ok ? { ok: true } : result;
  }
  const updated = await db.shop.updateMany({
    where: { domain: shop, brandName: "" },
    data: { brandName: form.brandName },
  });
  if (updated.count === 0) {
    const exists = await db.shop.findUnique({ where: { domain: shop } });
    if (!exists) {
      await db.shop.create({ data: { domain: shop, brandName: form.brandName } });
      return { ok: true };
    }
    return {
      ok: false,
      problems: [{ code: "BRAND_ALREADY_SET", message: CONSENT_TEXTS_COPY.brand.alreadySet }],
    };
  }
  return { ok: true };
}
