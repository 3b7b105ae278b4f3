/**
 * Uploads for the admin's list check. A CSV is streamed from the multipart
 * body straight to a file (bounded size, with backpressure, never held in
 * memory) inside a run folder named by a random, unguessable id under the
 * shop's own folder; outputs are written next to it and streamed back on
 * download. Any failure removes the run folder, so nothing half-written
 * stays behind; runs older than a day are deleted on the next upload.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import {
  createReadableStreamFromReadable,
  type UploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import type { Download } from "../download";
import { type ListCheckRefusal, ListCheckRequestError } from "./problems";

export const RUN_TTL_MS = 24 * 60 * 60 * 1000;
/** 16 random bytes, base64url. */
const RUN_ID = /^[A-Za-z0-9_-]{22}$/;
/** Room for the multipart framing and the small text fields around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;
const MAX_FIELDS = 40;
const MAX_FIELD_BYTES = 4096;
const ACCEPTED_EXTENSIONS = new Set([".csv", ".txt"]);
/** Workbooks get the message that says how to turn them into a CSV. */
const WORKBOOK_EXTENSIONS = new Set([".xlsx", ".xlsm", ".xls", ".ods", ".numbers"]);

export const OUTPUT_FILES = ["group-a.csv", "group-b.csv"] as const;
export type OutputFile = (typeof OUTPUT_FILES)[number];

export function listCheckRoot(): string {
  return path.join(tmpdir(), "wa-consent-list-check");
}

/** The shop's folder: a hash, so a domain never becomes a path. */
export function shopFolder(shop: string): string {
  return path.join(listCheckRoot(), createHash("sha256").update(shop).digest("hex").slice(0, 32));
}

/** The run's folder, or a 404 when the id is malformed (never a path outside the shop's folder). */
export function runFolder(shop: string, runId: string): string {
  if (!RUN_ID.test(runId)) throw new ListCheckRequestError("not_found", { code: "expired" });
  return path.join(shopFolder(shop), runId);
}

export interface ReceivedUpload {
  runId: string;
  /** Path of the stored CSV; its base name is the uploaded name, cleaned. */
  file: string;
  fields: Record<string, string>;
}

/** Streams the multipart upload's `file` part into a new run folder. */
export async function receiveUpload(
  request: Request,
  shop: string,
  maxBytes: number,
): Promise<ReceivedUpload> {
  const maxMb = Math.round((maxBytes / 1024 / 1024) * 100) / 100;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes + MULTIPART_OVERHEAD)
    throw new ListCheckRequestError("too_large", { code: "tooBig", maxMb });
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    throw new ListCheckRequestError("unsupported_content", { code: "notMultipart" });
  }
  await removeOldRuns();
  const runId = randomBytes(16).toString("base64url");
  const folder = runFolder(shop, runId);
  await mkdir(path.join(folder, "upload"), { recursive: true });
  let stored: string | null = null;
  const fields: Record<string, string> = {};
  let fieldCount = 0;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (typeof filename === "string") {
      if (name !== "file" || stored !== null || filename === "") {
        await drain(data, maxBytes, maxMb);
        return undefined;
      }
      const target = path.join(folder, "upload", cleanFileName(filename));
      await saveFile(data, target, maxBytes, maxMb);
      stored = target;
      return undefined;
    }
    fieldCount += 1;
    if (fieldCount > MAX_FIELDS) throw new ListCheckRequestError("invalid", { code: "notMultipart" });
    fields[name] = await readField(data);
    return undefined;
  };
  try {
    await unstable_parseMultipartFormData(request, handler);
    if (stored === null) throw new ListCheckRequestError("invalid", { code: "noFile" });
    return { runId, file: stored, fields };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    if (error instanceof ListCheckRequestError) throw error;
    // The multipart parser's own errors: a truncated or malformed body.
    if (error instanceof TypeError || /multipart|boundary/i.test(String(error))) {
      throw new ListCheckRequestError("invalid", { code: "notMultipart" });
    }
    throw error;
  }
}

/** The uploaded name, reduced to safe characters; its extension must say CSV (or text). */
export function cleanFileName(name: string): string {
  const base = path.basename(name.replaceAll("\\", "/")).normalize("NFC");
  const extension = path.extname(base).toLowerCase();
  if (WORKBOOK_EXTENSIONS.has(extension))
    throw new ListCheckRequestError("unsupported_content", { code: "spreadsheet" });
  if (!ACCEPTED_EXTENSIONS.has(extension))
    throw new ListCheckRequestError("unsupported_content", { code: "notCsv" });
  const stem = base
    .slice(0, base.length - extension.length)
    .replace(/[^\p{L}\p{N}._ -]/gu, "_")
    .replace(/^[.\s]+/, "")
    .slice(0, 80)
    .trim();
  return `${stem || "list"}${extension}`;
}

