import { describe, expect, it } from "vitest";
import { GROUP_A_COLUMNS, type GroupARow, groupAValues, PERSONAL_COLUMNS } from "./clean-export";

// A row whose every cell names its own column, so a misplaced or dropped value shows.
const row = Object.fromEntries(GROUP_A_COLUMNS.map((column) => [column, `<${column}>`])) as GroupARow;

describe("the clean export's columns", () => {
  it("are the fixed header WhatsApp platforms import, phone first and evidence last", () => {
    expect(GROUP_A_COLUMNS).toEqual([
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
    ]);
  });

  it("treat exactly the names and the email as personal", () => {
    expect([...PERSONAL_COLUMNS].sort()).toEqual(["email", "first_name", "last_name"]);
  });
});

describe("groupAValues", () => {
  it("writes every value under its own column, in header order, by default", () => {
    expect(groupAValues(row)).toEqual(GROUP_A_COLUMNS.map((column) => `<${column}>`));
  });

  it("keeps names and email when the merchant asks for them", () => {
    expect(groupAValues(row, { includeNames: true })).toEqual(groupAValues(row));
  });

  it("blanks only names and email when the merchant exports without them, keeping the evidence", () => {
    const values = groupAValues(row, { includeNames: false });
    expect(values).toHaveLength(GROUP_A_COLUMNS.length);
    GROUP_A_COLUMNS.forEach((column, index) => {
      expect(values[index]).toBe(PERSONAL_COLUMNS.includes(column) ? "" : `<${column}>`);
    });
    expect(values.filter((value) => value === "")).toHaveLength(3);
  });
});
