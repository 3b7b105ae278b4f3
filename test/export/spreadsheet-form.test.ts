/**
 * The two forms of the CSV downloads, through the real routes on a migrated
 * database: the importer form is unchanged (no byte order mark, +34... as
 * is); the spreadsheet form starts with a UTF-8 byte order mark and writes
 * every phone and Shopify id as ="...", which spreadsheets show as text (so
 * the + stays), and its log entry hashes the exact bytes sent. The
 * re-permission list can be narrowed to one segment (a contact page links
 * to it that way).
 */
import { createHash, randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordCapturedConsent } from "../../app/capture/record-consent.server";
import { GROUP_A_COLUMNS } from "../../app/consent/clean-export";
import { csvField } from "../../app/csv/csv-writer";
import { spreadsheetField, TEXT_COLUMNS } from "../../app/export/csv-form";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import * as groupA from "../../app/routes/app.export.group-a";
import * as rePermission from "../../app/routes/app.export.re-permission";
import { applySnapshots } from "../../app/sync/apply-snapshots.server";
import { loadTestApp } from "../helpers/app";
import { readCsvText } from "../helpers/cli";

const SHOP = "sheet-coffee.myshopify.com";
const TEXT = "Yes, send me Sheet Coffee offers on WhatsApp. Reply STOP to unsubscribe at any time.";
let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  app = await loadTestApp({
    NODE_ENV: "test",
    DEMO_MODE: "1",
    DEMO_SHOP: SHOP,
    RATE_LIMIT_PER_CLIENT: "1000",
  });
  await app.db.shop.create({ data: { domain: SHOP, brandName: "Sheet Coffee", defaultCountry: "ES" } });
  await setConsentTextInUse(app.db, SHOP, "storefront", TEXT);
  for (const phone of ["+34 611 000 001", "+34 611 000 002"]) {
    await recordCapturedConsent(app.db, {
      shop: SHOP,
      clientEventId: randomUUID(),
      action: "opt_in",
      phone,
      consentText: TEXT,
      sourceKind: "storefront_block",
      sourceDetail: "https://sheet.example/pages/wa#b1",
      captureMethod: "checkbox",
    });
  }
  await app.db.contact.updateMany({
    where: { shop: SHOP, phoneE164: "+34611000001" },
    data: { firstName: "Lucía", lastName: "Müller" },
  });
  const sms = {
    state: "SUBSCRIBED",
    optInLevel: "SINGLE_OPT_IN",
    updatedAt: new Date(),
    collectedFrom: null,
  };
  await applySnapshots(app.db, SHOP, [
    {
      customerId: "7000000000405123456",
      firstName: "Sms",
      lastName: "Only",
      email: "sms@example.com",
      phone: "+34611000004",
      country: "ES",
      updatedAt: new Date(),
      consent: { email: null, whatsapp: null, sms },
    },
    {
      customerId: "7000000000405123457",
      firstName: "Email",
      lastName: "Only",
      email: "email@example.com",
      phone: null,
      country: "ES",
      updatedAt: new Date(),
      consent: { sms: null, whatsapp: null, email: { ...sms } },
    },
  ]);
});
afterAll(() => app.cleanup());

async function get(route: { loader: (args: never) => Promise<Response> }, path: string) {
  const response = await route.loader({
    request: new Request(`http://localhost${path}`),
    params: {},
    context: {},
  } as never);
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

const latestLog = () =>
  app.db.exportLog.findFirstOrThrow({ where: { shop: SHOP }, orderBy: { createdAt: "desc" } });
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("Group A in both forms", () => {
  it("the importer form is plain UTF-8 with phones as they are", async () => {
    const { response, bytes } = await get(groupA, "/app/export/group-a");
    expect(response.status).toBe(200);
    expect(bytes[0]).not.toBe(0xef);
    const rows = readCsvText(new TextDecoder().decode(bytes));
    expect(rows.map((row) => row.phone_e164).sort()).toEqual(["+34611000001", "+34611000002"]);
    expect((await latestLog()).options).toBe("with_names");
  });

  it("the spreadsheet form has a byte order mark, phones as text and the same rows; its log hashes the bytes sent", async () => {
    const { response, bytes } = await get(groupA, "/app/export/group-a?form=spreadsheet");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/-spreadsheet\.csv"$/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.subarray(3));
    expect(text.split("\r\n")[0]).toBe(GROUP_A_COLUMNS.join(","));
    const rows = readCsvText(text);
    expect(rows.map((row) => row.phone_e164).sort()).toEqual(['="+34611000001"', '="+34611000002"']);
    expect(rows.find((row) => row.phone_e164 === '="+34611000001"')).toMatchObject({
      first_name: "Lucía",
      last_name: "Müller",
      consent_text: TEXT,
    });
    const log = await latestLog();
    expect(log).toMatchObject({ kind: "group_a", options: "with_names,spreadsheet", rows: 2 });
    expect(log.sha256).toBe(sha256(bytes));
  });

  it("answers 400 with a message for an unknown form", async () => {
    const { response, bytes } = await get(groupA, "/app/export/group-a?form=xlsx");
    expect(response.status).toBe(400);
    expect(new TextDecoder().decode(bytes)).toMatch(/importer or spreadsheet/);
  });
});

describe("the re-permission list", () => {
  it("narrows to one segment, and keeps a 19-digit Shopify id whole in the spreadsheet form", async () => {
    const all = readCsvText(
      new TextDecoder().decode((await get(rePermission, "/app/export/re-permission")).bytes),
    );
    expect(all.map((row) => row.ask_via).sort()).toEqual(["email", "sms"]);
    const { bytes } = await get(rePermission, "/app/export/re-permission?segment=sms_only&form=spreadsheet");
    const rows = readCsvText(new TextDecoder().decode(bytes.subarray(3)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      ask_via: "sms",
      phone_e164: '="+34611000004"',
      shopify_customer_id: '="7000000000405123456"',
    });
    expect((await latestLog()).options).toBe("sms_only,spreadsheet");
    expect((await get(rePermission, "/app/export/re-permission?segment=vip")).response.status).toBe(400);
  });
});

describe("spreadsheetField", () => {
  it("writes a formula only for digits (and a leading +) in a text column; everything else as csvField does", () => {
    const columns = [...TEXT_COLUMNS, "first_name", "consent_text"];
    fc.assert(
      fc.property(
        fc.constantFrom(...columns),
        fc.oneof(fc.string(), fc.stringMatching(/^\+?\d{1,20}$/), fc.stringMatching(/^[=+@-].*/)),
        (column, value) => {
          const field = spreadsheetField(column, value);
          if (TEXT_COLUMNS.has(column) && /^\+?\d{1,20}$/.test(value)) {
            expect(field).toBe(`"=""${value}"""`);
          } else {
            expect(field).toBe(csvField(value));
          }
        },
      ),
    );
  });
});
