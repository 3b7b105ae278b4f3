/**
 * Column mapping for `wa-consent check-list`: maps the header row of a
 * subscriber export from another provider onto the canonical fields below.
 * Pure: no I/O, standard library only. Value parsing lives in ./values.ts.
 *
 * What the exports look like (researched from public docs and from
 * third-party code that reads real exports; "assumed" = not confirmed)
 *
 * Shopify, Admin > Customers > Export (customers_export.csv)
 * - Confirmed (the same header in several independent importers/tests):
 *   Customer ID, First Name, Last Name, Email, Accepts Email Marketing,
 *   Default Address Company, Default Address Address1, Default Address Address2,
 *   Default Address City, Default Address Province Code, Default Address Country Code,
 *   Default Address Zip, Default Address Phone, Phone, Accepts SMS Marketing,
 *   Total Spent, Total Orders, Note, Tax Exempt, Tags.
 * - Recent exports append "Accepts WhatsApp Marketing" after Tags (seen in several
 *   2026 fixtures; Shopify added WhatsApp marketing consent to the Admin API in
 *   2026-07) and metafield columns named "Label (customer.metafields.ns.key)".
 * - Older exports and the import template: Company, Address1, Address2, City,
 *   Province, Province Code, Country, Country Code, Zip, Phone (no "Default Address").
 * - Values: consent columns are yes/no; Tax Exempt yes/no. Customer ID, phones
 *   and zips are written with a leading apostrophe ('7210448301122,
 *   '+61412000999, '2026) so spreadsheets keep them as text: cleanCell strips it.
 *   Phone is usually E.164; Default Address Phone is free text "(775) 555-0154".
 *   Country codes are ISO 3166-1 alpha-2. No consent timestamps, sources or texts.
 * - Priority: "Phone" (the customer's own, the one the consent flags refer to)
 *   before "Default Address Phone" (an address phone taken for delivery);
 *   "Default Address Country Code" before "Default Address Country".
 *
 * Klaviyo, list/segment export
 * - Confirmed headers (Klaviyo-shaped test fixtures and importers): Email, Klaviyo ID,
 *   First Name, Last Name, Organization, Title, Phone Number, Address, Address 2, City,
 *   State / Region, Country, Zip Code, Latitude, Longitude, Source, IP Address,
 *   Email Marketing Consent, Email Marketing Consent Timestamp, SMS Marketing Consent,
 *   SMS Marketing Consent Timestamp, Profile Created On, Date Added, Last Active,
 *   Email Suppressions. Country is a name ("United States"), not a code.
 * - Consent values SUBSCRIBED / UNSUBSCRIBED / NEVER_SUBSCRIBED (API docs: "a consent
 *   status of SUBSCRIBED, NEVER SUBSCRIBED, or UNSUBSCRIBED"). The import side spells
 *   them Subscribe / Unsubscribed / Never subscribed, with columns "SMS Marketing
 *   Consent", "SMS Transactional Consent" and "SMS Marketing Timestamp" (Klaviyo help).
 * - Klaviyo imports WhatsApp consent (help article "How to upload a list of WhatsApp
 *   contacts") and its API has per-channel WhatsApp consent + consent_timestamp, but
 *   the exact export header is not confirmed: "WhatsApp Marketing Consent" (+ "...
 *   Timestamp") is assumed by analogy. Consent text/source/method columns are custom
 *   profile properties a store must have tracked itself (assumed names).
 * - Dates: ISO 8601 and "2014-09-30 13:34:08[.ffffff][+00:00]", unix seconds; the CSV
 *   import also takes MM/DD/YYYY, which parseTimestamp reads only when told the order.
 *
 * Postscript, subscriber export (per segment)
 * - Confirmed (Klaviyo's migration guide + a third-party import script):
 *   phone_number, customer_id (Shopify customer id), subscriber_created_at_utc ("the
 *   SMS marketing consent timestamp"), last_keyword_subscribed_to,
 *   automation_and_campaign_texts_sent_count; unsubscribed exports add opt_out_time
 *   and opt_out_reason. Phones are E.164.
 * - Opt-in source values (Postscript help): "Desktop Popup", "Keyword (X)",
 *   "Keyword - Form (X)", "Klaviyo Form", "Manual Upload", "Shopify Checkout (Consent)".
 *   The source column's header is assumed ("source"), as are email/first_name/last_name.
 * - The file is an SMS list: there is no consent column; see PROVIDERS.listChannel.
 *
 * Attentive, subscriber export
 * - No self-serve export: the account team sends a CSV (Klaviyo's migration guide),
 *   which has an "opt_out" column. Attentive's data feeds name fields
 *   subscriber_phone, subscriber_email, subscription_type, creative_name,
 *   creative_type (sign-up unit) and timestamps (Fivetran's Attentive schema).
 * - Assumed: the exported headers follow that feed vocabulary plus first_name,
 *   last_name, join_date, opt_out_date; subscription_type values MARKETING /
 *   TRANSACTIONAL. Headers like "Phone", "Signup Source", "Opt-in Date",
 *   "Unsubscribe Date" are covered as synonyms in case the file is hand-made.
 *
 * Deliberately NOT mapped to opt_in_timestamp: Email/SMS-specific consent timestamps
 * (Klaviyo's "Email Marketing Consent Timestamp", "SMS Marketing Consent Timestamp"),
 * so an SMS or email date can never stand in as proof of a WhatsApp opt-in; record
 * dates ("Profile Created On", "Date Added", "created_at") are not consent dates.
 * Postscript's subscriber_created_at_utc is the exception (lowest priority): the
 * whole file is one SMS list. Likewise Klaviyo's "Email Suppressions" is not an
 * opt-out of WhatsApp and is left unmapped.
 */

