/**
 * The one-click clean export: Group A streamed from the database a page at
 * a time (memory stays flat for a million contacts), each row with its
 * evidence, hashed as it is sent; the export is logged once it completes.
 *
 * A row shows only what its ledger event committed to: the wording whose
 * sha256 the event's hash covers (looked up by that sha256, its text hashed
 * again) and the phone sealed in the event's details. A contact whose row
 * would show anything else is left out (in doubt, out).
 */
import { GROUP_A_COLUMNS, type GroupARow, groupAValues } from "../consent/clean-export";
import { textSha256 } from "../consent/consent-text";
import { committedPhone } from "../consent/ledger";
import { findByKeys } from "../db/bulk-sql.server";
import type { Database } from "../db.server";
import type { Download } from "../download";
import type { CsvForm } from "./csv-form";
import { streamedCsv } from "./csv-stream.server";
import { EXPORT_PAGE } from "./export-batches";
import { exportFileName } from "./export-log.server";

/** Exportable = substantiated with no reason against it (not a duplicate, valid phone). */
const EXPORTABLE = { segment: "whatsapp_substantiated", reasons: "", redactedAt: null } as const;

const CONTACT_FIELDS = {
  id: true,
  phoneE164: true,
  phoneRaw: true,
  firstName: true,
  lastName: true,
  email: true,
  country: true,
  optInLevel: true,
  shopifyCustomerId: true,
  evidenceEventId: true,
} as const;

const EVIDENCE_COLUMNS = [
  "id",
  "contactId",
  "occurredAt",
  "captureMethod",
  "sourceKind",
  "sourceDetail",
  "consentTextSha256",
  "details",
  "detailsHash",
] as const;

/** The evidence columns a row needs, as the driver returns them. */
interface EvidenceRow {
  id: string;
  contactId: string;
  occurredAt: Date | null;
  captureMethod: string;
  sourceKind: string;
  sourceDetail: string;
  consentTextSha256: string | null;
  details: string | null;
  detailsHash: string;
}

export async function* groupARows(db: Database, shop: string): AsyncGenerator<GroupARow> {
  // A shop has a handful of wordings: each is read once, not joined into every event row.
  const texts = new Map<string, { text: string; sha256: string } | null>();
  const textOf = async (sha256: string | null) => {
    if (!sha256) return null;
    if (!texts.has(sha256)) {
      const found = await db.consentTextVersion.findUnique({
        where: { shop_sha256: { shop, sha256 } },
        select: { text: true, sha256: true },
      });
      // A wording whose text no longer hashes to its sha256 was changed after it was shown.
      texts.set(sha256, found && textSha256(found.text) === sha256 ? found : null);
    }
    return texts.get(sha256) ?? null;
  };
  let after = "";
  for (;;) {
    // Only the columns the file needs: most of the time per page goes into reading and mapping rows.
    const contacts = await db.contact.findMany({
      where: { shop, ...EXPORTABLE, id: { gt: after } },
      orderBy: { id: "asc" },
      take: EXPORT_PAGE,
      select: CONTACT_FIELDS,
    });
    if (contacts.length === 0) return;
    const evidenceIds = contacts
      .map((contact) => contact.evidenceEventId)
      .filter((id): id is string => id !== null);
    const events = new Map((await loadEvidence(db, shop, evidenceIds)).map((event) => [event.id, event]));
    for (const contact of contacts) {
      const event = contact.evidenceEventId ? events.get(contact.evidenceEventId) : undefined;
      // A contact whose evidence cannot be shown is not exported (it would be a claim without proof).
      if (!event?.occurredAt || event.contactId !== contact.id || !contact.phoneE164) continue;
      if (committedPhone(event) !== contact.phoneE164) continue;
      const text = await textOf(event.consentTextSha256);
      if (!text) continue;
      yield {
        phone_e164: contact.phoneE164,
        phone_raw: contact.phoneRaw ?? contact.phoneE164,
        first_name: contact.firstName ?? "",
        last_name: contact.lastName ?? "",
        email: contact.email ?? "",
        country: contact.country ?? "",
        opt_in_at: event.occurredAt.toISOString(),
        opt_in_method: event.captureMethod,
        opt_in_source: event.sourceDetail ? `${event.sourceKind}: ${event.sourceDetail}` : event.sourceKind,
        opt_in_level: contact.optInLevel ?? "single",
        consent_text: text.text,
        consent_text_sha256: text.sha256,
        shopify_customer_id: contact.shopifyCustomerId ?? "",
        evidence_id: event.id,
      };
    }
    after = contacts[contacts.length - 1]?.id ?? after;
  }
}

/** One statement of one (JSON) parameter per page, whatever the database's parameter limit. */
async function loadEvidence(db: Database, shop: string, ids: string[]): Promise<EvidenceRow[]> {
  const rows = await findByKeys<EvidenceRow & { occurredAt: Date | string | null }>(
    db,
    "ConsentEvent",
    shop,
    "id",
    ids,
    EVIDENCE_COLUMNS,
  );
  return rows.map((row) => ({
    ...row,
    occurredAt: row.occurredAt === null ? null : new Date(row.occurredAt),
  }));
}

export interface GroupAOptions {
  includeNames: boolean;
}

export function groupAOptionsLabel(options: GroupAOptions): string {
  return options.includeNames ? "with_names" : "without_names";
}

/** Group A rows as CSV values, names and emails left empty when asked. */
export async function* groupAValueRows(
  db: Database,
  shop: string,
  options: GroupAOptions,
): AsyncGenerator<string[]> {
  for await (const row of groupARows(db, shop)) yield groupAValues(row, options);
}

export function groupAExport(
  db: Database,
  shop: string,
  options: GroupAOptions & { requestedBy: string; form?: CsvForm },
): Download {
  return streamedCsv(db, {
    header: GROUP_A_COLUMNS,
    rows: groupAValueRows(db, shop, options),
    fileName: exportFileName(shop, "group-a", "csv"),
    log: { shop, kind: "group_a", requestedBy: options.requestedBy, options: groupAOptionsLabel(options) },
    form: options.form,
  });
}
