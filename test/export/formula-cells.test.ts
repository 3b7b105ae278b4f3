/**
 * No file the app writes starts a cell like a formula, whatever shoppers or
 * merchants typed: one property over every writer, fed through the app's
 * own paths (capture, Shopify sync, list upload) with names, emails, page
 * addresses and list cells that begin with = + - @ tab or CR. The writers:
 * the Group A export (both forms), the re-permission export (both forms),
 * the evidence pack's CSVs, and check-list from the command line.
 * (app/list-check/csv-neutralize.test.ts holds the cell writer's own property.)
 */
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordCapturedConsent } from "../../app/capture/record-consent.server";
import {
  evidencePackResponse,
  groupAExportResponse,
  rePermissionExportResponse,
} from "../../app/http/downloads.server";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import { applySnapshots } from "../../app/sync/apply-snapshots.server";
import { loadTestApp } from "../helpers/app";
import { cli } from "../helpers/cli";
import { snapshot, subscribed } from "../helpers/export-fixtures";
import { tempDir } from "../helpers/temp";

const TEXT = "Yes, send me Acme Coffee offers on WhatsApp. Reply STOP to unsubscribe at any time.";
const DANGEROUS = ["=", "+", "-", "@", "\t", "\r"] as const;
let app: Awaited<ReturnType<typeof loadTestApp>>;
let dir: string;

beforeAll(async () => {
  app = await loadTestApp();
  dir = tempDir("wa-formula-cells-");
});
afterAll(async () => {
  await app?.cleanup();
});

/** A value a spreadsheet could run: one of `leads`, then printable text (never a bare phone number). */
const formulaLedBy = (leads: readonly string[]) =>
  fc
    .tuple(fc.constantFrom(...leads), fc.stringMatching(/^[A-Za-z(][A-Za-z0-9 (),.!*/|:"'+=-]{0,20}$/))
    .map(([lead, rest]) => `${lead}${rest}`);
const formula = formulaLedBy(DANGEROUS);
/**
 * The same for the list check's input, whose reader trims the whitespace
 * around every cell: a leading tab or carriage return never reaches its
 * output, so only the leads that survive trimming test its writer.
 */
const listFormula = formulaLedBy(["=", "+", "-", "@"]);

const parseCsv = (text: string): string[][] =>
  parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true });

/** A phone number on its own, or the spreadsheet form's ="<digits>" (built from digits only). */
const SAFE_LEAD = [/^\+[\d ()./-]*$/, /^="\+?\d{1,20}"$/];

/** Every cell that starts like a formula is one of the safe shapes; returns how many cells were escaped. */
function expectNoFormula(writer: string, text: string): number {
  let escaped = 0;
  for (const cell of parseCsv(text).flat()) {
    if (/^[=+\-@\t\r]/.test(cell)) {
      expect(
        SAFE_LEAD.some((shape) => shape.test(cell)),
        `${writer} wrote a formula cell: ${JSON.stringify(cell)}`,
      ).toBe(true);
    }
    if (/^'[=+\-@\t\r]/.test(cell)) escaped++;
  }
  return escaped;
}

let run = 0;

/** A shop whose Group A contact, re-permission contact and capture page carry the drawn values. */
async function seedShop(values: { first: string; last: string; email: string; page: string }) {
  const shop = `formula-${run}.myshopify.com`;
  await app.db.shop.create({ data: { domain: shop, brandName: "Acme Coffee", defaultCountry: "ES" } });
  await setConsentTextInUse(app.db, shop, "storefront", TEXT);
  const captured = await recordCapturedConsent(app.db, {
    shop,
    clientEventId: randomUUID(),
    action: "opt_in",
    phone: "+34 611 000 001",
    consentText: TEXT,
    sourceKind: "storefront_block",
    sourceDetail: values.page,
    captureMethod: "checkbox",
  });
  expect(captured.status).toBe("recorded");
  // The names Shopify sync would store on the Group A contact (a capture with a customer id
  // would queue a write-back to a Shopify that is not there).
  await app.db.contact.updateMany({
    where: { shop, phoneE164: "+34611000001" },
    data: { firstName: values.first, lastName: values.last, email: values.email },
  });
  await applySnapshots(app.db, shop, [
    snapshot(
      "2",
      { firstName: values.first, lastName: values.last, email: `${values.email}.2`, phone: "+34611000002" },
      { sms: subscribed },
    ),
  ]);
  return shop;
}

describe("every CSV the app writes neutralises formula cells", () => {
  it("Group A and re-permission exports (both forms), the evidence pack and check-list", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ first: formula, last: formula, email: formula, page: formula }),
        fc.array(fc.tuple(listFormula, listFormula), { minLength: 1, maxLength: 4 }),
        async (values, listRows) => {
          run++;
          const shop = await seedShop(values);
          const escaped: Record<string, number> = {};
          for (const form of ["importer", "spreadsheet"] as const) {
            const groupA = groupAExportResponse(app.db, shop, {
              includeNames: true,
              requestedBy: "test",
              form,
            });
            escaped[`group A (${form})`] = expectNoFormula(`group A (${form})`, await groupA.text());
            const again = rePermissionExportResponse(app.db, shop, "test", { form });
            escaped[`re-permission (${form})`] = expectNoFormula(
              `re-permission (${form})`,
              await again.text(),
            );
          }
          const pack = unzipSync(
            new Uint8Array(await evidencePackResponse(app.db, shop, { includeNames: true }).arrayBuffer()),
          );
          const csvs = Object.keys(pack).filter((name) => name.endsWith(".csv"));
          expect(csvs.length).toBeGreaterThan(1);
          escaped["evidence pack"] = 0;
          for (const name of csvs)
            escaped["evidence pack"] += expectNoFormula(
              `evidence pack ${name}`,
              strFromU8(pack[name] as Uint8Array),
            );

          const listDir = path.join(dir, `list-${run}`);
          const lines = [
            "Phone Number,First Name,Email,WhatsApp Opt In,Opt-in Date,Signup Source,Consent Text",
          ];
          listRows.forEach(([name, email], index) => {
            const cells = [
              `+34 612 345 ${600 + index}`,
              name,
              email,
              "yes",
              "2026-03-01T10:00:00Z",
              values.page,
              TEXT,
            ];
            lines.push(cells.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(","));
          });
          const list = path.join(dir, `list-${run}.csv`);
          await writeFile(list, `${lines.join("\r\n")}\r\n`);
          const result = await cli("check-list", list, "--brand", "Acme Coffee", "--out", listDir);
          expect(result.code, result.stderr).toBe(0);
          escaped["check-list"] = 0;
          for (const name of readdirSync(listDir).filter((file) => file.endsWith(".csv")))
            escaped["check-list"] += expectNoFormula(
              `check-list ${name}`,
              readFileSync(path.join(listDir, name), "utf8"),
            );

          // Each writer met the drawn values: a test that never wrote one could not fail.
          for (const [writer, count] of Object.entries(escaped))
            expect(count, `${writer} wrote none of the drawn values`).toBeGreaterThan(0);
        },
      ),
      { numRuns: 8 },
    );
  });
});
