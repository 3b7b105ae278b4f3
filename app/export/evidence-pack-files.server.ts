/**
 * The contents of the evidence pack, file by file, each produced as text
 * chunks from paged, shop-scoped queries (nothing holds a whole table).
 * Aggregates (per consent text, per capture source) are computed by the
 * database, not counted row by row here.
 */

import { GENESIS_HASH, type LedgerVerification, type LedgerWitness, signWitness } from "../consent/ledger";
import { parseWordingSlot } from "../consent/wording-slot";
import type { Database } from "../db.server";
import { csvChunks } from "./csv-stream.server";
import { describeSource, PACK_TEXT, sourceTitle } from "./evidence-pack-text";
import { markdownText, verbatimBlock } from "./markdown";

const PAGE = 2000;

const iso = (date: Date | null | undefined) => date?.toISOString() ?? "";

export async function* consentTextsMarkdown(db: Database, shop: string): AsyncGenerator<string> {
  const versions = await db.consentTextVersion.findMany({
    where: { shop },
    orderBy: { firstSeenAt: "asc" },
    include: { placements: { orderBy: { firstSeenAt: "asc" } } },
  });
  const usage = await db.consentEvent.groupBy({
    by: ["consentTextId", "action"],
    where: { shop, consentTextId: { not: null } },
    _count: { _all: true },
  });
  yield `# ${PACK_TEXT.consentTextsTitle}\n\n${PACK_TEXT.consentTextsIntro}\n\n`;
  if (versions.length === 0) yield `${PACK_TEXT.none}\n`;
  else yield wordingPerLanguage(versions);
  for (const [index, version] of versions.entries()) {
    const counts = usage.filter((group) => group.consentTextId === version.id);
    const events = counts.map((group) => `${group.action}: ${group._count._all}`).join(", ") || "0";
    let text = `## Version ${index + 1}\n\n${verbatimBlock(version.text)}\n`;
    text += `- sha256: \`${version.sha256}\`\n- language: ${markdownText(version.language ?? "unknown")}\n`;
    text += `- first seen: ${iso(version.firstSeenAt)}\n- last seen: ${iso(version.lastSeenAt)}\n`;
    const inUse = version.inUseAt.split(",").filter(Boolean).map(describeSlot).join(", ");
    text += `- in use now at: ${inUse || "nowhere (retired)"}\n- consent events citing it: ${events}\n\n`;
    text += "| where shown | location | first seen | last seen |\n|---|---|---|---|\n";
    for (const placement of version.placements) {
      const location = markdownText(placement.location) || "-";
      text += `| ${placement.sourceKind} | ${location} | ${iso(placement.firstSeenAt)} | ${iso(placement.lastSeenAt)} |\n`;
    }
    yield `${text}\n`;
  }
}

/** "storefront", or "storefront (locale es)" for wording saved for one language. */
function describeSlot(slot: string): string {
  const { placement, locale } = parseWordingSlot(slot);
  return locale ? `${placement} (locale ${markdownText(locale)})` : placement;
}

/** Which version each placement shows now, for the main wording and each language with its own. */
function wordingPerLanguage(versions: readonly { inUseAt: string }[]): string {
  const rows = new Map<string, { storefront: string; checkout: string }>();
  for (const [index, version] of versions.entries()) {
    for (const slot of version.inUseAt.split(",").filter(Boolean)) {
      const { placement, locale } = parseWordingSlot(slot);
      if (placement !== "storefront" && placement !== "checkout") continue;
      const key = locale ?? "";
      const row = rows.get(key) ?? { storefront: "-", checkout: "-" };
      row[placement] = `Version ${index + 1}`;
      rows.set(key, row);
    }
  }
  let text = `## ${PACK_TEXT.wordingPerLanguageTitle}\n\n${PACK_TEXT.wordingPerLanguageIntro}\n\n`;
  text += "| locale | storefront | checkout |\n|---|---|---|\n";
  for (const [locale, row] of [...rows].sort(([a], [b]) => a.localeCompare(b)))
    text += `| ${locale ? markdownText(locale) : PACK_TEXT.mainWording} | ${row.storefront} | ${row.checkout} |\n`;
  return `${text}\n`;
}

export interface SourcePage {
  sourceKind: string;
  fileName: string;
  chunks: () => AsyncGenerator<string>;
}

/** One Markdown page per capture source found in the ledger. */
export async function captureSourcePages(db: Database, shop: string): Promise<SourcePage[]> {
  const groups = await db.consentEvent.groupBy({
    by: ["sourceKind", "captureMethod", "channel", "action"],
    where: { shop },
    _count: { _all: true },
    _min: { occurredAt: true, recordedAt: true },
    _max: { occurredAt: true, recordedAt: true },
    orderBy: [{ sourceKind: "asc" }, { captureMethod: "asc" }, { channel: "asc" }, { action: "asc" }],
  });
  const kinds = [...new Set(groups.map((group) => group.sourceKind))];
  return kinds.map((sourceKind) => ({
    sourceKind,
    fileName: `capture-sources/${sourceKind.replace(/[^a-z0-9_-]/gi, "_")}.md`,
    chunks: async function* () {
      const own = groups.filter((group) => group.sourceKind === sourceKind);
      const first = own.map((group) => group._min.recordedAt).sort((a, b) => Number(a) - Number(b))[0];
      const last = own.map((group) => group._max.recordedAt).sort((a, b) => Number(b) - Number(a))[0];
      const total = own.reduce((sum, group) => sum + group._count._all, 0);
      let text = `# ${PACK_TEXT.sourceTitle}: ${sourceTitle(sourceKind)}\n\n${describeSource(sourceKind)}\n\n`;
      text += `- ${PACK_TEXT.mechanism}: ${[...new Set(own.map((group) => group.captureMethod))].join(", ")}\n`;
      text += `- ${PACK_TEXT.firstSeen}: ${iso(first)}\n- ${PACK_TEXT.lastSeen}: ${iso(last)}\n`;
      text += `- ${PACK_TEXT.eventCount}: ${total}\n\n`;
      text += "| method | channel | action | events | first consent time | last consent time |\n";
      text += "|---|---|---|---|---|---|\n";
      for (const group of own) {
        text += `| ${group.captureMethod} | ${group.channel} | ${group.action} | ${group._count._all} | ${iso(group._min.occurredAt)} | ${iso(group._max.occurredAt)} |\n`;
      }
      yield `${text}\n`;
      yield* placementsOf(db, shop, sourceKind);
    },
  }));
}

