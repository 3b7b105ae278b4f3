/**
 * The admin's list check: the same core as `wa-consent check-list`
 * (runListCheck) on a file uploaded through the page, with the column
 * mapping the merchant can edit. A new check of the same upload replaces the
 * previous outputs only once it has finished.
 */
import { randomBytes } from "node:crypto";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { toCountryCode } from "../consent/phone";
import type { ReasonCode, Segment } from "../consent/types";
import { ListInputError, openCsv } from "../csv/read-csv";
import type { ProblemKind } from "../problem";
import { runListCheck } from "./check-list";
import { CANONICAL_FIELDS, fieldForHeader, resolveColumns } from "./columns";
import { type ListCheckFieldProblem, type ListCheckProblem, ListCheckRequestError } from "./problems";
import { receiveUpload, runFolder, storedUpload } from "./upload.server";

const MAP_PREFIX = "map.";
/** The mapping form is a few hundred bytes; anything far larger is not from this page. */
const MAX_FORM_BYTES = 64 * 1024;

export const ListCheckSettings = z.object({
  brand: z.string().trim().min(1, "brandMissing").max(100),
  defaultCountry: z
    .string()
    .trim()
    .optional()
    .refine((value) => !value || toCountryCode(value) !== null, {
      message: "country",
    })
    .transform((value) => (value ? toCountryCode(value) : null)),
});

const RerunFields = ListCheckSettings.extend({ runId: z.string().min(1).max(100) });

/** What the page shows about a run (no server paths). */
export interface ListCheckRun {
  runId: string;
  fileName: string;
  headers: string[];
  /** Canonical field → header ("" when unused). */
  mapping: Record<string, string>;
  provider: string | null;
  unmapped: string[];
  rows: number;
  groupA: number;
  groupB: number;
  segments: Record<Segment, number>;
  reasons: Record<ReasonCode, number>;
}

export type ListCheckActionData =
  | { status: "checked"; run: ListCheckRun; settings: { brand: string; defaultCountry: string | null } }
  | {
      status: "needs_mapping";
      run: Pick<ListCheckRun, "runId" | "fileName" | "headers" | "mapping">;
      settings: { brand: string; defaultCountry: string | null };
      error: string;
    }
  | { status: "error"; problem: ListCheckProblem };

/** What the page shows, and whether the request was refused (and why) or went through. */
export interface ActionOutcome {
  refused?: ProblemKind;
  data: ListCheckActionData;
}

/** The page's action: a multipart upload starts a run; a plain form checks a stored upload again. */
export async function listCheckAction(
  request: Request,
  shop: string,
  options: { maxBytes: number },
): Promise<ActionOutcome> {
  try {
    const type = request.headers.get("content-type") ?? "";
    if (type.startsWith("multipart/form-data")) {
      const upload = await receiveUpload(request, shop, options.maxBytes);
      const settings = ListCheckSettings.safeParse(upload.fields);
      if (!settings.success) {
        await rm(runFolder(shop, upload.runId), { recursive: true, force: true });
        return invalid(settings.error);
      }
      return await checkRun(shop, upload.runId, upload.file, settings.data, {});
    }
    if (Number(request.headers.get("content-length") ?? "0") > MAX_FORM_BYTES) {
      throw new ListCheckRequestError("too_large", { code: "notMultipart" });
    }
    const fields = Object.fromEntries(
      [...(await request.formData()).entries()].map(([key, value]) => [key, String(value)]),
    );
    const parsed = RerunFields.safeParse(fields);
    if (!parsed.success) return invalid(parsed.error);
    const file = await storedUpload(shop, parsed.data.runId);
    const overrides: Record<string, string> = {};
    for (const field of CANONICAL_FIELDS) overrides[field] = fields[`${MAP_PREFIX}${field}`] ?? "";
    return await checkRun(shop, parsed.data.runId, file, parsed.data, overrides);
  } catch (error) {
    if (error instanceof ListCheckRequestError) {
      return { refused: error.kind, data: { status: "error", problem: error.problem } };
    }
    throw error;
  }
}