async function saveFile(data: AsyncIterable<Uint8Array>, target: string, maxBytes: number, maxMb: number) {
  const out = createWriteStream(target, { flags: "wx" });
  let bytes = 0;
  try {
    for await (const chunk of data) {
      if (bytes === 0) refuseBinary(chunk);
      bytes += chunk.byteLength;
      if (bytes > maxBytes) throw new ListCheckRequestError("too_large", { code: "tooBig", maxMb });
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
    out.end();
    await finished(out);
  } catch (error) {
    out.destroy();
    throw error;
  }
}

/** Workbooks and other binary files, told apart from text by their first bytes. */
function refuseBinary(head: Uint8Array) {
  const starts = (...bytes: number[]) => bytes.every((byte, index) => head[index] === byte);
  // ZIP (xlsx, numbers, ods) and OLE (xls) containers.
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0xd0, 0xcf, 0x11, 0xe0)) {
    throw new ListCheckRequestError("unsupported_content", { code: "spreadsheet" });
  }
  // UTF-16 has NUL bytes too; the CSV reader explains that case itself.
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return;
  if (head.subarray(0, 4096).includes(0))
    throw new ListCheckRequestError("unsupported_content", { code: "binary" });
}

/** Reads and discards a part this form does not use (bounded like the file itself). */
async function drain(data: AsyncIterable<Uint8Array>, maxBytes: number, maxMb: number) {
  let bytes = 0;
  for await (const chunk of data) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) throw new ListCheckRequestError("too_large", { code: "tooBig", maxMb });
  }
}

async function readField(data: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of data) {
    bytes += chunk.byteLength;
    if (bytes > MAX_FIELD_BYTES) throw new ListCheckRequestError("invalid", { code: "notMultipart" });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The CSV stored for a run, or a 404 when the run expired or belongs to another shop. */
export async function storedUpload(shop: string, runId: string): Promise<string> {
  const folder = path.join(runFolder(shop, runId), "upload");
  const files = await readdir(folder).catch(() => [] as string[]);
  const [file] = files;
  if (!file) throw new ListCheckRequestError("not_found", { code: "expired" });
  return path.join(folder, file);
}

/** One output file of a run of this shop, to stream; not found when the run expired or is another shop's. */
export async function outputDownload(
  shop: string,
  runId: string,
  file: OutputFile,
): Promise<{ ok: true; value: Download } | ListCheckRefusal> {
  let upload: string;
  let target: string;
  try {
    upload = await storedUpload(shop, runId);
    target = path.join(runFolder(shop, runId), "out", file);
  } catch (error) {
    if (error instanceof ListCheckRequestError) return error.refusal;
    throw error;
  }
  const size = await stat(target).then(
    (stats) => stats.size,
    () => null,
  );
  if (size === null) return { ok: false, kind: "not_found", problem: { code: "expired" } };
  const stem = path.basename(upload, path.extname(upload)).replace(/[^A-Za-z0-9._-]/g, "_");
  return {
    ok: true,
    value: {
      body: createReadableStreamFromReadable(createReadStream(target)),
      contentType: "text/csv; charset=utf-8",
      fileName: `${stem}-${file}`,
      size,
      privateCopy: true,
    },
  };
}

/** Deletes every run (of any shop) whose folder was last changed more than `maxAgeMs` ago. */
export async function removeOldRuns(maxAgeMs = RUN_TTL_MS, now = Date.now()): Promise<number> {
  let removed = 0;
  const root = listCheckRoot();
  for (const shopEntry of await readdir(root).catch(() => [] as string[])) {
    const shopPath = path.join(root, shopEntry);
    for (const runEntry of await readdir(shopPath).catch(() => [] as string[])) {
      const runPath = path.join(shopPath, runEntry);
      const changed = await stat(runPath).then(
        (stats) => stats.mtimeMs,
        () => now,
      );
      if (now - changed > maxAgeMs) {
        await rm(runPath, { recursive: true, force: true });
        removed += 1;
      }
    }
  }
  return removed;
}