import type { Channel } from "../consent/types";
import { HEADERS_I18N } from "./headers-i18n";

export const CANONICAL_FIELDS = [
  "phone",
  "email",
  "first_name",
  "last_name",
  "country",
  "whatsapp_opt_in",
  "sms_opt_in",
  "email_opt_in",
  "marketing_opt_in",
  "opt_in_timestamp",
  "opt_in_source",
  "opt_in_method",
  "consent_text",
  "opted_out_at",
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

export function isCanonicalField(value: string): value is CanonicalField {
  return (CANONICAL_FIELDS as readonly string[]).includes(value);
}

/**
 * A header compared loosely: accents dropped, lower case, and everything but
 * letters and digits removed (spaces, dashes, underscores, quotes, a BOM,
 * brackets, slashes, colons...). "Phone (SMS)" = "phone_sms" = "PHONE-SMS".
 */
export function normaliseHeader(header: string): string {
  // Lower-casing can produce decomposable characters and NFKD can produce upper
  // case ones, so step until nothing changes (two rounds in practice).
  let current = header;
  for (let round = 0; round < 4; round++) {
    const next = current
      .normalize("NFKD")
      .toLowerCase()
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .replace(/[^\p{L}\p{N}]/gu, "");
    if (next === current) return next;
    current = next;
  }
  return current;
}

/**
 * Header synonyms per field, best first: when several headers of one file map to
 * the same field, the one listed first wins. Written as people spell them;
 * compared through normaliseHeader, so spelling variants may repeat. A header
 * belongs to one field only.
 */
export const SYNONYMS: Readonly<Record<CanonicalField, readonly string[]>> = {
  phone: [
    // The number the WhatsApp consent is about, when a file has one.
    "WhatsApp Number",
    "WhatsApp Phone",
    "WhatsApp Phone Number",
    "WhatsApp Mobile",
    // The contact's own phone: Shopify "Phone", Klaviyo "Phone Number", Postscript "phone_number".
    "Phone Number",
    "Phone",
    "subscriber_phone",
    "Mobile",
    "Mobile Phone",
    "Mobile Number",
    "Mobile Phone Number",
    "Cell",
    "Cell Phone",
    "Cellphone",
    "Cell Number",
    "Phone (SMS)",
    "SMS Phone",
    "SMS Phone Number",
    "SMS Number",
    "MSISDN",
    "MDN",
    "Phone E164",
    "E164",
    "Primary Phone",
    "Contact Phone",
    "Customer Phone",
    "Telephone",
    "Telephone Number",
    "Tel",
    "Téléphone",
    "Numéro de téléphone",
    "Teléfono",
    "Telefone",
    "Telefon",
    "Telefonnummer",
    "Celular",
    "Móvil",
    "$phone_number",
    // Phones from an address: taken for delivery, used only when nothing better exists.
    "Default Address Phone",
    "Address Phone",
    "Billing Phone",
    "Billing Address Phone",
    "Shipping Phone",
    "Shipping Address Phone",
  ],
  email: [
    "Email",
    "Email Address",
    "subscriber_email",
    "Customer Email",
    "Customer: Email",
    "Contact Email",
    "Primary Email",
    "Mail",
    "Courriel",
    "Correo",
    "Correo Electrónico",
    "$email",
  ],
  first_name: [
    "First Name",
    "Firstname",
    "Given Name",
    "Forename",
    "First",
    "Prénom",
    "Vorname",
    "$first_name",
  ],
  last_name: [
    "Last Name",
    "Lastname",
    "Surname",
    "Family Name",
    "Last",
    "Nachname",
    "Apellido",
    "Apellidos",
    "$last_name",
  ],
  country: [
    // Codes before names: "GB" is exact, "Great Britain" needs a lookup.
    "Country Code",
    "Default Address Country Code",
    "Address Country Code",
    "Billing Country Code",
    "Shipping Country Code",
    "Location Country Code",
    "Country ISO",
    "ISO Country",
    "Country",
    "Default Address Country",
    "Address Country",
    "Country/Region",
    "Billing Country",
    "Shipping Country",
    "Location Country",
    "$country",
    "Pays",
    "País",
  ],
  whatsapp_opt_in: [
    "WhatsApp Opt In",
    "WhatsApp Opted In",
    "WhatsApp Consent",
    "WhatsApp Marketing Consent",
    "Accepts WhatsApp Marketing",
    "WhatsApp Marketing",
    "WhatsApp Marketing Opt In",
    "WhatsApp Marketing Status",
    "WhatsApp Consent Status",
    "WhatsApp Subscribed",
    "WhatsApp Subscription",
    "WhatsApp Subscription Status",
    "WhatsApp Status",
    "WhatsApp Permission",
    "Opt In WhatsApp",
    "Subscribed to WhatsApp",
    "WA Opt In",
    "WA Consent",
  ],
  sms_opt_in: [
    "Accepts SMS Marketing",
    "SMS Marketing Consent",
    "SMS Consent",
    "SMS Opt In",
    "SMS Opted In",
    "SMS Marketing",
    "SMS Marketing Status",
    "SMS Consent Status",
    "SMS Subscribed",
    "SMS Subscription",
    "SMS Subscription Status",
    "SMS Status",
    "SMS Permission",
    "Text Opt In",
    "Text Marketing",
    "Subscribed to SMS",
    "Accepts Text Marketing",
    // Attentive-style: MARKETING vs TRANSACTIONAL on an SMS list.
    "subscription_type",
  ],
  email_opt_in: [
    "Accepts Email Marketing",
    "Email Marketing Consent",
    "Email Consent",
    "Email Opt In",
    "Email Opted In",
    "Email Marketing",
    "Email Marketing Status",
    "Email Consent Status",
    "Email Subscribed",
    "Email Subscription",
    "Email Subscription Status",
    "Email Status",
    "Email Permission",
    "Subscribed to Email",
    "Newsletter",
    "Newsletter Opt In",
    "Subscribed to Newsletter",
  ],
  marketing_opt_in: [
    // A marketing flag that names no channel: never evidence for WhatsApp.
    "Accepts Marketing",
    "Marketing Opt In",
    "Marketing Consent",
    "Marketing Opted In",
    "Marketing Permission",
    "Accepts Marketing Communications",
    "Opt In",
    "Opted In",
    "Consent",
    "Consent Status",
    "Subscribed",
    "Subscription Status",
    "Subscriber Status",
    "Marketing",
    "$consent",
    "Status",
  ],
  opt_in_timestamp: [
    "WhatsApp Opt In Date",
    "WhatsApp Opt In At",
    "WhatsApp Opt In Time",
    "WhatsApp Opt In Timestamp",
    "WhatsApp Opted In At",
    "WhatsApp Consent Timestamp",
    "WhatsApp Consent Date",
    "WhatsApp Consented At",
    "WhatsApp Marketing Consent Timestamp",
    "WhatsApp Marketing Timestamp",
    "WhatsApp Subscribed At",
    "WhatsApp Subscription Date",
    "Consent Timestamp",
    "Consent Date",
    "Consent Time",
    "Consented At",
    "Consent Given At",
    "Opt In Date",
    "Opt In Timestamp",
    "Opt In At",
    "Opt In Time",
    "Opted In At",
    "Opted In Date",
    "Subscribed At",
    "Subscribed On",
    "Subscribed Date",
    "Subscription Date",
    "Subscribe Date",
    "Signup Date",
    "Sign Up Date",
    "Signed Up At",
    "Signed Up On",
    "Signup Timestamp",
    "Join Date",
    "Joined At",
    "Date Joined",
    "Active Since",
    "$consent_timestamp",
    // Postscript: the whole file is an SMS list (see the note above).
    "subscriber_created_at_utc",
    "subscriber_created_at",
  ],
  opt_in_source: [
    "WhatsApp Opt In Source",
    "WhatsApp Consent Source",
    "WhatsApp Source",
    "WhatsApp Opt In URL",
    "WhatsApp Consent URL",
    "Opt In Source",
    "Consent Source",
    "Signup Source",
    "Sign Up Source",
    "Subscription Source",
    "Subscriber Source",
    "Opt In URL",
    "Opt In Page",
    "Consent URL",
    "Consent Page",
    "Source URL",
    "Signup URL",
    "Signup Form",
    "Sign Up Form",
    "Form Name",
    "Form",
    "creative_name",
    "Sign Up Unit",
    "Acquisition Source",
    "Lead Source",
    "$source",
    "Source",
  ],
  opt_in_method: [
    "WhatsApp Opt In Method",
    "WhatsApp Consent Method",
    "Opt In Method",
    "Consent Method",
    "Signup Method",
    "Sign Up Method",
    "Subscription Method",
    "Capture Method",
    "Collection Method",
    "Collected From",
    "Consent Collected From",
    "$consent_method",
    "Opt In Keyword",
    "Keyword",
    "last_keyword_subscribed_to",
    "keyword_subscribed_to",
    "creative_type",
    "Method",
  ],
  consent_text: [
    "WhatsApp Consent Text",
    "WhatsApp Opt In Text",
    "WhatsApp Consent Language",
    "WhatsApp Disclosure",
    "Consent Text",
    "Consent Language",
    "Consent Wording",
    "Consent Message",
    "Consent Statement",
    "Consent Copy",
    "Opt In Text",
    "Opt In Language",
    "Opt In Wording",
    "Opt In Message",
    "Checkbox Text",
    "Checkbox Label",
    "Disclosure",
    "Disclosure Text",
    "Legal Text",
  ],
  opted_out_at: [
    // Dates first; then flag columns (parseOptOut reads either).
    "WhatsApp Opted Out At",
    "WhatsApp Opt Out Date",
    "WhatsApp Opt Out At",
    "WhatsApp Unsubscribed At",
    "WhatsApp Unsubscribe Date",
    "Unsubscribed At",
    "Unsubscribed On",
    "Unsubscribed Date",
    "Unsubscribe Date",
    "Unsubscribe Time",
    "Date Unsubscribed",
    "Opted Out At",
    "Opted Out Date",
    "Opt Out Date",
    "Opt Out At",
    "Opt Out Time",
    "Opt Out Timestamp",
    "Consent Withdrawn At",
    "Withdrawn At",
    "Suppressed At",
    "WhatsApp Opt Out",
    "WhatsApp Opted Out",
    "Opt Out",
    "Opted Out",
    "Unsubscribed",
    "Is Unsubscribed",
  ],
};

interface Synonym {
  field: CanonicalField;
  /** Position in the field's list: lower is better. */
  rank: number;
}

/** The first of the phone synonyms that are an address's phone, taken for delivery. */
const FIRST_ADDRESS_PHONE = "Default Address Phone";

/**
 * A field's synonyms in every language, best first: those naming WhatsApp in
 * any language, then the other English ones, then the other five languages'
 * (./headers-i18n.ts); address phones stay last.
 */
function synonymsOf(field: CanonicalField): readonly string[] {
  const english = SYNONYMS[field];
  const namesWhatsApp = (header: string) => normaliseHeader(header).includes("whatsapp");
  let leading = 0;
  while (leading < english.length && namesWhatsApp(english[leading] as string)) leading++;
  const cut = field === "phone" ? english.indexOf(FIRST_ADDRESS_PHONE) : english.length;
  const others = HEADERS_I18N[field];
  return [
    ...english.slice(0, leading),
    ...others.filter(namesWhatsApp),
    ...english.slice(leading, cut),
    ...others.filter((header) => !namesWhatsApp(header)),
    ...english.slice(cut),
  ];
}

/** normalised header → field and rank. Throws at load if a header is listed for two fields. */
const SYNONYM_INDEX: ReadonlyMap<string, Synonym> = (() => {
  const index = new Map<string, Synonym>();
  for (const field of CANONICAL_FIELDS) {
    synonymsOf(field).forEach((header, rank) => {
      const key = normaliseHeader(header);
      const seen = index.get(key);
      if (seen && seen.field !== field) {
        throw new Error(`list-check synonyms: "${header}" is listed for ${seen.field} and ${field}`);
      }
      if (!seen) index.set(key, { field, rank }); // a second spelling keeps the first rank
    });
  }
  return index;
})();

/**
 * Timestamp headers that date one channel's subscription: Postscript's
 * subscriber_created_at_utc is "the SMS marketing consent timestamp". They
 * date the SMS opt-in of an SMS list, never a WhatsApp opt-in in the same file.
 */
const SMS_TIMESTAMP_HEADERS = new Set(
  ["subscriber_created_at_utc", "subscriber_created_at"].map(normaliseHeader),
);

/** The channel a timestamp header dates, when it names one; null for a general one. */
export function timestampChannelOf(header: string): Channel | null {
  return SMS_TIMESTAMP_HEADERS.has(normaliseHeader(header)) ? "sms" : null;
}

/** The field a header maps to without overrides, or null. */
export function fieldForHeader(header: string): CanonicalField | null {
  return SYNONYM_INDEX.get(normaliseHeader(header))?.field ?? null;
}

export type ColumnMap = Partial<Record<CanonicalField, number>>;

/**
 * Columns read besides the one chosen per field, because what they say can
 * only withhold consent: a second WhatsApp consent column (a duplicate
 * header, "WhatsApp Consent" next to "WhatsApp Opt In") that does not confirm
 * the opt-in, and every other opt-out column: a second opt-out synonym
 * ("Unsubscribed At" and "WhatsApp Opt Out"), or a header no synonym lists
 * that names an opt-out ("Unsubscribed from WhatsApp", "WhatsApp consent
 * withdrawn", "Do Not Contact", "opt_out_reason").
 */
export interface ExtraColumns {
  whatsappOptIn: number[];
  optedOut: number[];
}

export type ResolveResult =
  | { ok: true; columns: ColumnMap; unmapped: string[]; extra: ExtraColumns }
  | { ok: false; error: string };

/** Parts of a header that name an opt-out wherever they stand in it ("WhatsAppConsentWithdrawn"). */
const OPT_OUT_STEMS = [
  "optout",
  "optedout",
  "unsubscri",
  "withdr",
  "revok",
  "revoc",
  "revog",
  "suppress",
  "donotcontact",
  "donotmessage",
  "donotmarket",
  "donotwhatsapp",
  "donotsend",
  "blacklist",
  "blocklist",
  "abmeld",
  "abgemeldet",
  "widerruf",
  "desinscri",
  "desabonn",
  "disiscri",
  "descadastr",
  "dadodebaja",
];
/** Short words that name an opt-out only as a word of their own ("STOP received", "Baja WhatsApp"). */
const OPT_OUT_WORDS = new Set(["stop", "stopped", "unsub", "dnc", "block", "blocked", "baja", "optout"]);
/** Channels an opt-out header may name instead of WhatsApp (such an opt-out is not WhatsApp's). */
const OTHER_CHANNEL_WORDS = new Set([
  "email",
  "mail",
  "newsletter",
  "sms",
  "text",
  "texts",
  "push",
  "call",
  "calls",
  "post",
  "postal",
]);

function headerWords(header: string): string[] {
  return header
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "");
}

