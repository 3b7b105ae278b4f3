import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CANONICAL_FIELDS,
  type CanonicalField,
  detectProvider,
  fieldForHeader,
  namesOptOut,
  normaliseHeader,
  type ResolveResult,
  resolveColumns,
  SYNONYMS,
} from "./columns";
import {
  cleanCell,
  parseCountryCode,
  parseFlag,
  parseOptInState,
  parseOptOut,
  parseTimestamp,
} from "./values";

const SAMPLES = new URL("../../samples/", import.meta.url);

function readSample(name: string): string[][] {
  const text = readFileSync(new URL(name, SAMPLES), "utf8");
  return parse(text, { bom: true, relax_column_count: false, skip_empty_lines: true }) as string[][];
}

/** field → header name, for readable expectations. */
function byName(headers: readonly string[], result: ResolveResult): Partial<Record<CanonicalField, string>> {
  if (!result.ok) throw new Error(result.error);
  const out: Partial<Record<CanonicalField, string>> = {};
  for (const [field, index] of Object.entries(result.columns)) {
    out[field as CanonicalField] = headers[index as number];
  }
  return out;
}

function resolved(headers: string[], overrides: Record<string, string> = {}) {
  const result = resolveColumns(headers, overrides);
  if (!result.ok) throw new Error(result.error);
  return { ...result, named: byName(headers, result) };
}

