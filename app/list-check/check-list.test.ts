/**
 * The worker-thread pass 1 must be invisible: same files byte for byte, same
 * report, same error messages, nothing left behind. Small files normally stay
 * on the main thread, so these tests force workers with `workers`.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers/temp";
import { type ListCheckOptions, runListCheck } from "./check-list";

const GOOD = "Yes, send me offers and news from Acme Coffee on WhatsApp. Reply STOP to unsubscribe.";
const HEADER =
  "Email,First Name,Phone Number,Country,SMS Marketing Consent,WhatsApp Marketing Consent,WhatsApp Consent Timestamp,WhatsApp Consent Source,WhatsApp Consent Text,Accepts Marketing,Unsubscribed At";

/** A deterministic, messy Klaviyo-style list: duplicates, quoted newlines, formulas, bad phones. */
function records(rows: number): string[] {
  let state = 7;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const lines = [HEADER];
  for (let index = 0; index < rows; index++) {
    const subscribed = next() < 0.5;
    lines.push(
      [
        pick([`user${index}@example.com`, "", "=cmd()"]),
        pick(["Ana", "Lucía", 'Jo "JJ"\nSmith', "-5", "\uFEFFBom"]),
        pick([
          `+34 6${String(index % 300).padStart(8, "0")}`,
          "(415) 555-2671",
          "+44 7911 123456",
          "12",
          "",
          "'+5511987654321",
          // An opt-out of this kind blocks the number of the first pick.
          `6${String(index % 300).padStart(8, "0")} (call me)`,
          `+1 415 555 ${String(index % 100).padStart(4, "0")}`,
        ]),
        pick(["US", "ES", "United Kingdom", "", "Narnia"]),
        pick(["SUBSCRIBED", "NEVER_SUBSCRIBED", "", "UNSUBSCRIBED"]),
        subscribed ? "SUBSCRIBED" : pick(["NEVER_SUBSCRIBED", "UNSUBSCRIBED", ""]),
        subscribed && next() < 0.8
          ? pick(["2026-03-01T10:00:00Z", "2025-12-31 23:00:00", "1700000000", "nope"])
          : "",
        subscribed && next() < 0.8 ? "https://acme.example/wa" : "",
        subscribed ? pick([GOOD, "Offers by SMS from Acme Coffee", "", `${GOOD}\r\nLine two`]) : "",
        pick(["TRUE", "FALSE", ""]),
        next() < 0.05 ? pick(["2026-02-01T00:00:00Z", "yes", "??"]) : "",
      ]
        .map(quote)
        .join(","),
    );
  }
  return lines;
}

function list(rows: number, lineEnd = "\r\n"): string {
  return `${records(rows).join(lineEnd)}${lineEnd}`;
}

/** The list with `record` inserted before data row `at`; "\xff" in it stands for the byte 0xFF. */
function listWith(rows: number, at: number, record: string): Buffer {
  const lines = records(rows);
  lines.splice(at, 0, record);
  const text = `${lines.join("\r\n")}\r\n`;
  return Buffer.concat(
    text
      .split("\xff")
      .flatMap((part, index) => (index === 0 ? [] : [Buffer.from([0xff])]).concat(Buffer.from(part))),
  );
}

function workDir(): string {
  return tempDir("wa-check-list-");
}