/** A header that names a WhatsApp (or channel-less) opt-out. */
export function namesOptOut(header: string): boolean {
  const key = normaliseHeader(header);
  const words = headerWords(header);
  if (!OPT_OUT_STEMS.some((stem) => key.includes(stem)) && !words.some((word) => OPT_OUT_WORDS.has(word))) {
    return false;
  }
  const namesWhatsApp = key.includes("whatsapp") || words.includes("wa");
  return namesWhatsApp || !words.some((word) => OTHER_CHANNEL_WORDS.has(word));
}

function listHeaders(headers: readonly string[]): string {
  const shown = headers.map((h) => h.trim()).filter((h) => h !== "");
  return shown.length > 0 ? shown.map((h) => JSON.stringify(h)).join(", ") : "(none)";
}

/** The column a --map header names: an exact match first, then the first loose match. */
function findHeader(headers: readonly string[], wanted: string): number {
  const exact = headers.indexOf(wanted);
  if (exact >= 0) return exact;
  const key = normaliseHeader(wanted);
  if (key === "") return -1;
  return headers.findIndex((h) => normaliseHeader(h) === key);
}

/** A --map field name: canonical, or loosely equal to one ("First Name" → first_name). */
function findField(name: string): CanonicalField | null {
  const trimmed = name.trim();
  if (isCanonicalField(trimmed)) return trimmed;
  const key = normaliseHeader(trimmed);
  return CANONICAL_FIELDS.find((f) => normaliseHeader(f) === key) ?? null;
}

