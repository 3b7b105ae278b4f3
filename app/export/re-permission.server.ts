/**
 * The re-permission list: contacts who agreed to SMS or email marketing but
 * never to WhatsApp, for a campaign that asks them for WhatsApp consent
 * through the channel they did agree to. Streamed a page at a time.
 *
 * Anyone whose phone or email also belongs to a Group A contact (already
 * opted in) or an opted-out contact (said stop) is left out: asking them
 * again would be pointless or unwelcome.
 */
import type { Database } from "../db.server";
import type { CsvForm } from "./csv-form";
import { streamedCsvResponse } from "./csv-stream.server";
import { exportFileName } from "./export-log.server";

const PAGE = 2000;

export const RE_PERMISSION_SEGMENTS = ["sms_only", "email_only"] as const;

export const RE_PERMISSION_COLUMNS = [
  "ask_via",
  "phone_e164",
  "email",
  "first_name",
  "last_name",
  "country",
  "shopify_customer_id",
  "shopify_sms_state",
  "shopify_email_state",
  "reasons",
] as const;

export type RePermissionRow = Record<(typeof RE_PERMISSION_COLUMNS)[number], string>;

/** Segments whose phone or email must never be asked again from this list. */
const SETTLED = { OR: [{ segment: "opted_out" }, { segment: "whatsapp_substantiated", reasons: "" }] };

export type RePermissionSegment = (typeof RE_PERMISSION_SEGMENTS)[number];

export async function* rePermissionRows(
  db: Database,
  shop: string,
  segments: readonly RePermissionSegment[] = RE_PERMISSION_SEGMENTS,
): AsyncGenerator<RePermissionRow> {
  // One segment at a time: each page is then a single range of the (shop, segment, id) index.
  for (const segment of segments) yield* segmentRows(db, shop, segment);
}

async function* segmentRows(db: Database, shop: string, segment: string): AsyncGenerator<RePermissionRow> {
  let after = "";
  for (;;) {
    const contacts = await db.contact.findMany({
      where: { shop, segment, redactedAt: null, id: { gt: after } },
      orderBy: { id: "asc" },
      take: PAGE,
    });
    if (contacts.length === 0) return;
    const phones = contacts.flatMap((contact) => (contact.phoneE164 ? [contact.phoneE164] : []));
    const emails = contacts.flatMap((contact) => (contact.email ? [contact.email] : []));
    // Two indexed lookups per page ([shop, phoneE164] and [shop, email]).
    const settled = await db.contact.findMany({
      where: {
        shop,
        AND: [SETTLED, { OR: [{ phoneE164: { in: phones } }, { email: { in: emails } }] }],
      },
      select: { phoneE164: true, email: true, segment: true, reasons: true },
    });
    const settledPhones = new Set(settled.map((contact) => contact.phoneE164).filter(Boolean));
    const settledEmails = new Set(settled.map((contact) => contact.email).filter(Boolean));
    for (const contact of contacts) {
      if (contact.phoneE164 && settledPhones.has(contact.phoneE164)) continue;
      if (contact.email && settledEmails.has(contact.email)) continue;
      const reasons = contact.reasons.split(";");
      const viaSms = reasons.includes("SMS_ONLY");
      const viaEmail = reasons.includes("EMAIL_ONLY");
      yield {
        ask_via: [viaSms ? "sms" : "", viaEmail ? "email" : ""].filter(Boolean).join(";"),
        // Only the addresses they agreed to be contacted on: the campaign must not use the others.
        phone_e164: viaSms ? (contact.phoneE164 ?? "") : "",
        email: viaEmail ? (contact.email ?? "") : "",
        first_name: contact.firstName ?? "",
        last_name: contact.lastName ?? "",
        country: contact.country ?? "",
        shopify_customer_id: contact.shopifyCustomerId ?? "",
        shopify_sms_state: contact.shopifySmsState ?? "",
        shopify_email_state: contact.shopifyEmailState ?? "",
        reasons: contact.reasons,
      };
    }
    after = contacts[contacts.length - 1]?.id ?? after;
  }
}

async function* rePermissionValueRows(
  db: Database,
  shop: string,
  segments?: readonly RePermissionSegment[],
): AsyncGenerator<string[]> {
  for await (const row of rePermissionRows(db, shop, segments))
    yield RE_PERMISSION_COLUMNS.map((column) => row[column]);
}

export function rePermissionExportResponse(
  db: Database,
  shop: string,
  requestedBy: string,
  choice: { segments?: readonly RePermissionSegment[]; form?: CsvForm } = {},
): Response {
  return streamedCsvResponse(db, {
    header: RE_PERMISSION_COLUMNS,
    rows: rePermissionValueRows(db, shop, choice.segments),
    fileName: exportFileName(shop, "re-permission", "csv"),
    log: { shop, kind: "re_permission", requestedBy, options: choice.segments?.join(",") },
    form: choice.form,
  });
}

/** How many contacts each re-permission segment holds (before the settled ones are left out). */
export async function rePermissionCounts(db: Database, shop: string) {
  const groups = await db.contact.groupBy({
    by: ["segment"],
    where: { shop, segment: { in: [...RE_PERMISSION_SEGMENTS] }, redactedAt: null },
    _count: { _all: true },
  });
  const count = (segment: string) => groups.find((group) => group.segment === segment)?._count._all ?? 0;
  return { smsOnly: count("sms_only"), emailOnly: count("email_only") };
}