function writeList(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

type Run = { files: Record<string, string>; report: unknown } | { error: string; left: string[] };

async function run(file: string, outDir: string, options: Partial<ListCheckOptions> = {}): Promise<Run> {
  try {
    const report = await runListCheck({
      file,
      outDir,
      brand: "Acme Coffee",
      defaultCountry: "US",
      overrides: {},
      now: () => new Date(0),
      ...options,
    });
    const files = Object.fromEntries(
      readdirSync(outDir)
        .sort()
        .map((name) => [name, readFileSync(path.join(outDir, name), "utf8").replaceAll(outDir, "<out>")]),
    );
    return { files, report: { ...report, outputs: undefined } };
  } catch (error) {
    return { error: (error as Error).message, left: existsSync(outDir) ? readdirSync(outDir) : [] };
  }
}

describe("check-list in worker threads", () => {
  it("writes byte for byte what the single-thread path writes", async () => {
    const dir = workDir();
    for (const [name, content] of [
      ["crlf.csv", list(1500)],
      ["lf.csv", `\uFEFF${list(700, "\n")}`],
      ["semicolon.csv", list(300).replaceAll(",", ";")],
    ] as const) {
      const file = writeList(dir, name, content);
      const single = await run(file, path.join(dir, `${name}-single`), { workers: 0 });
      expect(single).toHaveProperty("files");
      for (const workers of [2, 3]) {
        expect(await run(file, path.join(dir, `${name}-${workers}`), { workers })).toEqual(single);
      }
    }
  });

  it.each([
    ["a short row late in the file", 1150, "+34612345679,Ana", /bad\.csv:\d+: this row has 2 columns/],
    [
      "an unclosed quote in the middle",
      600,
      '"+34612345679,Ana,,,,,,,,,',
      /bad\.csv:\d+: a (quoted field is never closed|double quote appears)/,
    ],
    [
      "invalid UTF-8 late in the file",
      1100,
      "\xff+34612345679,Ana,,,,,,,,,",
      /bad\.csv:\d+: the file is not valid UTF-8/,
    ],
  ])(
    "reports %s exactly as the single-thread path does, and leaves nothing",
    async (_name, at, record, message) => {
      const dir = workDir();
      const file = writeList(dir, "bad.csv", listWith(1200, at, record));
      const single = await run(file, path.join(dir, "single"), { workers: 0 });
      expect(single).toMatchObject({ error: expect.stringMatching(message), left: [] });
      expect(await run(file, path.join(dir, "parallel"), { workers: 2 })).toEqual(single);
    },
  );

  it("leaves nothing that looks current when a later parallel run fails, an earlier run's results included", async () => {
    const dir = workDir();
    const out = path.join(dir, "out");
    expect(await run(writeList(dir, "good.csv", list(400)), out, { workers: 2 })).toHaveProperty("files");
    const failed = await run(writeList(dir, "broken.csv", `${list(400)}"unclosed\r\n`), out, { workers: 2 });
    expect(failed).toMatchObject({
      error: expect.stringMatching(/broken\.csv:\d+: a quoted field is never closed/),
      left: [],
    });
  });

  it("copes with rows larger than every buffer on the way (a field of ~1.4 MB)", async () => {
    const dir = workDir();
    const huge = `${GOOD} ${'é\n"x"'.repeat(150_000)}`;
    const rows = records(60);
    // In group A as a name: a wording that long is no checkbox label (TEXT_TOO_LONG).
    rows.splice(
      20,
      0,
      `ana@example.com,"${huge.replaceAll('"', '""')}",+34612345670,ES,,SUBSCRIBED,2026-03-01T10:00:00Z,form,"${GOOD}",,`,
    );
    rows.splice(40, 0, `bea@example.com,Bea,,ES,,SUBSCRIBED,,,"${huge.replaceAll('"', '""')}",,`);
    const file = writeList(dir, "huge.csv", `${rows.join("\r\n")}\r\n`);
    const single = await run(file, path.join(dir, "single"), { workers: 0 });
    expect(single).toHaveProperty("files");
    if ("files" in single) {
      // Ana's 1.4 MB name rides along in Group A; Bea's 1.4 MB wording is a notice (Group B).
      expect(single.files["group-a.csv"]).toContain(huge.replaceAll('"', '""'));
      expect(single.files["group-b.csv"]).toContain(huge.replaceAll('"', '""'));
      expect(single.files["group-b.csv"]).toContain("TEXT_TOO_LONG");
    }
    expect(await run(file, path.join(dir, "parallel"), { workers: 2 })).toEqual(single);
  });

  it("takes the thread count from WA_CONSENT_WORKERS when no option is given", async () => {
    const dir = workDir();
    const file = writeList(dir, "list.csv", list(200));
    const single = await run(file, path.join(dir, "single"), { workers: 0 });
    process.env.WA_CONSENT_WORKERS = "2";
    try {
      expect(await run(file, path.join(dir, "env"))).toEqual(single);
    } finally {
      delete process.env.WA_CONSENT_WORKERS;
    }
  });
});