/**
 * Maps a header row onto canonical fields.
 *
 * `overrides` come from the CLI's `--map field=Header` and win over synonyms; an
 * empty header (`--map marketing_opt_in=`) leaves that field unmapped. A field must
 * be canonical and a header must exist in the file (loose comparison). Otherwise
 * each field takes the best-ranked matching header not already taken.
 * `unmapped` lists the headers no field uses, in file order (blank ones left out).
 */
export function resolveColumns(
  headers: readonly string[],
  overrides: Readonly<Record<string, string>> = {},
): ResolveResult {
  const columns: ColumnMap = {};
  const taken = new Map<number, CanonicalField>();
  const explicit = new Set<CanonicalField>();
  const errors: string[] = [];

  for (const [rawField, rawHeader] of Object.entries(overrides)) {
    const field = findField(rawField);
    const header = (rawHeader ?? "").trim();
    if (!field) {
      errors.push(
        `--map ${rawField}=${header}: unknown field ${JSON.stringify(rawField)}; valid fields: ${CANONICAL_FIELDS.join(", ")}`,
      );
      continue;
    }
    if (explicit.has(field)) {
      errors.push(`--map ${field} is given more than once`);
      continue;
    }
    explicit.add(field);
    if (header === "") continue; // explicitly unmapped
    const index = findHeader(headers, header);
    if (index < 0) {
      errors.push(
        `--map ${field}=${header}: no column ${JSON.stringify(header)} in this file; headers seen: ${listHeaders(headers)}`,
      );
      continue;
    }
    const other = taken.get(index);
    if (other) {
      errors.push(
        `--map ${field}=${header}: column ${JSON.stringify(headers[index])} is already mapped to ${other}; a column can feed one field only`,
      );
      continue;
    }
    columns[field] = index;
    taken.set(index, field);
  }
  if (errors.length > 0) return { ok: false, error: errors.join("\n") };

  // Best candidate per field among the columns the overrides left free.
  const best = new Map<CanonicalField, { index: number; rank: number }>();
  headers.forEach((header, index) => {
    if (taken.has(index)) return;
    const synonym = SYNONYM_INDEX.get(normaliseHeader(header));
    if (!synonym || explicit.has(synonym.field)) return;
    const current = best.get(synonym.field);
    if (!current || synonym.rank < current.rank) best.set(synonym.field, { index, rank: synonym.rank });
  });
  for (const [field, { index }] of best) {
    columns[field] = index;
    taken.set(index, field);
  }

  if (columns.phone === undefined) {
    return {
      ok: false,
      error: `no phone column found; headers seen: ${listHeaders(headers)}; use --map phone=<Header>`,
    };
  }

  // A field given with --map is the column the user named; otherwise every
  // other column that can withhold consent is read too.
  const extra: ExtraColumns = { whatsappOptIn: [], optedOut: [] };
  headers.forEach((header, index) => {
    if (taken.has(index)) return;
    const field = SYNONYM_INDEX.get(normaliseHeader(header))?.field;
    if (field === "whatsapp_opt_in" && !explicit.has(field)) extra.whatsappOptIn.push(index);
    else if (!explicit.has("opted_out_at") && (field === "opted_out_at" || (!field && namesOptOut(header)))) {
      extra.optedOut.push(index);
    }
  });
  // They map to no field of their own, so they stay listed as unmapped.
  const unmapped = headers.filter((h, index) => !taken.has(index) && h.trim() !== "");
  return { ok: true, columns, unmapped, extra };
}

