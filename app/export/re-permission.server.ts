/**
 * The re-permission list: contacts who need to give a WhatsApp-specific
 * opt-in before they can be messaged there: those who agreed to SMS or email
 * marketing but never to WhatsApp, and those marked as WhatsApp opted-in
 * somewhere (Shopify, an imported list) without the proof Group A needs.
 * A campaign asks them through a channel they did agree to (SMS or email). Streamed a page
 * at a time (see export-batches.ts for the bounds).
 *
 * Anyone whose phone or email also belongs to a Group A contact (already
 * opted in) or an opted-out contact (said stop) is left out: asking them
 * again would be pointless or unwelcome.
 */
import { findByKeys } from "../db/bulk-sql.server";
import type { Database } from "../db.server";
import type { Download } from "../download";
import type { CsvForm } from "./csv-form";
import { streamedCsv } from "./csv-stream.server";
import { EXPORT_PAGE } from "./export-batches";
import { exportFileName } from "./export-log.server";

export const RE_PERMISSION_SEGMENTS = ["sms_only", "email_only", "whatsapp_unsubstantiated"] as const;

/** Shopify's consent state of a subscribed customer (SMS and email alike). */
const SUBSCRIBED = "SUBSCRIBED";

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

interface SettledRow {
  segment: string;
  reasons: string;
  redactedAt: Date | null;
}

/** Opted out (said stop), or in Group A (already opted in): never asked again from this list. */
const isSettled = (row: SettledRow) =>
  row.segment === "opted_out" ||
  (row.segment === "whatsapp_substantiated" && row.reasons === "" && row.redactedAt === null);

/** The values of `key` that a settled contact of the shop holds, among `values` (one JSON parameter). */
async function settledValues(db: Database, shop: string, key: "phoneE164" | "email", values: string[]) {
  const rows = await findByKeys<SettledRow & Record<typeof key, string | null>>(
    db,
    "Contact",
    shop,
    key,
    values,
  );
  return new Set(rows.filter(isSettled).map((row) => row[key]));
}

/** The columns a row of the file needs. */
const CONTACT_FIELDS = {
  id: true,
  segment: true,
  reasons: true,
  phoneE164: true,
  email: true,
  firstName: true,
  lastName: true,
  country: true,
  shopifyCustomerId: true,
  shopifySmsState: true,
  shopifyEmailState: true,
} as const;

type ContactRow = Awaited<ReturnType<typeof contactPage>>[number];

function contactPage(db: Database, shop: string, segment: string, after: string) {
  return db.contact.findMany({
    where: { shop, segment, redactedAt: null, id: { gt: after } },
    orderBy: { id: "asc" },
    take: EXPORT_PAGE,
    select: CONTACT_FIELDS,
  });
}

/**
 * The channels a contact may be asked on: the ones their consent covers.
 * SMS-only and email-only contacts carry it in their reasons. A contact with
 * an unproven WhatsApp opt-in is asked on the SMS or email Shopify says they
 * subscribed to; never on WhatsApp itself, whose consent is the doubtful one
 * (in doubt, out), so one with neither has nowhere to be asked and is left out.
 */
function askVia(contact: ContactRow): { sms: boolean; email: boolean } {
  if (contact.segment === "whatsapp_unsubstantiated") {
    return {
      sms: contact.shopifySmsState === SUBSCRIBED && contact.phoneE164 !== null,
      email: contact.shopifyEmailState === SUBSCRIBED && contact.email !== null,
    };
  }
  const reasons = contact.reasons.split(";");
  return { sms: reasons.includes("SMS_ONLY"), email: reasons.includes("EMAIL_ONLY") };
}

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
    const contacts = await contactPage(db, shop, segment, after);
    if (contacts.length === 0) return;
    const phones = contacts.flatMap((contact) => (contact.phoneE164 ? [contact.phoneE164] : []));
    const emails = contacts.flatMap((contact) => (contact.email ? [contact.email] : []));
    // Two indexed lookups per page ([shop, phoneE164] and [shop, email]), each of one parameter.
    const settledPhones = await settledValues(db, shop, "phoneE164", phones);
    const settledEmails = await settledValues(db, shop, "email", emails);
    for (const contact of contacts) {
      if (contact.phoneE164 && settledPhones.has(contact.phoneE164)) continue;
      if (contact.email && settledEmails.has(contact.email)) continue;
      const via = askVia(contact);
      if (!via.sms && !via.email) continue;
      yield {
        ask_via: [via.sms ? "sms" : "", via.email ? "email" : ""].filter(Boolean).join(";"),
        // Only the addresses they agreed to be contacted on: the campaign must not use the others.
        phone_e164: via.sms ? (contact.phoneE164 ?? "") : "",
        email: via.email ? (contact.email ?? "") : "",
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

export function rePermissionExport(
  db: Database,
  shop: string,
  requestedBy: string,
  choice: { segments?: readonly RePermissionSegment[]; form?: CsvForm } = {},
): Download {
  return streamedCsv(db, {
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
  return {
    smsOnly: count("sms_only"),
    emailOnly: count("email_only"),
    whatsappUnproven: count("whatsapp_unsubstantiated"),
  };
}