/** ListCheckSettings' own checks carry a code as their message; zod's others carry words. */
function invalid(error: z.ZodError): ActionOutcome {
  const fields: Record<string, ListCheckFieldProblem> = {};
  for (const issue of error.issues) {
    const { message } = issue;
    fields[String(issue.path[0])] ??=
      message === "brandMissing" || message === "country"
        ? { code: message }
        : { code: "invalid", detail: message };
  }
  return { refused: "invalid", data: { status: "error", problem: { code: "invalidFields", fields } } };
}

async function checkRun(
  shop: string,
  runId: string,
  file: string,
  settings: z.infer<typeof ListCheckSettings>,
  overrides: Record<string, string>,
): Promise<ActionOutcome> {
  const folder = runFolder(shop, runId);
  const fileName = path.basename(file);
  let headers: string[];
  try {
    const csv = await openCsv(file);
    headers = csv.headers;
    csv.close();
  } catch (error) {
    throw await badFile(folder, error);
  }
  const resolved = resolveColumns(headers, overrides);
  if (!resolved.ok) {
    const mapping = Object.keys(overrides).length > 0 ? overrides : guessedMapping(headers);
    return {
      refused: "unprocessable",
      data: {
        status: "needs_mapping",
        run: { runId, fileName, headers, mapping },
        settings,
        error: pageWording(resolved.error),
      },
    };
  }
  const next = path.join(folder, `out.${randomBytes(6).toString("hex")}`);
  let report: Awaited<ReturnType<typeof runListCheck>>;
  try {
    report = await runListCheck({
      file,
      brand: settings.brand,
      defaultCountry: settings.defaultCountry,
      overrides,
      outDir: next,
    });
  } catch (error) {
    await rm(next, { recursive: true, force: true });
    throw await badFile(folder, error);
  }
  await publish(folder, next);
  const mapping = Object.fromEntries(CANONICAL_FIELDS.map((field) => [field, report.columns[field] ?? ""]));
  return {
    data: {
      status: "checked",
      settings,
      run: {
        runId,
        fileName,
        headers,
        mapping,
        provider: report.provider,
        unmapped: report.unmappedColumns,
        rows: report.rows,
        groupA: report.groupA,
        groupB: report.groupB,
        segments: report.segments,
        reasons: report.reasons,
      },
    },
  };
}

/** A file the core refuses: the whole run goes (a new upload is needed anyway). */
async function badFile(folder: string, error: unknown): Promise<unknown> {
  if (!(error instanceof ListInputError)) return error;
  await rm(folder, { recursive: true, force: true });
  const where = error.line === null ? error.file : `${error.file}, line ${error.line}`;
  return new ListCheckRequestError("unprocessable", {
    code: "badFile",
    detail: `${where}: ${error.problem}`,
  });
}

/** Swaps the finished outputs in; the previous ones (if any) go only after that. */
async function publish(folder: string, next: string) {
  const out = path.join(folder, "out");
  const old = path.join(folder, `old.${randomBytes(6).toString("hex")}`);
  await rename(out, old).catch(() => undefined);
  await rename(next, out);
  await rm(old, { recursive: true, force: true });
}

/** The auto-detected mapping, shown when it is incomplete (no phone column recognised). */
function guessedMapping(headers: readonly string[]): Record<string, string> {
  const mapping: Record<string, string> = Object.fromEntries(CANONICAL_FIELDS.map((field) => [field, ""]));
  for (const header of headers) {
    const field = fieldForHeader(header);
    if (field && mapping[field] === "") mapping[field] = header;
  }
  return mapping;
}

/** The core words its mapping errors for the CLI (--map); the page has a form instead. */
function pageWording(error: string): string {
  return error
    .replace(/; use --map phone=<Header>/g, ". Choose the phone column below")
    .replace(/--map (\w+)=[^:\n]*: /g, "$1: ")
    .replace(/--map (\w+) /g, "$1 ");
}
