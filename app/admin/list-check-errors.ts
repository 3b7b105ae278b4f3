/**
 * The list check's problem codes in the page's words: the action answers
 * with this, so the page (and a download's error) never shows a code.
 */
import type { ListCheckActionData } from "../list-check/admin-run.server";
import type { ListCheckFieldProblem, ListCheckProblem } from "../list-check/problems";
import { LIST_CHECK_COPY } from "./strings/list-check";

const ERRORS = LIST_CHECK_COPY.errors;

export type ListCheckPageData =
  | Exclude<ListCheckActionData, { status: "error" }>
  | { status: "error"; error: string; fields?: Record<string, string> };

export function listCheckPageData(data: ListCheckActionData): ListCheckPageData {
  if (data.status !== "error") return data;
  const { problem } = data;
  const error = listCheckProblemText(problem);
  if (problem.code !== "invalidFields") return { status: "error", error };
  const fields = Object.fromEntries(
    Object.entries(problem.fields).map(([field, fieldProblem]) => [field, fieldText(fieldProblem)]),
  );
  return { status: "error", error, fields };
}

export function listCheckProblemText(problem: ListCheckProblem): string {
  switch (problem.code) {
    case "tooBig":
      return ERRORS.tooBig(problem.maxMb);
    case "badFile":
      return ERRORS.badFile(problem.detail);
    case "invalidFields":
      return Object.values(problem.fields).map(fieldText).join(" ");
    default:
      return ERRORS[problem.code];
  }
}

function fieldText(problem: ListCheckFieldProblem): string {
  return problem.code === "invalid" ? problem.detail : ERRORS[problem.code];
}
