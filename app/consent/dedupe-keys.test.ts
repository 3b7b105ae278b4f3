/**
 * DedupeIndex stores phones and ids as numbers when it can. These tests draw
 * the texts where that could go wrong: two phones or ids that would share a
 * number, and ids that must come back exactly as written.
 */
import { describe, expect, it } from "vitest";
import { DedupeIndex, tieHash, tieHashOfParts } from "./dedupe";

describe("tieHash is 32-bit FNV-1a", () => {
  it("gives the published test values", () => {
    expect(tieHash("")).toBe(0x811c9dc5);
    expect(tieHash("a")).toBe(0xe40c292c);
    expect(tieHash("foobar")).toBe(0xbf9cf968);
    expect(tieHashOfParts([], ",")).toBe(0x811c9dc5);
    expect(tieHashOfParts(["a"], ",")).toBe(0xe40c292c);
    expect(tieHashOfParts(["foo", "bar"], "")).toBe(0xbf9cf968);
    expect(tieHashOfParts(["fo", "bar"], "o")).toBe(0xbf9cf968);
  });
});

const phones = [
  "+1",
  "+9",
  "+12",
  "+012",
  "+0",
  "+",
  "+1/",
  "+1:",
  "+1 2",
  "12",
  "+123456789012345",
  "+1234567890123456",
  "+9007199254740992",
  "+9007199254740993",
  "+99999999999999999",
  "+100000000000000000",
  "+2",
  "+20",
  "+0012",
  "x+12",
  "+12x",
  "+:D",
  "+;:",
  "22",
  "x2",
  "+1 ",
];

const ids = [
  "0",
  "00",
  "017",
  "17",
  "1e3",
  "1000",
  "-1",
  "/",
  "1/",
  "9",
  " 5",
  "5",
  "123456789012345",
  "1234567890123456",
  "9007199254740992",
  "9007199254740993",
];

describe("DedupeIndex keys", () => {
  it("keeps every distinct phone text its own entry", () => {
    const index = new DedupeIndex();
    phones.forEach((phone, n) => {
      index.addScored(phone, `id-${n}`, 50, n, 0, false);
    });
    expect(index.size).toBe(phones.length);
    phones.forEach((phone, n) => {
      expect(index.winnerOf(phone)).toBe(`id-${n}`);
    });
  });

  it("keeps every phone its own entry after the index has grown, numbers and texts alike", () => {
    const index = new DedupeIndex();
    // A text phone first, so its entry comes before the numbers it must never be taken for.
    const all = ["tel:1", ...phones];
    all.forEach((phone, n) => {
      index.addScored(phone, `id-${n}`, 50, n, 0, false);
    });
    for (let n = 0; n < 3000; n++)
      index.addScored(`+3460000${String(1000 + n)}`, `fill-${n}`, 50, 1, 0, false);
    expect(index.size).toBe(all.length + 3000);
    all.forEach((phone, n) => {
      expect(index.winnerOf(phone)).toBe(`id-${n}`);
    });
  });

  it("a text id replaced by a number leaves every other text id as it was", () => {
    const index = new DedupeIndex();
    for (let n = 0; n < 8; n++) index.addScored(`+3461234500${n}`, `text-${n}`, 10, 1, 0, false);
    index.addScored("+34612345000", "17", 20, 1, 0, false);
    index.addScored("+34612345001", "18", 20, 1, 0, true);
    expect(index.winnerOf("+34612345000")).toBe("17");
    expect(index.winnerOf("+34612345001")).toBe("18");
    for (let n = 2; n < 8; n++) expect(index.winnerOf(`+3461234500${n}`)).toBe(`text-${n}`);
  });

  it("gives every id back exactly as written, as the best candidate and as the opt-out", () => {
    const index = new DedupeIndex();
    ids.forEach((id, n) => {
      index.addScored(`+3461234${String(5000 + n)}`, id, 50, 1, 0, false);
      index.addScored(`+3491234${String(5000 + n)}`, id, 0, 1, 0, true);
    });
    ids.forEach((id, n) => {
      expect(index.winnerOf(`+3461234${String(5000 + n)}`)).toBe(id);
      expect(index.winnerOf(`+3491234${String(5000 + n)}`)).toBe(id);
    });
  });

  it("a text id replaced by a number and then by text again is the last one, and others keep theirs", () => {
    const index = new DedupeIndex();
    index.addScored("+34612345001", "keep-me", 10, 1, 0, false);
    index.addScored("+34612345002", "first", 10, 1, 0, false);
    index.addScored("+34612345002", "17", 20, 1, 0, false);
    expect(index.winnerOf("+34612345002")).toBe("17");
    index.addScored("+34612345002", "third", 30, 1, 0, false);
    index.addScored("+34612345002", "fourth", 40, 1, 0, false);
    expect(index.winnerOf("+34612345002")).toBe("fourth");
    expect(index.winnerOf("+34612345001")).toBe("keep-me");
  });
});
