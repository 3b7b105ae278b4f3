import type { ProblemKind } from "../problem";

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

/** A refused list check request: the kind decides the answer, the problem its words (in the admin). */
export interface ListCheckRefusal {
  ok: false;
  kind: ProblemKind;
  problem: ListCheckProblem;
}

/**
 * A problem with the request the merchant can fix, thrown from deep inside
 * the upload stream and turned into a refusal at this folder's edge
 * (listCheckAction, outputDownload): never a 500.
 */
export class ListCheckRequestError extends Error {
  constructor(
    readonly kind: ProblemKind,
    readonly problem: ListCheckProblem,
  ) {
    super(`list check request refused: ${problem.code}`);
  }

  get refusal(): ListCheckRefusal {
    return { ok: false, kind: this.kind, problem: this.problem };
  }
}