async function* placementsOf(db: Database, shop: string, sourceKind: string): AsyncGenerator<string> {
  const placements = await db.consentTextPlacement.findMany({
    where: { sourceKind, text: { shop } },
    orderBy: { firstSeenAt: "asc" },
    include: { text: { select: { sha256: true } } },
    take: 1000,
  });
  if (placements.length === 0) return;
  let text = `## ${PACK_TEXT.placementsTitle}\n\n| location | consent text sha256 | first seen | last seen |\n|---|---|---|---|\n`;
  for (const placement of placements) {
    const location = markdownText(placement.location) || "-";
    text += `| ${location} | \`${placement.text.sha256}\` | ${iso(placement.firstSeenAt)} | ${iso(placement.lastSeenAt)} |\n`;
  }
  yield text;
}

export const DOUBLE_OPT_IN_CODE_COLUMNS = ["code", "contact_id", "opt_in_event_id", "issued_at", "used_at"];

async function* codeRows(db: Database, shop: string): AsyncGenerator<string[]> {
  let after = "";
  for (;;) {
    const codes = await db.doubleOptInCode.findMany({
      where: { shop, code: { gt: after } },
      orderBy: { code: "asc" },
      take: PAGE,
    });
    for (const code of codes) {
      yield [code.code, code.contactId, code.eventId, iso(code.createdAt), iso(code.usedAt)];
    }
    if (codes.length < PAGE) return;
    after = codes[codes.length - 1]?.code ?? after;
  }
}

export function doubleOptInCodesCsv(db: Database, shop: string) {
  return csvChunks(DOUBLE_OPT_IN_CODE_COLUMNS, codeRows(db, shop), { rows: 0 });
}

export const CONFIRMATION_COLUMNS = [
  "event_id",
  "seq",
  "contact_id",
  "occurred_at",
  "recorded_at",
  "source_kind",
  "source_detail",
  "capture_method",
  "opt_in_level",
  "event_hash",
];

/** The ledger's `confirm` events, in chain order (paged on the unique (shop, seq) key). */
async function* confirmationRows(db: Database, shop: string): AsyncGenerator<string[]> {
  let afterSeq = 0;
  for (;;) {
    const events = await db.consentEvent.findMany({
      where: { shop, action: "confirm", seq: { gt: afterSeq } },
      orderBy: { seq: "asc" },
      take: PAGE,
    });
    for (const event of events) {
      yield [
        event.id,
        String(event.seq),
        event.contactId,
        iso(event.occurredAt),
        iso(event.recordedAt),
        event.sourceKind,
        event.sourceDetail,
        event.captureMethod,
        event.optInLevel ?? "",
        event.hash,
      ];
    }
    if (events.length < PAGE) return;
    afterSeq = events[events.length - 1]?.seq ?? afterSeq;
  }
}

export function confirmationsCsv(db: Database, shop: string) {
  return csvChunks(CONFIRMATION_COLUMNS, confirmationRows(db, shop), { rows: 0 });
}

export interface LedgerReport extends LedgerVerification {
  shop: string;
  verifiedAt: string;
  /** The head the shop row stores: a chain cut short at its end would no longer match it. */
  storedHead: string;
  storedEventCount: number;
  headMatchesStored: boolean;
  /**
   * The verified head, signed with the app's secret: kept outside the
   * database, it lets `wa-consent verify-ledger --witness` detect newest
   * events deleted later. Null when no secret is configured (scripts).
   */
  witness: LedgerWitness | null;
}

export function ledgerReport(
  shop: string,
  verification: LedgerVerification,
  stored: { ledgerHead: string; ledgerSeq: number } | null,
  witnessKey: string | undefined,
): LedgerReport {
  const storedHead = stored && stored.ledgerSeq > 0 ? stored.ledgerHead : GENESIS_HASH;
  const storedEventCount = stored?.ledgerSeq ?? 0;
  const verifiedAt = new Date();
  return {
    shop,
    verifiedAt: verifiedAt.toISOString(),
    ...verification,
    storedHead,
    storedEventCount,
    headMatchesStored: storedHead === verification.head && storedEventCount === verification.eventCount,
    witness: witnessKey
      ? signWitness(witnessKey, {
          shop,
          seq: verification.eventCount,
          head: verification.head,
          signedAt: verifiedAt,
        })
      : null,
  };
}
