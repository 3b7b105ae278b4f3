/**
 * What can be wrong with a list check request, as codes: the admin words
 * them (app/admin/list-check-errors.ts), so list-check holds no page copy.
 */
export type ListCheckProblem =
  | { code: "noFile" | "notCsv" | "spreadsheet" | "binary" | "notMultipart" | "expired" }
  | { code: "tooBig"; maxMb: number }
  /** A file the core refuses; `detail` is the core's own account (file, line, problem). */
  | { code: "badFile"; detail: string }
  /** The settings form: field → problem. */
  | { code: "invalidFields"; fields: Record<string, ListCheckFieldProblem> };

/** A settings field's problem; `detail` carries zod's words for checks we have no code for. */
export type ListCheckFieldProblem =
  | { code: "brandMissing" | "country" }
  | { code: "invalid"; detail: string };

/** A problem with the request the merchant can fix: answered with `status`, never a 500. */
export class ListCheckRequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 413 | 415 | 422,
    readonly problem: ListCheckProblem,
  ) {
    super(`list check request refused: ${problem.code}`);
  }
}
