/**
 * No CSV the project writes can start a cell with a formula: one property
 * over every writer (the cell writer, the streamed exports and evidence pack
 * CSVs, staged files, and check-list's group A and group B). A cell that is
 * only a phone number keeps its "+".
 */
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers/temp";
import { textSha256 } from "../consent/consent-text";
import { csvChunks } from "../export/csv-stream.server";
import { runListCheck } from "../list-check/check-list";
import { csvField, csvLine, StagedCsvFile } from "./csv-writer";

const DANGEROUS = ["=", "+", "-", "@", "\t", "\r"] as const;

/** A cell a spreadsheet could run: starts with = + - @ tab or CR, and is not a phone number. */
const dangerousCell = fc
  .tuple(fc.constantFrom(...DANGEROUS), fc.string({ maxLength: 12 }))
  .map(([first, rest]) => `${first}${rest}`)
  .filter((cell) => !/^\+[\d ()./-]*$/.test(cell));

/** "+" and 7 to 15 digits, grouped with spaces, ( ) - . or /. */
const phoneCell = fc
  .array(fc.tuple(fc.stringMatching(/^[0-9]{1,4}$/), fc.constantFrom(" ", "-", ".", "/", "", "(", ")")), {
    minLength: 3,
    maxLength: 6,
  })
  .map((groups) => `+${groups.map(([digits, separator]) => `${digits}${separator}`).join("")}`.trimEnd())
  .filter((cell) => {
    const digits = cell.replace(/\D/g, "").length;
    return digits >= 7 && digits <= 15;
  });

/** As above, as a list cell that reading does not change (check-list trims cells; tab and CR lead nothing then). */
const listCell = dangerousCell.filter((cell) => cell.trim() === cell && !/^[\t\r]/.test(cell));

const parseCsv = (text: string): string[][] =>
  parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true });

/** Every cell of `rows` that starts like a formula is a phone number; `dangerous` cells all appear escaped. */
function expectNeutralised(rows: string[][], dangerous: readonly string[], phones: readonly string[]) {
  const cells = rows.flat();
  for (const cell of cells) {
    if (/^[=+\-@\t\r]/.test(cell)) expect(cell).toMatch(/^\+[\d ()./-]*$/);
  }
  for (const cell of dangerous) expect(cells).toContain(`'${cell}`);
  for (const phone of phones) expect(cells).toContain(phone);
}

describe("every CSV writer neutralises formula cells", () => {
  it("the cell writer, row by row", () => {
    fc.assert(
      fc.property(fc.array(dangerousCell, { minLength: 1 }), fc.array(phoneCell), (dangerous, phones) => {
        expect(dangerous.map(csvField).every((field) => /^"?'/.test(field))).toBe(true);
        expectNeutralised(parseCsv(csvLine([...dangerous, ...phones])), dangerous, phones);
      }),
    );
  });

  it("the streamed exports (group A, re-permission, evidence pack CSVs)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(dangerousCell, { minLength: 1 }), phoneCell, async (dangerous, phone) => {
        async function* rows() {
          for (const cell of dangerous) yield [cell, phone, "plain"];
        }
        let text = "";
        for await (const chunk of csvChunks(["=header", "phone", "note"], rows(), { rows: 0 })) text += chunk;
        expectNeutralised(parseCsv(text), [...dangerous, "=header"], [phone]);
      }),
      { numRuns: 50 },
    );
  });

  it("staged files", async () => {
    const dir = tempDir("wa-neutralise-");
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(dangerousCell, { minLength: 1 }), phoneCell, async (dangerous, phone) => {
        const file = new StagedCsvFile(path.join(dir, `out-${run++}.csv`), dangerous);
        await file.write([phone, ...dangerous]);
        await file.close();
        await file.publish();
        expectNeutralised(parseCsv(readFileSync(file.finalPath, "utf8")), dangerous, [phone]);
      }),
      { numRuns: 30 },
    );
  });

  it("check-list's group A and group B, with the consent hash of the wording as shown", async () => {
    const dir = tempDir("wa-neutralise-list-");
    const wording = "Yes! Send me offers from Acme Coffee on WhatsApp. Reply STOP to unsubscribe.";
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(listCell, listCell), {
          minLength: 1,
          maxLength: 6,
        }),
        async (people) => {
          const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
          const lines = [
            "Phone Number,First Name,Email,WhatsApp Opt In,Opt-in Date,Signup Source,Consent Text",
          ];
          people.forEach(([name, email], index) => {
            const phone = `+34 612 345 ${String(600 + index)}`;
            const text = `- ${wording}`;
            lines.push(
              [phone, name, email, "yes", "2026-03-01T10:00:00Z", "https://acme.example/wa", text]
                .map(quote)
                .join(","),
            );
          });
          const file = path.join(dir, `list-${run}.csv`);
          await writeFile(file, `${lines.join("\r\n")}\r\n`);
          const outDir = path.join(dir, `out-${run++}`);
          await runListCheck({ file, outDir, brand: "Acme Coffee", defaultCountry: null, overrides: {} });
          const groupA = parseCsv(readFileSync(path.join(outDir, "group-a.csv"), "utf8"));
          const groupB = parseCsv(readFileSync(path.join(outDir, "group-b.csv"), "utf8"));
          const dangerous = people.flat();
          expectNeutralised([...groupA, ...groupB], dangerous, []);
          const header = groupA[0] ?? [];
          // Everyone is substantiated: the list of a bullet ("- Yes! ...") is acceptable wording.
          expect(groupA.length - 1).toBe(people.length);
          for (const row of groupA.slice(1)) {
            const shown = row[header.indexOf("consent_text")] ?? "";
            expect(shown.startsWith("'")).toBe(true);
            // The hash is of the wording as the shopper saw it: the cell without its one leading '.
            const sha = textSha256(shown.slice(1));
            expect(row[header.indexOf("consent_text_sha256")]).toBe(sha);
            expect(row[header.indexOf("phone_e164")]).toMatch(/^\+34612345\d{3}$/);
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});
