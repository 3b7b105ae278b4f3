/**
 * `wa-consent check-list`: sorts a provider's subscriber export into Group A
 * (substantiated WhatsApp opt-ins, the clean export) and Group B (everyone
 * else, with reasons), plus a report. Two streaming passes over the file:
 * the first finds the winner for every phone, the second writes the rows.
 */
import { mkdir, readdir, rename, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { type Classification, classifyContact, isExportable } from "../consent/classify";
import { textSha256 } from "../consent/consent-text";
import { type DedupeCandidate, DedupeIndex } from "../consent/dedupe";
import { REASON_CODES, type ReasonCode, SEGMENTS, type Segment } from "../consent/types";
import { CANONICAL_FIELDS, detectProvider, PROVIDERS, resolveColumns } from "./columns";
import { LineWriter, readLines, StagedCsvFile } from "./csv-writer";
import { type InterpretedRow, interpretRow, type RowContext } from "./interpret-row";
import { ListInputError, openCsv } from "./read-csv";

export const GROUP_A_COLUMNS = [
  "phone_e164",
  "phone_raw",
  "first_name",
  "last_name",
  "email",
  "country",
  "opt_in_at",
  "opt_in_method",
  "opt_in_source",
  "opt_in_level",
  "consent_text",
  "consent_text_sha256",
  "shopify_customer_id",
  "evidence_id",
] as const;

export const GROUP_B_EXTRA_COLUMNS = ["segment", "reasons", "phone_e164", "duplicate_of"] as const;

export interface ListCheckOptions {
  file: string;
  brand: string;
  defaultCountry: string | null;
  /** `--map field=Header` overrides. */
  overrides: Record<string, string>;
  outDir: string;
  now?: () => Date;
}

export interface ListCheckReport {
  file: string;
  brand: string;
  provider: string | null;
  rows: number;
  groupA: number;
  groupB: number;
  segments: Record<Segment, number>;
  reasons: Record<ReasonCode, number>;
  columns: Record<string, string>;
  unmappedColumns: string[];
  outputs: { groupA: string; groupB: string; report: string };
  generatedAt: string;
}

const CUSTOMER_ID_HEADERS = new Set(["customerid", "shopifycustomerid"]);

function dedupeCandidate(line: number, cells: string[], classification: Classification): DedupeCandidate {
  return {
    id: String(line),
    segment: classification.segment,
    optInLevel: classification.optInLevel,
    decidedAt: classification.decidedAt,
    tieKey: cells.join("\u0001"),
  };
}

/** One row as pass 1 leaves it for pass 2 (a JSON line in a staging file). */
type StagedRow = [
  line: number,
  phoneE164: string,
  segment: Segment,
  reasons: ReasonCode[],
  groupARow: string[] | null,
  cells: string[],
];

export async function runListCheck(options: ListCheckOptions): Promise<ListCheckReport> {
  const label = path.basename(options.file);
  const csv = await openCsv(options.file);
  const resolved = resolveColumns(csv.headers, options.overrides);
  if (!resolved.ok) throw new ListInputError(label, 1, resolved.error);
  const provider = detectProvider(csv.headers);
  const customerIdColumn = csv.headers.findIndex((header) =>
    CUSTOMER_ID_HEADERS.has(header.toLowerCase().replace(/[^a-z]/g, "")),
  );
  const context: RowContext = {
    columns: resolved.columns,
    customerIdColumn: customerIdColumn >= 0 ? customerIdColumn : undefined,
    defaultCountry: options.defaultCountry,
    listChannel: provider ? PROVIDERS[provider].listChannel : null,
  };

  const createdOutDir = await ensureDirectory(options.outDir);
  const outputs = {
    groupA: path.join(options.outDir, "group-a.csv"),
    groupB: path.join(options.outDir, "group-b.csv"),
    report: path.join(options.outDir, "report.json"),
  };
  const stagingPath = path.join(options.outDir, `.check-list.${process.pid}.staging.jsonl`);
  const groupA = new StagedCsvFile(outputs.groupA, GROUP_A_COLUMNS);
  const groupB = new StagedCsvFile(outputs.groupB, [...csv.headers, ...GROUP_B_EXTRA_COLUMNS]);
  try {
    // Pass 1 (the expensive one): classify every row once, learn who stands
    // for each phone, and stage the outcome.
    const winners = new DedupeIndex();
    const staging = new LineWriter(stagingPath);
    for await (const { line, cells } of csv.records) {
      const row = interpretRow(cells, line, context);
      const classification = classifyContact(row.evidence, { brand: options.brand });
      const phoneE164 = row.phone.ok ? row.phone.e164 : "";
      if (phoneE164) winners.add(phoneE164, dedupeCandidate(line, cells, classification));
      const exportable = isExportable(classification);
      const staged: StagedRow = [
        line,
        phoneE164,
        classification.segment,
        classification.reasons,
        exportable ? groupARow(label, line, row, classification) : null,
        cells,
      ];
      await staging.write(JSON.stringify(staged));
    }
    await staging.close();

    // Pass 2 (cheap): mark duplicates and write both groups.
    const segments = Object.fromEntries(SEGMENTS.map((segment) => [segment, 0])) as Record<Segment, number>;
    const reasons = Object.fromEntries(REASON_CODES.map((code) => [code, 0])) as Record<ReasonCode, number>;
    let rows = 0;
    for await (const json of readLines(stagingPath)) {
      const [line, phoneE164, segment, rowReasons, exportRow, cells] = JSON.parse(json) as StagedRow;
      rows += 1;
      const winner = phoneE164 ? winners.winnerOf(phoneE164) : undefined;
      const duplicateOf = winner !== undefined && winner !== String(line) ? winner : null;
      if (duplicateOf) rowReasons.push("DUPLICATE");
      segments[segment] += 1;
      for (const reason of rowReasons) reasons[reason] += 1;
      if (exportRow && !duplicateOf) {
        await groupA.write(exportRow);
      } else {
        await groupB.write([
          ...cells,
          segment,
          rowReasons.join(";"),
          phoneE164,
          duplicateOf ? `${label}:${duplicateOf}` : "",
        ]);
      }
    }
    await Promise.all([groupA.close(), groupB.close()]);
    const report: ListCheckReport = {
      file: label,
      brand: options.brand,
      provider: provider ? PROVIDERS[provider].label : null,
      rows,
      groupA: groupA.rows,
      groupB: groupB.rows,
      segments,
      reasons,
      columns: Object.fromEntries(
        CANONICAL_FIELDS.filter((field) => resolved.columns[field] !== undefined).map((field) => [
          field,
          csv.headers[resolved.columns[field] as number] as string,
        ]),
      ),
      unmappedColumns: resolved.unmapped,
      outputs,
      generatedAt: (options.now?.() ?? new Date()).toISOString(),
    };
    const reportTemp = `${outputs.report}.${process.pid}.partial`;
    await writeFile(reportTemp, `${JSON.stringify(report, null, 2)}\n`);
    await groupA.publish();
    await groupB.publish();
    await rename(reportTemp, outputs.report);
    return report;
  } catch (error) {
    await Promise.all([groupA.discard(), groupB.discard(), rm(stagingPath, { force: true })]);
    await rmdirIfEmpty(options.outDir, createdOutDir);
    throw error;
  } finally {
    await rm(stagingPath, { force: true });
  }
}

function groupARow(
  label: string,
  line: number,
  row: InterpretedRow,
  classification: Classification,
): string[] {
  const optIn = classification.whatsappOptIn;
  const text = optIn?.consentText ?? "";
  return [
    row.phone.ok ? row.phone.e164 : "",
    row.phone.raw.trim(),
    row.firstName,
    row.lastName,
    row.email,
    row.country ?? "",
    optIn?.occurredAt?.toISOString() ?? "",
    row.optInMethod,
    optIn?.sourceDetail ?? "",
    classification.optInLevel ?? "single",
    text,
    text ? textSha256(text) : "",
    row.shopifyCustomerId,
    `${label}:${line}`,
  ];
}

async function ensureDirectory(dir: string): Promise<boolean> {
  const existed = await readdir(dir).then(
    () => true,
    () => false,
  );
  if (!existed) await mkdir(dir, { recursive: true });
  return !existed;
}

async function rmdirIfEmpty(dir: string, created: boolean) {
  if (!created) return;
  await rmdir(dir).catch(() => undefined);
}
