/**
 * The one-click clean export: Group A streamed from the database a page at
 * a time (memory stays flat for a million contacts), each row with its
 * evidence, hashed as it is sent; the export is logged once it completes.
 */
import { GROUP_A_COLUMNS, type GroupARow, groupAValues } from "../consent/clean-export";
import { textSha256 } from "../consent/consent-text";
import type { Database } from "../db.server";
import { streamedCsvResponse } from "./csv-stream.server";
import { exportFileName } from "./export-log.server";

const PAGE = 2000;

/** Exportable = substantiated with no reason against it (not a duplicate, valid phone). */
const EXPORTABLE = { segment: "whatsapp_substantiated", reasons: "", redactedAt: null } as const;

export async function* groupARows(db: Database, shop: string): AsyncGenerator<GroupARow> {
  let after = "";
  for (;;) {
    const contacts = await db.contact.findMany({
      where: { shop, ...EXPORTABLE, id: { gt: after } },
      orderBy: { id: "asc" },
      take: PAGE,
    });
    if (contacts.length === 0) return;
    const evidenceIds = contacts
      .map((contact) => contact.evidenceEventId)
      .filter((id): id is string => id !== null);
    const events = new Map(
      (
        await db.consentEvent.findMany({
          where: { shop, id: { in: evidenceIds } },
          include: { consentText: { select: { text: true, sha256: true } } },
        })
      ).map((event) => [event.id, event]),
    );
    for (const contact of contacts) {
      const event = contact.evidenceEventId ? events.get(contact.evidenceEventId) : undefined;
      // A contact whose evidence cannot be shown is not exported (it would be a claim without proof).
      if (!event?.occurredAt || !event.consentText || !contact.phoneE164) continue;
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
        consent_text: event.consentText.text,
        consent_text_sha256: event.consentText.sha256 || textSha256(event.consentText.text),
        shopify_customer_id: contact.shopifyCustomerId ?? "",
        evidence_id: event.id,
      };
    }
    after = contacts[contacts.length - 1]?.id ?? after;
  }
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

export function groupAExportResponse(
  db: Database,
  shop: string,
  options: GroupAOptions & { requestedBy: string },
): Response {
  return streamedCsvResponse(db, {
    header: GROUP_A_COLUMNS,
    rows: groupAValueRows(db, shop, options),
    fileName: exportFileName(shop, "group-a", "csv"),
    log: { shop, kind: "group_a", requestedBy: options.requestedBy, options: groupAOptionsLabel(options) },
  });
}