describe("sample files", () => {
  const cases: Array<{
    file: string;
    provider: string;
    fields: Partial<Record<CanonicalField, string>>;
    unmapped: string[];
  }> = [
    {
      file: "shopify-customers.csv",
      provider: "shopify",
      fields: {
        phone: "Phone",
        email: "Email",
        first_name: "First Name",
        last_name: "Last Name",
        country: "Default Address Country Code",
        whatsapp_opt_in: "Accepts WhatsApp Marketing",
        sms_opt_in: "Accepts SMS Marketing",
        email_opt_in: "Accepts Email Marketing",
      },
      unmapped: [
        "Customer ID",
        "Default Address Company",
        "Default Address Address1",
        "Default Address Address2",
        "Default Address City",
        "Default Address Province Code",
        "Default Address Zip",
        "Default Address Phone",
        "Total Spent",
        "Total Orders",
        "Note",
        "Tax Exempt",
        "Tags",
      ],
    },
    {
      file: "klaviyo-export.csv",
      provider: "klaviyo",
      fields: {
        phone: "Phone Number",
        email: "Email",
        first_name: "First Name",
        last_name: "Last Name",
        country: "Country",
        whatsapp_opt_in: "WhatsApp Marketing Consent",
        sms_opt_in: "SMS Marketing Consent",
        email_opt_in: "Email Marketing Consent",
        marketing_opt_in: "Accepts Marketing",
        opt_in_timestamp: "WhatsApp Consent Timestamp",
        opt_in_source: "WhatsApp Consent Source",
        opt_in_method: "WhatsApp Consent Method",
        consent_text: "WhatsApp Consent Text",
      },
      // Email/SMS consent timestamps must never stand in for WhatsApp proof.
      unmapped: [
        "Klaviyo ID",
        "Source",
        "Email Marketing Consent Timestamp",
        "SMS Marketing Consent Timestamp",
        "Profile Created On",
      ],
    },
    {
      file: "postscript-subscribers.csv",
      provider: "postscript",
      fields: {
        phone: "phone_number",
        email: "email",
        first_name: "first_name",
        last_name: "last_name",
        opt_in_timestamp: "subscriber_created_at_utc",
        opt_in_source: "source",
        opt_in_method: "last_keyword_subscribed_to",
        opted_out_at: "opt_out_time",
      },
      unmapped: ["customer_id", "automation_and_campaign_texts_sent_count", "opt_out_reason"],
    },
    {
      file: "attentive-subscribers.csv",
      provider: "attentive",
      fields: {
        phone: "subscriber_phone",
        email: "subscriber_email",
        first_name: "first_name",
        last_name: "last_name",
        sms_opt_in: "subscription_type",
        opt_in_source: "creative_name",
        opt_in_method: "creative_type",
        opt_in_timestamp: "join_date",
        opted_out_at: "opt_out_date",
      },
      unmapped: ["opt_out"],
    },
  ];

  for (const { file, provider, fields, unmapped } of cases) {
    it(`${file}: headers resolve to the right fields`, () => {
      const [headers = [], ...rows] = readSample(file);
      const result = resolved(headers);
      expect(result.named).toEqual(fields);
      expect(result.unmapped).toEqual(unmapped);
      expect(detectProvider(headers)).toBe(provider);
      expect(rows.length).toBeGreaterThan(5);
      expect(rows.length).toBeLessThan(40);
      for (const row of rows) expect(row).toHaveLength(headers.length);
    });
  }

  it("klaviyo-export.csv tells the demo story for Acme Coffee", () => {
    const [headers = [], ...rows] = readSample("klaviyo-export.csv");
    const { columns } = resolved(headers);
    const cell = (row: string[], field: CanonicalField) => cleanCell(row[columns[field] ?? -1]);
    const substantiated = rows.filter((row) => {
      const text = cell(row, "consent_text").toLowerCase();
      return (
        parseOptInState(cell(row, "whatsapp_opt_in")) === "opted_in" &&
        parseTimestamp(cell(row, "opt_in_timestamp")) !== null &&
        cell(row, "opt_in_source") !== "" &&
        text.includes("whatsapp") &&
        text.includes("acme coffee")
      );
    });
    expect(substantiated.length).toBeGreaterThanOrEqual(5);
    const states = rows.map((row) => parseOptInState(cell(row, "whatsapp_opt_in")));
    expect(states).toContain("opted_out");
    expect(states).toContain("never");
    expect(rows.some((r) => parseFlag(cell(r, "sms_opt_in")) && !parseFlag(cell(r, "whatsapp_opt_in")))).toBe(
      true,
    );
    expect(
      rows.some((r) => parseFlag(cell(r, "marketing_opt_in")) && !parseFlag(cell(r, "email_opt_in"))),
    ).toBe(true);
    // A phone with no country code and no country, and repeated phones.
    expect(rows.some((r) => !cell(r, "phone").startsWith("+") && cell(r, "country") === "")).toBe(true);
    const digits = rows.map((r) => cell(r, "phone").replace(/\D/g, ""));
    expect(new Set(digits).size).toBeLessThan(digits.length);
  });

  it("shopify-customers.csv carries Shopify's apostrophe-prefixed ids and phones", () => {
    const [headers = [], ...rows] = readSample("shopify-customers.csv");
    const { columns } = resolved(headers);
    const first = rows[0] ?? [];
    expect(first[0]).toMatch(/^'\d+$/);
    expect(first[columns.phone ?? -1]).toBe("'+12025550143");
    expect(cleanCell(first[columns.phone ?? -1])).toBe("+12025550143");
    expect(rows.some((r) => (r[columns.phone ?? -1] ?? "") === "")).toBe(true);
  });
});

describe("normaliseHeader", () => {
  it.each([
    ["Phone Number", "phonenumber"],
    ["phone_number", "phonenumber"],
    ["PHONE-NUMBER", "phonenumber"],
    ["  Phone   Number  ", "phonenumber"],
    ["\uFEFFEmail", "email"],
    ['"Email"', "email"],
    ["'Email'", "email"],
    ["“Email”", "email"],
    ["Téléphone", "telephone"],
    ["Prénom", "prenom"],
    ["Phone (SMS)", "phonesms"],
    ["State / Region", "stateregion"],
    ["Customer: Email", "customeremail"],
    ["$consent_timestamp", "consenttimestamp"],
    ["Default Address Address1", "defaultaddressaddress1"],
    ["", ""],
  ])("%j → %j", (header, expected) => {
    expect(normaliseHeader(header)).toBe(expected);
  });

  it("is idempotent on any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        const once = normaliseHeader(s);
        expect(normaliseHeader(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  /** Flips the case of ASCII letters and inserts spaces, dashes and underscores. */
  const noisy = (s: string) =>
    fc
      .array(fc.tuple(fc.boolean(), fc.constantFrom("", " ", "-", "_", "  ", " - ", "__")), {
        minLength: s.length + 1,
        maxLength: s.length + 1,
      })
      .map((noise) => {
        let out = noise[0]?.[1] ?? "";
        [...s].forEach((ch, i) => {
          const [upper, gap] = noise[i + 1] ?? [false, ""];
          out += (upper ? ch.toUpperCase() : ch.toLowerCase()) + gap;
        });
        return out;
      });

  it("ignores case, spaces, dashes and underscores", () => {
    const word = fc.string({
      unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789"),
      maxLength: 24,
    });
    fc.assert(
      fc.property(
        word.chain((s) => fc.tuple(fc.constant(s), noisy(s))),
        ([s, variant]) => {
          expect(normaliseHeader(variant)).toBe(normaliseHeader(s));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("maps every synonym, however it is spelt, to its field", () => {
    const entries = CANONICAL_FIELDS.flatMap((field) => SYNONYMS[field].map((h) => [field, h] as const));
    const asciiEntries = entries.filter(([, h]) => /^[\x20-\x7e]*$/.test(h));
    fc.assert(
      fc.property(
        fc.constantFrom(...asciiEntries).chain(([field, h]) => fc.tuple(fc.constant(field), noisy(h))),
        ([field, variant]) => {
          expect(fieldForHeader(variant)).toBe(field);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("synonyms", () => {
  it("no header is listed for two fields", () => {
    const owner = new Map<string, CanonicalField>();
    for (const field of CANONICAL_FIELDS) {
      for (const header of SYNONYMS[field]) {
        const key = normaliseHeader(header);
        expect(owner.get(key) ?? field, header).toBe(field);
        owner.set(key, field);
      }
    }
  });

  it.each<[string, CanonicalField]>([
    ["Phone Number", "phone"],
    ["Mobile", "phone"],
    ["Mobile Phone", "phone"],
    ["Cell", "phone"],
    ["Telephone", "phone"],
    ["Phone (SMS)", "phone"],
    ["WhatsApp Number", "phone"],
    ["Default Address Phone", "phone"],
    ["E-mail", "email"],
    ["Email Address", "email"],
    ["Accepts SMS Marketing", "sms_opt_in"],
    ["SMS Consent", "sms_opt_in"],
    ["SMS Marketing Consent", "sms_opt_in"],
    ["Accepts Email Marketing", "email_opt_in"],
    ["Email Marketing Consent", "email_opt_in"],
    ["WhatsApp Opt In", "whatsapp_opt_in"],
    ["WhatsApp opt-in", "whatsapp_opt_in"],
    ["WhatsApp Consent", "whatsapp_opt_in"],
    ["Accepts WhatsApp Marketing", "whatsapp_opt_in"],
    ["Accepts Marketing", "marketing_opt_in"],
    ["Opt-in Date", "opt_in_timestamp"],
    ["Signup Date", "opt_in_timestamp"],
    ["Consent Timestamp", "opt_in_timestamp"],
    ["join date", "opt_in_timestamp"],
    ["Signup Source", "opt_in_source"],
    ["Sign-up source", "opt_in_source"],
    ["Opt-in Method", "opt_in_method"],
    ["Keyword", "opt_in_method"],
    ["Consent Text", "consent_text"],
    ["Unsubscribed At", "opted_out_at"],
    ["Unsubscribe date", "opted_out_at"],
    ["opt_out_time", "opted_out_at"],
    ["Country Code", "country"],
    ["Default Address Country Code", "country"],
    ["Default Address Country", "country"],
    ["Country", "country"],
    ["Given Name", "first_name"],
    ["Surname", "last_name"],
  ])("%j → %s", (header, field) => {
    expect(fieldForHeader(header)).toBe(field);
  });

  it.each([
    "Email Marketing Consent Timestamp",
    "SMS Marketing Consent Timestamp",
    "SMS Marketing Timestamp",
    "Profile Created On",
    "Date Added",
    "created_at",
    "Email Suppressions",
    "Customer ID",
    "Tags",
  ])("%j is not mapped", (header) => {
    expect(fieldForHeader(header)).toBeNull();
  });
});

describe("resolveColumns priorities", () => {
  it("prefers Shopify's Phone over Default Address Phone, in any column order", () => {
    expect(resolved(["Default Address Phone", "Phone"]).named.phone).toBe("Phone");
    expect(resolved(["Phone", "Default Address Phone"]).named.phone).toBe("Phone");
    expect(resolved(["Default Address Phone", "Email"]).named.phone).toBe("Default Address Phone");
  });

  it("prefers a country code column over a country name column", () => {
    const headers = ["Phone", "Default Address Country", "Default Address Country Code"];
    expect(resolved(headers).named.country).toBe("Default Address Country Code");
    expect(resolved(["Phone", "Country", "Country Code"]).named.country).toBe("Country Code");
    expect(resolved(["Phone", "Default Address Country"]).named.country).toBe("Default Address Country");
  });

  it("prefers WhatsApp-specific columns over generic ones", () => {
    const { named, unmapped } = resolved([
      "Phone",
      "WhatsApp Number",
      "Source",
      "WhatsApp Consent Source",
      "Consent Timestamp",
      "WhatsApp Opt-in Date",
      "Consent Text",
      "WhatsApp Consent Text",
    ]);
    expect(named).toEqual({
      phone: "WhatsApp Number",
      opt_in_source: "WhatsApp Consent Source",
      opt_in_timestamp: "WhatsApp Opt-in Date",
      consent_text: "WhatsApp Consent Text",
    });
    expect(unmapped).toEqual(["Phone", "Source", "Consent Timestamp", "Consent Text"]);
  });

  it("prefers an opt-out date over an opt-out flag", () => {
    expect(resolved(["phone", "opt_out", "opt_out_date"]).named.opted_out_at).toBe("opt_out_date");
    expect(resolved(["phone", "opt_out"]).named.opted_out_at).toBe("opt_out");
  });

  it("takes the first of two equal headers", () => {
    const { columns, unmapped } = resolved(["Phone", "Email", "phone"]);
    expect(columns.phone).toBe(0);
    expect(unmapped).toEqual(["phone"]);
  });

  it("reads headers with a BOM, quotes, odd case and spacing", () => {
    const { named } = resolved(['\uFEFF"E-Mail"', " PHONE_NUMBER ", "whatsapp-opt-in", "Téléphone"]);
    expect(named).toEqual({
      email: '\uFEFF"E-Mail"',
      phone: " PHONE_NUMBER ",
      whatsapp_opt_in: "whatsapp-opt-in",
    });
  });

  it("leaves blank headers out of unmapped", () => {
    expect(resolved(["Phone", "", "  ", "Notes"]).unmapped).toEqual(["Notes"]);
  });

  it("does not depend on column order (property)", () => {
    const pool = [
      "Phone",
      "Default Address Phone",
      "Email",
      "Country",
      "Country Code",
      "Accepts SMS Marketing",
      "SMS Consent",
      "WhatsApp Consent",
      "Source",
      "Signup Source",
      "Notes",
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(pool, { minLength: 1 }), fc.context(), (subset, ctx) => {
        const withPhone = subset.includes("Phone") ? subset : [...subset, "Phone"];
        const reversed = [...withPhone].reverse();
        ctx.log(JSON.stringify(withPhone));
        expect(resolved(reversed).named).toEqual(resolved(withPhone).named);
      }),
    );
  });
});

describe("columns that can withhold consent besides the chosen ones", () => {
  it.each([
    "Unsubscribed from WhatsApp",
    "WhatsApp consent withdrawn",
    "WhatsApp Opt-Out Status",
    "WhatsApp Revoked",
    "Do Not Contact",
    "DNC",
    "STOP received",
    "Blocked",
    "opt_out_reason",
    "SMS/WhatsApp Opt Out",
    "Baja WhatsApp",
    "Abgemeldet von WhatsApp",
    "Désinscrit WhatsApp",
  ])("%j names an opt-out", (header) => {
    expect(namesOptOut(header)).toBe(true);
  });

  it.each([
    "Email Suppressions",
    "SMS Opt Out",
    "Newsletter unsubscribed",
    "Desktop Popup",
    "WhatsApp Opt In",
    "Phone",
  ])("%j names no WhatsApp opt-out", (header) => {
    expect(namesOptOut(header)).toBe(false);
  });

  it("reads a second WhatsApp consent column and every other opt-out column (still listed as mapped to no field)", () => {
    const headers = [
      "Phone",
      "WhatsApp Opt In",
      "WhatsApp Consent",
      "Unsubscribed At",
      "WhatsApp Opt Out",
      "Unsubscribed from WhatsApp",
      "Email Suppressions",
    ];
    const resolved = resolveColumns(headers);
    if (!resolved.ok) throw new Error(resolved.error);
    expect(resolved.columns.whatsapp_opt_in).toBe(1);
    expect(resolved.columns.opted_out_at).toBe(3);
    expect(resolved.extra).toEqual({ whatsappOptIn: [2], optedOut: [4, 5] });
    expect(resolved.unmapped).toEqual([
      "WhatsApp Consent",
      "WhatsApp Opt Out",
      "Unsubscribed from WhatsApp",
      "Email Suppressions",
    ]);
  });

  it("a field given with --map reads the column named only", () => {
    const headers = ["Phone", "WhatsApp Opt In", "WhatsApp Consent", "Unsubscribed At", "WhatsApp Opt Out"];
    const resolved = resolveColumns(headers, {
      whatsapp_opt_in: "WhatsApp Consent",
      opted_out_at: "WhatsApp Opt Out",
    });
    if (!resolved.ok) throw new Error(resolved.error);
    expect(resolved.extra).toEqual({ whatsappOptIn: [], optedOut: [] });
  });
});

describe("resolveColumns overrides (--map)", () => {
  const shopify = [
    "Customer ID",
    "Email",
    "Default Address Phone",
    "Phone",
    "Accepts SMS Marketing",
    "Notes",
  ];

  it("maps a field to the header it names, over the synonym choice", () => {
    const { named, unmapped } = resolved(shopify, { phone: "Default Address Phone" });
    expect(named.phone).toBe("Default Address Phone");
    expect(unmapped).toEqual(["Customer ID", "Phone", "Notes"]);
  });

  it("compares headers loosely and accepts loose field names", () => {
    expect(resolved(shopify, { phone: "default address phone" }).named.phone).toBe("Default Address Phone");
    expect(resolved(shopify, { "consent text": "notes" }).named.consent_text).toBe("Notes");
    expect(resolved(["Tel.", "Text"], { phone: "tel", consent_text: " TEXT " }).named).toEqual({
      phone: "Tel.",
      consent_text: "Text",
    });
  });

  it("takes a column away from the field a synonym gave it to", () => {
    const { named } = resolved(["Phone", "Accepts Marketing", "Accepts Email Marketing"], {
      whatsapp_opt_in: "Accepts Marketing",
    });
    expect(named).toEqual({
      phone: "Phone",
      whatsapp_opt_in: "Accepts Marketing",
      email_opt_in: "Accepts Email Marketing",
    });
  });

  it("an empty header leaves the field unmapped", () => {
    const { named, unmapped } = resolved(["Phone", "Accepts Marketing"], { marketing_opt_in: "" });
    expect(named).toEqual({ phone: "Phone" });
    expect(unmapped).toEqual(["Accepts Marketing"]);
  });

  it("rejects an unknown field, naming it and the valid fields", () => {
    const result = resolveColumns(shopify, { mobile: "Phone" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain('"mobile"');
    expect(result.error).toContain(CANONICAL_FIELDS.join(", "));
  });

  it("rejects a header the file lacks, naming it and the headers seen", () => {
    const result = resolveColumns(shopify, { phone: "Mobile Phone" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain('"Mobile Phone"');
    expect(result.error).toContain('"Default Address Phone"');
    expect(result.error).toContain('"Customer ID"');
  });

  it("rejects one column for two fields", () => {
    const result = resolveColumns(shopify, {
      whatsapp_opt_in: "Accepts SMS Marketing",
      sms_opt_in: "accepts sms marketing",
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain("already mapped to whatsapp_opt_in");
  });

  it("reports every bad override at once", () => {
    const result = resolveColumns(shopify, { nope: "Phone", phone: "Nope" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.split("\n")).toHaveLength(2);
  });
});

describe("resolveColumns without a phone column", () => {
  it("says which headers it saw and how to fix it", () => {
    expect(resolveColumns(["Email", "First Name", "Accepts SMS Marketing"], {})).toEqual({
      ok: false,
      error:
        'no phone column found; headers seen: "Email", "First Name", "Accepts SMS Marketing"; use --map phone=<Header>',
    });
  });

  it("is fixed by --map phone=...", () => {
    expect(resolved(["Email", "Handy"], { phone: "Handy" }).named.phone).toBe("Handy");
  });

  it("is an error again when --map phone= is empty", () => {
    expect(resolveColumns(["Phone"], { phone: "" }).ok).toBe(false);
  });

  it("handles an empty header row", () => {
    expect(resolveColumns([], {})).toEqual({
      ok: false,
      error: "no phone column found; headers seen: (none); use --map phone=<Header>",
    });
  });
});

describe("detectProvider", () => {
  it("recognises the legacy Shopify layout and ignores unknown files", () => {
    expect(detectProvider(["First Name", "Email", "Accepts Email Marketing", "Phone", "Total Orders"])).toBe(
      "shopify",
    );
    expect(detectProvider(["Phone", "Name"])).toBeNull();
  });
});

describe("cleanCell", () => {
  it.each<[string | null | undefined, string]>([
    [undefined, ""],
    [null, ""],
    ["", ""],
    ["   ", ""],
    ["'+15551234567", "+15551234567"],
    ["  '7301245500001 ", "7301245500001"],
    ["' +44 7400 123456", "+44 7400 123456"],
    ["'", ""],
    ["O'Brien", "O'Brien"],
    ["\u00a0yes\u00a0", "yes"],
    ["\uFEFFEmail", "Email"],
  ])("%j → %j", (value, expected) => {
    expect(cleanCell(value)).toBe(expected);
  });
});

describe("parseFlag / parseOptInState", () => {
  it.each<[string | null | undefined, boolean | null, string | null]>([
    ["yes", true, "opted_in"],
    [" YES ", true, "opted_in"],
    ["y", true, "opted_in"],
    ["true", true, "opted_in"],
    ["TRUE", true, "opted_in"],
    ["1", true, "opted_in"],
    ["SUBSCRIBED", true, "opted_in"],
    ["Subscribe", true, "opted_in"],
    ["opted_in", true, "opted_in"],
    ["opted-in", true, "opted_in"],
    ["optedin", true, "opted_in"],
    ["Opted In", true, "opted_in"],
    ["confirmed", true, "opted_in"],
    ["CONFIRMED_OPT_IN", true, "opted_in"],
    ["MARKETING", true, "opted_in"],
    ["no", false, "never"],
    ["N", false, "never"],
    ["false", false, "never"],
    ["0", false, "never"],
    ["NEVER_SUBSCRIBED", false, "never"],
    ["Never subscribed", false, "never"],
    ["NOT_SUBSCRIBED", false, "never"],
    ["pending", false, "never"],
    ["declined", false, "never"],
    ["UNSUBSCRIBED", false, "opted_out"],
    ["Unsubscribed", false, "opted_out"],
    ["opted_out", false, "opted_out"],
    ["Opted-Out", false, "opted_out"],
    ["STOP", false, "opted_out"],
    ["revoked", false, "opted_out"],
    ["TRANSACTIONAL", false, "transactional"],
    ["", null, null],
    ["   ", null, null],
    [null, null, null],
    [undefined, null, null],
    ["maybe", null, null],
    ["sms", null, null],
    ["2024-01-01", null, null],
    ["yes please", null, null],
  ])("%j → %j / %j", (value, flag, state) => {
    expect(parseFlag(value)).toBe(flag);
    expect(parseOptInState(value)).toBe(state);
  });
});

describe("parseTimestamp", () => {
  it.each<[string, string]>([
    ["2024-01-15T10:23:45Z", "2024-01-15T10:23:45.000Z"],
    ["2024-01-15T10:23:45.123Z", "2024-01-15T10:23:45.123Z"],
    ["2024-01-15t10:23:45z", "2024-01-15T10:23:45.000Z"],
    ["2024-01-15T10:23:45", "2024-01-15T10:23:45.000Z"],
    ["2024-01-15T10:23", "2024-01-15T10:23:00.000Z"],
    ["2024-01-15T10:23:45+05:30", "2024-01-15T04:53:45.000Z"],
    ["2024-01-15T10:23:45-0500", "2024-01-15T15:23:45.000Z"],
    ["2024-01-15T10:23:45+01", "2024-01-15T09:23:45.000Z"],
    ["2024-01-15", "2024-01-15T00:00:00.000Z"],
    ["2024-01-15 10:23:45", "2024-01-15T10:23:45.000Z"],
    ["2024-01-15 10:23:45 -0500", "2024-01-15T15:23:45.000Z"],
    ["2024-01-15 10:23:45 +0000", "2024-01-15T10:23:45.000Z"],
    ["2024-01-15 10:23:45 UTC", "2024-01-15T10:23:45.000Z"],
    ["2024-01-15 10:23:45 +0000 UTC", "2024-01-15T10:23:45.000Z"],
    ["2024-01-15 10:23:45 GMT+0100", "2024-01-15T09:23:45.000Z"],
    ["2014-09-30 13:34:08+00:00", "2014-09-30T13:34:08.000Z"],
    ["2014-09-30 13:34:08.000001", "2014-09-30T13:34:08.000Z"],
    ["2014-09-30 13:34:08.000001-04:00", "2014-09-30T17:34:08.000Z"],
    ["2025-07-08T14:02:11.384512+05:30", "2025-07-08T08:32:11.384Z"],
    ["2024/01/15 10:23", "2024-01-15T10:23:00.000Z"],
    ["2024-01-15 3:04 PM", "2024-01-15T15:04:00.000Z"],
    ["20240115T102345Z", "2024-01-15T10:23:45.000Z"],
    ["20240115", "2024-01-15T00:00:00.000Z"],
    ["1412098448", "2014-09-30T17:34:08.000Z"],
    ["1412098448.5", "2014-09-30T17:34:08.500Z"],
    ["1412098448123", "2014-09-30T17:34:08.123Z"],
    ["Mon, 15 Jan 2024 10:23:45 +0000", "2024-01-15T10:23:45.000Z"],
    ["15 Jan 2024", "2024-01-15T00:00:00.000Z"],
    ["15-Jan-2024 10:23", "2024-01-15T10:23:00.000Z"],
    ["Jan 15, 2024 3:04 PM", "2024-01-15T15:04:00.000Z"],
    ["January 15, 2024 at 12:30 am", "2024-01-15T00:30:00.000Z"],
    ["  '2024-01-15T10:23:45Z  ", "2024-01-15T10:23:45.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
    // Numeric dates that only one order makes a date; dotted ones are day first.
    ["13/04/2024", "2024-04-13T00:00:00.000Z"],
    ["04/13/2024", "2024-04-13T00:00:00.000Z"],
    ["30.09.2014 13:34", "2014-09-30T13:34:00.000Z"],
  ])("%j → %s", (value, iso) => {
    expect(parseTimestamp(value)?.toISOString()).toBe(iso);
  });

  it.each([
    "",
    "   ",
    "03/04/2024",
    "3/4/24",
    "13/13/2024",
    "2023-02-29",
    "2024-13-01",
    "2024-01-32",
    "2024-01-15 24:00:00",
    "2024-01-15T10:60",
    "2024-01-15T10:23:45 America/New_York",
    "2024-01-15T10:23:45 EST",
    "2024-01-15T10:23:45+15:00",
    "2024-01-15 13:00 PM",
    "Foo 15, 2024",
    "yesterday",
    "2024",
    "12345",
    "99999999999999",
    "TRUE",
  ])("%j → null", (value) => {
    expect(parseTimestamp(value)).toBeNull();
  });

  it("reads d/m/y dates only in the order it is told", () => {
    expect(parseTimestamp("03/04/2024", { slashDates: "mdy" })?.toISOString()).toBe(
      "2024-03-04T00:00:00.000Z",
    );
    expect(parseTimestamp("03/04/2024", { slashDates: "dmy" })?.toISOString()).toBe(
      "2024-04-03T00:00:00.000Z",
    );
    expect(parseTimestamp("09/30/14 13:34", { slashDates: "mdy" })?.toISOString()).toBe(
      "2014-09-30T13:34:00.000Z",
    );
    expect(parseTimestamp("30.09.2014 13:34:08", { slashDates: "dmy" })?.toISOString()).toBe(
      "2014-09-30T13:34:08.000Z",
    );
    expect(parseTimestamp("13/04/2024", { slashDates: "mdy" })).toBeNull();
  });

  it("never throws and returns a valid date or null (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const d = parseTimestamp(s);
        expect(d === null || !Number.isNaN(d.getTime())).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips any ISO string (property)", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1975-01-01T00:00:00Z"),
          max: new Date("2099-12-31T23:59:59Z"),
          noInvalidDate: true,
        }),
        (d) => {
          expect(parseTimestamp(d.toISOString())?.getTime()).toBe(d.getTime());
        },
      ),
    );
  });
});

describe("parseOptOut", () => {
  it.each<[string, boolean | null, string | null]>([
    ["", false, null],
    ["2025-06-30 18:22:41", true, "2025-06-30T18:22:41.999Z"],
    ["true", true, null],
    ["yes", true, null],
    ["false", false, null],
    ["unsubscribed", true, null],
    ["subscribed", false, null],
    ["never_subscribed", false, null],
    ["soon", null, null],
  ])("%j → optedOut %j at %j", (value, optedOut, at) => {
    const result = parseOptOut(value);
    expect(result.optedOut).toBe(optedOut);
    expect(result.at?.toISOString() ?? null).toBe(at);
  });
});

describe("parseCountryCode", () => {
  it.each<[string, string | null]>([
    ["US", "US"],
    ["us", "US"],
    [" gb ", "GB"],
    ["UK", "GB"],
    ["United States", "US"],
    ["United Kingdom", "GB"],
    ["USA", "US"],
    ["Australia", "AU"],
    ["france", "FR"],
    ["Mexico", "MX"],
    ["México", "MX"],
    ["Deutschland", "DE"],
    ["Czech Republic", "CZ"],
    ["", null],
    ["+44", null],
    ["EU", null],
    ["ZZ", null],
    ["QQ", null],
    ["Atlantis", null],
  ])("%j → %j", (value, code) => {
    expect(parseCountryCode(value)).toBe(code);
  });
});