// ---------------------------------------------------------------------------
// Which provider wrote the file

export const PROVIDERS = {
  shopify: { label: "Shopify customer export", listChannel: null },
  klaviyo: { label: "Klaviyo profile export", listChannel: null },
  /** Every row is an SMS subscriber (opted out when opt_out_time is set). */
  postscript: { label: "Postscript subscriber export", listChannel: "sms" },
  /** Every row is an SMS subscriber; subscription_type tells marketing from transactional. */
  attentive: { label: "Attentive subscriber export", listChannel: "sms" },
} as const satisfies Record<string, { label: string; listChannel: Channel | null }>;
export type Provider = keyof typeof PROVIDERS;

const SIGNATURES: ReadonlyArray<readonly [Provider, (has: (header: string) => boolean) => boolean]> = [
  [
    "shopify",
    (has) =>
      has("Accepts Email Marketing") &&
      (has("Customer ID") || has("Default Address Country Code") || has("Total Orders")),
  ],
  ["klaviyo", (has) => has("Klaviyo ID") || has("Email Marketing Consent") || has("SMS Marketing Consent")],
  [
    "postscript",
    (has) =>
      has("subscriber_created_at_utc") ||
      has("last_keyword_subscribed_to") ||
      has("automation_and_campaign_texts_sent_count"),
  ],
  ["attentive", (has) => has("subscriber_phone") || (has("creative_name") && has("subscription_type"))],
];

/** The provider whose export format the headers match, or null. Informational only. */
export function detectProvider(headers: readonly string[]): Provider | null {
  const present = new Set(headers.map(normaliseHeader));
  const has = (header: string) => present.has(normaliseHeader(header));
  for (const [provider, matches] of SIGNATURES) if (matches(has)) return provider;
  return null;
}
