import { describe, expect, it } from "vitest";
import { formFileName, spreadsheetField, spreadsheetLine, TEXT_COLUMNS } from "./csv-form";

describe("the spreadsheet form", () => {
  it.each([...TEXT_COLUMNS])("keeps a phone or id in %s as text, with its + and every digit", (column) => {
    expect(spreadsheetField(column, "+2348099850632")).toBe('"=""+2348099850632"""');
    expect(spreadsheetField(column, "12345678901234567890")).toBe('"=""12345678901234567890"""');
    expect(spreadsheetField(column, "7")).toBe('"=""7"""');
  });

  it.each([
    ["more than 20 digits", "123456789012345678901"],
    ["a + inside", "1+1"],
    ["two + signs", "++1"],
    ["a formula after digits", "1=cmd|' /C calc'!A0"],
    ["text before digits", "x1"],
    ["text after digits", "1x"],
    ["a space", "+34 600"],
    ["nothing", ""],
    ["a + alone", "+"],
  ])("writes a phone column value with %s as any other cell", (_, value) => {
    expect(spreadsheetField("phone_e164", value)).not.toMatch(/^"=/);
  });

  it("writes digits outside the text columns as they are, and neutralises a formula anywhere", () => {
    expect(spreadsheetField("orders", "+12")).toBe("'+12");
    expect(spreadsheetField("orders", "12")).toBe("12");
    expect(spreadsheetField("phone_e164", "=1+1")).toBe("'=1+1");
  });

  it("joins a line's fields by commas, by their column, and ends it with CRLF", () => {
    expect(
      spreadsheetLine(["phone", "name", "shopify_customer_id"], ["+1", "Ann, Lee", "9007199254740993"]),
    ).toBe('"=""+1""","Ann, Lee","=""9007199254740993"""\r\n');
    expect(spreadsheetLine(["phone"], ["+1", "+2"])).toBe(`"=""+1""",'+2\r\n`);
    expect(spreadsheetLine([], [])).toBe("\r\n");
  });

  it("names the spreadsheet file apart from the importer file", () => {
    expect(formFileName("shop-group-a.csv", "spreadsheet")).toBe("shop-group-a-spreadsheet.csv");
    expect(formFileName("shop-group-a.CSV", "spreadsheet")).toBe("shop-group-a-spreadsheet.csv");
    expect(formFileName("a.csv.csv", "spreadsheet")).toBe("a.csv-spreadsheet.csv");
    expect(formFileName("a.csvx", "spreadsheet")).toBe("a.csvx");
    expect(formFileName("shop-group-a.csv", "importer")).toBe("shop-group-a.csv");
  });
});
