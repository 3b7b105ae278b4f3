import { describe, expect, it } from "vitest";
import { REASON_TEXT, SEGMENT_TEXT } from "./reasons";
import { REASON_CODES, SEGMENTS } from "./types";

describe("the words shown for reason codes and segments", () => {
  it("give every reason code a label, an explanation and a remedy, and no two codes the same label", () => {
    expect(Object.keys(REASON_TEXT).sort()).toEqual([...REASON_CODES].sort());
    for (const code of REASON_CODES) {
      const { label, explanation, remedy } = REASON_TEXT[code];
      for (const words of [label, explanation, remedy]) expect(words.trim()).not.toBe("");
    }
    const labels = REASON_CODES.map((code) => REASON_TEXT[code].label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("give every segment a label and a description, and no two segments the same label", () => {
    expect(Object.keys(SEGMENT_TEXT).sort()).toEqual([...SEGMENTS].sort());
    for (const segment of SEGMENTS) {
      const { label, description } = SEGMENT_TEXT[segment];
      for (const words of [label, description]) expect(words.trim()).not.toBe("");
    }
    const labels = SEGMENTS.map((segment) => SEGMENT_TEXT[segment].label);
    expect(new Set(labels).size).toBe(labels.length);
  });
});
