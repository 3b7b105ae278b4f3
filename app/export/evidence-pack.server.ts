/**
 * The evidence pack: one ZIP a WhatsApp platform's compliance reviewer can
 * read without the app (see evidence-pack-text.ts for what is in it).
 *
 * Streamed end to end: each file is produced a page of rows at a time,
 * deflated by fflate's streaming Zip and handed to the output before the
 * next page is read, waiting whenever the output is full. Memory stays flat
 * however many contacts and events the shop has. The ZIP is hashed on the
 * way out and the export logged once its last byte was handed over.
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { Zip, ZipDeflate } from "fflate";
import { GROUP_A_COLUMNS } from "../consent/clean-export";
import type { Database } from "../db.server";
import type { Download } from "../download";
import { verifyShopLedger } from "../ledger/consent-events.server";
import { csvChunks } from "./csv-stream.server";
import {
  captureSourcePages,
  confirmationsCsv,
  consentTextsMarkdown,
  doubleOptInCodesCsv,
  type LedgerReport,
  ledgerReport,
} from "./evidence-pack-files.server";
import { PACK_FILES, readmeMarkdown } from "./evidence-pack-text";
import { ExportReceipt, exportFileName } from "./export-log.server";
import { type GroupAOptions, groupAOptionsLabel, groupAValueRows } from "./group-a.server";

/** Where the ZIP's bytes go; resolves when the destination can take more. */
export type ByteSink = (chunk: Uint8Array) => Promise<void>;

export interface EvidencePackOptions extends Partial<GroupAOptions> {
  /** AdminContext.actor of whoever asked; "script" for command-line use. */
  requestedBy?: string;
  /** Signs the ledger head written into the pack; the app's secret (SHOPIFY_API_SECRET) by default. */
  witnessKey?: string;
}

export interface EvidencePackResult {
  groupARows: number;
  bytes: number;
  sha256: string;
  ledger: LedgerReport;
  exportLogId: string;
}

const encoder = new TextEncoder();

/** fflate's Zip around an async sink: chunks it emits are queued, then drained with backpressure. */
class StreamingZip {
  private readonly zip: Zip;
  private readonly queue: Uint8Array[] = [];
  private failure: Error | null = null;
  private readonly checksums: string[] = [];

  constructor(private readonly sink: ByteSink) {
    this.zip = new Zip((error, chunk) => {
      if (error) this.failure = error;
      else this.queue.push(chunk);
    });
  }

  async addFile(name: string, chunks: AsyncIterable<string> | Iterable<string>): Promise<void> {
    const file = new ZipDeflate(name, { level: 6 });
    file.mtime = new Date();
    this.zip.add(file);
    const hash = createHash("sha256");
    for await (const text of chunks) {
      const bytes = encoder.encode(text);
      hash.update(bytes);
      file.push(bytes, false);
      await this.drain();
    }
    file.push(new Uint8Array(0), true);
    await this.drain();
    this.checksums.push(`${hash.digest("hex")}  ${name}\n`);
  }

  async end(): Promise<void> {
    await this.addFile(PACK_FILES.checksums, [this.checksums.join("")]);
    this.zip.end();
    await this.drain();
  }

  private async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.queue.length > 0) await this.sink(this.queue.shift() as Uint8Array);
  }
}

/**
 * Produces the pack into `sink` and logs the export. An error of ours
 * (not the sink's: a client that went away) is logged as a failed export
 * and rethrown, so the caller aborts the download rather than ending it.
 */
export async function producePack(
  db: Database,
  shop: string,
  sink: ByteSink,
  options: EvidencePackOptions = {},
): Promise<EvidencePackResult> {
  const includeNames = options.includeNames ?? true;
  const receipt = new ExportReceipt({
    shop,
    kind: "evidence_pack",
    requestedBy: options.requestedBy ?? "script",
    options: groupAOptionsLabel({ includeNames }),
  });
  let sinkFailed = false;
  const zip = new StreamingZip(async (chunk) => {
    receipt.update(chunk);
    try {
      await sink(chunk);
    } catch (error) {
      sinkFailed = true;
      throw error;
    }
  });
  const counter = { rows: 0 };
  try {
    const witnessKey = options.witnessKey ?? process.env.SHOPIFY_API_SECRET;
    const ledger = await writePackFiles(db, shop, zip, { includeNames, witnessKey }, counter);
    const log = await receipt.complete(db, counter.rows);
    return { groupARows: counter.rows, bytes: receipt.size, sha256: log.sha256, ledger, exportLogId: log.id };
  } catch (error) {
    if (!sinkFailed) await receipt.fail(db, counter.rows);
    throw error;
  }
}

async function writePackFiles(
  db: Database,
  shop: string,
  zip: StreamingZip,
  { includeNames, witnessKey }: { includeNames: boolean; witnessKey: string | undefined },
  counter: { rows: number },
): Promise<LedgerReport> {
  const settings = await db.shop.findUnique({ where: { domain: shop } });
  const sources = await captureSourcePages(db, shop);
  await zip.addFile(PACK_FILES.readme, [
    readmeMarkdown({
      shop,
      generatedAt: new Date().toISOString(),
      doubleOptIn: settings?.doubleOptIn ?? false,
      sourceFiles: sources.map((source) => source.fileName),
      includeNames,
    }),
  ]);
  await zip.addFile(
    PACK_FILES.groupA,
    csvChunks(GROUP_A_COLUMNS, groupAValueRows(db, shop, { includeNames }), counter),
  );
  await zip.addFile(PACK_FILES.consentTexts, consentTextsMarkdown(db, shop));
  for (const source of sources) await zip.addFile(source.fileName, source.chunks());
  await zip.addFile(PACK_FILES.codes, doubleOptInCodesCsv(db, shop));
  await zip.addFile(PACK_FILES.confirmations, confirmationsCsv(db, shop));
  // The stored head is read just before verifying: events arriving meanwhile only lengthen the verified chain.
  const stored = await db.shop.findUnique({
    where: { domain: shop },
    select: { ledgerHead: true, ledgerSeq: true },
  });
  const ledger = ledgerReport(shop, await verifyShopLedger(db, shop), stored, witnessKey);
  await zip.addFile(PACK_FILES.ledger, [`${JSON.stringify(ledger, null, 2)}\n`]);
  await zip.end();
  return ledger;
}

/**
 * Writes the pack to a Node stream (a file, for scripts and the benchmark),
 * waiting for 'drain' whenever its buffer is full, and ends it.
 */
export async function writeEvidencePack(
  db: Database,
  shop: string,
  writable: Writable,
  options: EvidencePackOptions = {},
): Promise<EvidencePackResult> {
  const result = await producePack(
    db,
    shop,
    async (chunk) => {
      if (!writable.write(chunk)) await once(writable, "drain");
    },
    options,
  );
  writable.end();
  await once(writable, "finish");
  return result;
}

/** The pack as a streamed download; a dropped connection stops the work and logs nothing. */
export function evidencePackDownload(db: Database, shop: string, options: EvidencePackOptions): Download {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>(
    undefined,
    { highWaterMark: 4 },
    { highWaterMark: 4 },
  );
  const writer = writable.getWriter();
  producePack(db, shop, (chunk) => writer.write(chunk), options)
    .then(() => writer.close())
    .catch((error: unknown) => writer.abort(error).catch(() => undefined));
  return {
    body: readable,
    contentType: "application/zip",
    fileName: exportFileName(shop, "evidence-pack", "zip"),
  };
}
