/**
 * Where redaction draws its lines: seven digits make a phone, fewer do not;
 * an error without a stack is described by name and message; anything
 * thrown that is not an Error is redacted too.
 */
import { describe, expect, it } from "vitest";
import { describeError, redactPersonalData } from "./redact";

describe("redactPersonalData's phone line", () => {
  it("redacts a run of seven digits and keeps a run of six", () => {
    expect(redactPersonalData("call 612-3456 now")).toBe("call [phone] now");
    expect(redactPersonalData("order 12-3456 shipped")).toBe("order 12-3456 shipped");
  });
});

describe("describeError", () => {
  it("describes an error whose stack is gone by its name and message, redacted", () => {
    const error = new TypeError("bad phone +34 612 345 678");
    error.stack = undefined;
    expect(describeError(error)).toBe("TypeError: bad phone [phone]");
  });

  it("uses the stack when there is one", () => {
    const error = new Error("plain");
    error.stack = "Error: plain\n    at somewhere (file.ts:1:1)";
    expect(describeError(error)).toBe("Error: plain\n    at somewhere (file.ts:1:1)");
  });

  it("redacts whatever else was thrown, as text", () => {
    expect(describeError("ana@example.com failed")).toBe("[email] failed");
    expect(describeError({ toString: () => "+34 612 345 678" })).toBe("[phone]");
  });
});
