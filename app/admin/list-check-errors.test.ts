import { describe, expect, it } from "vitest";
import type { ListCheckProblem } from "../list-check/problems";
import { listCheckPageData, listCheckProblemText } from "./list-check-errors";

const PROBLEMS: ListCheckProblem[] = [
  { code: "noFile" },
  { code: "notCsv" },
  { code: "spreadsheet" },
  { code: "binary" },
  { code: "notMultipart" },
  { code: "expired" },
  { code: "tooBig", maxMb: 20 },
  { code: "badFile", detail: "list.csv, line 3: this row has 2 columns" },
  { code: "invalidFields", fields: { brand: { code: "brandMissing" }, defaultCountry: { code: "country" } } },
];

describe("list check problems in the page's words", () => {
  it.each(PROBLEMS)("words $code as a sentence, never as its code", (problem) => {
    const text = listCheckProblemText(problem);
    expect(text).toMatch(/\w.*\.$/s);
    // Codes are camelCase words; the copy has none.
    expect(text).not.toMatch(/\b[a-z]+[A-Z]\w*/);
  });

  it("keeps the file's own account and the size limit in the words", () => {
    expect(listCheckProblemText({ code: "tooBig", maxMb: 0.05 })).toContain("0.05 MB");
    expect(listCheckProblemText({ code: "badFile", detail: "list.csv, line 3: bad" })).toContain(
      "list.csv, line 3: bad",
    );
  });

  it("words each settings field for its inline error, zod's own words where there is no code", () => {
    const page = listCheckPageData({
      status: "error",
      problem: {
        code: "invalidFields",
        fields: { brand: { code: "brandMissing" }, runId: { code: "invalid", detail: "Too small." } },
      },
    });
    expect(page).toEqual({
      status: "error",
      error: "Enter your brand name. Too small.",
      fields: { brand: "Enter your brand name.", runId: "Too small." },
    });
  });
});
