/**
 * Pass 1 of `wa-consent check-list` for one row: interpret it, classify it,
 * and stage what pass 2 needs as ready-made CSV text (see ./staging.ts), plus
 * the numbers the dedupe index ranks the row by. The same code runs on the
 * main thread (small files) and in worker threads (large ones), so both give
 * byte-identical results.
 */
import { type Classification, classifyContact, isExportable } from "../consent/classify";
import { textSha256 } from "../consent/consent-text";
import { evidenceStrength, tieHashOfParts } from "../consent/dedupe";
import { type BlockKeys, blockKeysOf } from "../consent/opt-out-block";
import { internationalReadingOf } from "../consent/phone";
import { REASON_CODES, type ReasonCode, SEGMENTS, type Segment } from "../consent/types";
import { type ByteBuffer, csvFields, csvLine } from "../csv/csv-writer";
import { type InterpretedRow, interpretRow, type RowContext } from "./interpret-row";
import { stageWithoutPhone, stageWithPhone } from "./staging";

/** Counts pass 1 can make on its own (DUPLICATE is counted in pass 2). */
export interface StageTotals {
  rows: number;
  /** Timestamps that named no zone, read in the file's time zone. */
  zonelessTimes: number;
  segments: Record<Segment, number>;
  reasons: Record<ReasonCode, number>;
}

export function emptyTotals(): StageTotals {
  return {
    rows: 0,
    zonelessTimes: 0,
    segments: Object.fromEntries(SEGMENTS.map((segment) => [segment, 0])) as Record<Segment, number>,
    reasons: Object.fromEntries(REASON_CODES.map((code) => [code, 0])) as Record<ReasonCode, number>,
  };
}

export function addTotals(into: StageTotals, more: StageTotals): void {
  into.rows += more.rows;
  into.zonelessTimes += more.zonelessTimes;
  for (const segment of SEGMENTS) into.segments[segment] += more.segments[segment];
  for (const code of REASON_CODES) into.reasons[code] += more.reasons[code];
}

/** Receives each row that has a valid phone, reduced to what DedupeIndex.addScored ranks it by. */
export type CandidateSink = (
  phoneE164: string,
  line: number,
  strength: number,
  at: number,
  tie: number,
  optedOut: boolean,
) => void;

/** Receives each opted-out row whose phone cannot be read, as the numbers it blocks. */
export type UnreadableOptOutSink = (keys: BlockKeys, line: number) => void;

export interface StageJob {
  /** The file's name as shown in ids and messages. */
  label: string;
  brand: string;
  context: RowContext;
}

/** Consent texts repeat on every row: hash each wording once (bounded). */
const shaCache = new Map<string, string>();
const SHA_CACHE_LIMIT = 1000;

function consentTextSha(text: string): string {
  let sha = shaCache.get(text);
  if (sha === undefined) {
    sha = textSha256(text);
    if (shaCache.size >= SHA_CACHE_LIMIT) shaCache.clear();
    shaCache.set(text, sha);
  }
  return sha;
}

const TIE_SEPARATOR = "\u0001";

export class RowStager {
  readonly totals = emptyTotals();
  private readonly classifyOptions: { brand: string };

  constructor(
    private readonly job: StageJob,
    private readonly onCandidate: CandidateSink,
    private readonly onUnreadableOptOut: UnreadableOptOutSink,
  ) {
    this.classifyOptions = { brand: job.brand };
  }

  /** Writes one row's staging record to `out` (rows must come in file order). */
  stage(cells: string[], line: number, out: ByteBuffer): void {
    const row = interpretRow(cells, line, this.job.context);
    const classification = classifyContact(row.evidence, this.classifyOptions);
    const { segment, reasons } = classification;
    const totals = this.totals;
    totals.rows += 1;
    totals.zonelessTimes += row.zonelessTimes;
    totals.segments[segment] += 1;
    for (let index = 0; index < reasons.length; index++) totals.reasons[reasons[index] as ReasonCode] += 1;

    // Group B's row: the input cells, then segment and reasons (never quoted:
    // they are [a-z_] and [A-Z_;]); pass 2 adds phone_e164 and duplicate_of.
    const groupBPrefix = `${csvFields(cells)},${segment},${reasons.join(";")}`;
    if (!row.phone.ok) {
      if (segment === "opted_out") {
        // Never dropped: it blocks every number it could be (see opt-out-block.ts).
        const keys = blockKeysOf(row.phone.raw, [row.country, this.job.context.defaultCountry]);
        if (keys) this.onUnreadableOptOut(keys, line);
      }
      stageWithoutPhone(out, `${groupBPrefix},,\r\n`);
      return;
    }
    const phoneE164 = row.phone.e164;
    if (segment === "opted_out") {
      // Read with a country, but maybe an international number whose "+" was lost: it blocks that one too.
      const other = internationalReadingOf(row.phone.raw, phoneE164);
      if (other !== null) this.onUnreadableOptOut({ full: [other], national: [] }, line);
    }
    this.onCandidate(
      phoneE164,
      line,
      evidenceStrength(classification),
      classification.decidedAt?.getTime() ?? Number.NEGATIVE_INFINITY,
      tieHashOfParts(cells, TIE_SEPARATOR),
      segment === "opted_out",
    );
    const groupALine = isExportable(classification) ? this.groupALine(line, row, classification) : "";
    stageWithPhone(out, line, phoneE164, groupALine, groupBPrefix);
  }

  private groupALine(line: number, row: InterpretedRow, classification: Classification): string {
    const optIn = classification.whatsappOptIn;
    const text = optIn?.consentText ?? "";
    return csvLine([
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
      text ? consentTextSha(text) : "",
      row.shopifyCustomerId,
      `${this.job.label}:${line}`,
    ]);
  }
}
