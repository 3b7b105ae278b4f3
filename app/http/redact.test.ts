import { describe, expect, it } from "vitest";
import { describeError, redactPersonalData } from "./redact";

describe("redactPersonalData", () => {
  it.each([
    ["+34 612 34 56 78", "[phone]"],
    ["phone: '+14155552671'", "phone: '[phone]'"],
    ["(650) 253-0000", "[phone]"],
    ["34612345678", "[phone]"],
    ["Order.Logtest@Example.net", "[email]"],
    [
      'data: { email: "ana@example.com", phoneE164: "+447911123456" }',
      'data: { email: "[email]", phoneE164: "[phone]" }',
    ],
  ])("%s -> %s", (input, expected) => {
    expect(redactPersonalData(input)).toBe(expected);
  });

  it("keeps what helps debugging: dates, times, short numbers, paths with line numbers", () => {
    const text = "at 2026-06-01 10:00:00 seq 42 failed (app/capture/record-consent.server.ts:120:7)";
    expect(redactPersonalData(text)).toBe(text);
  });

  it("describes an error by its stack, redacted", () => {
    const error = new Error('Invalid `prisma.contact.create()` invocation: { phoneE164: "+34612345678" }');
    const described = describeError(error);
    expect(described).toContain("Invalid `prisma.contact.create()` invocation");
    expect(described).not.toContain("34612345678");
  });
});
