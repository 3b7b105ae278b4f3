/**
 * Fuzzing the command line: any argv, and check-list on random bytes, wrong
 * encodings, huge fields, unbalanced quotes and a 10 MB single line. Always
 * exit 0, 1 or 2 with a message (never a stack trace, never a hang); exit 2
 * leaves no output behind.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, cli, listFiles, workDir, writeCsv } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { anyText, FUZZ_RUNS } from "../helpers/fuzz";

let database: TestDatabase;
let dir: string;
const startDir = process.cwd();
const GOOD = "Send me offers from Acme Coffee on WhatsApp. Reply STOP to unsubscribe.";
const HEADER = "Phone Number,First Name,WhatsApp Opt In,Opt-in Date,Consent Text";
const VALID = `${HEADER}\r\n+34612345678,Ana,yes,2026-03-01T10:00:00Z,"${GOOD}"\r\n`;

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  // Random --out values create folders relative to the working directory: keep them in a scratch one.
  dir = workDir();
  process.chdir(dir);
  writeCsv(dir, "list.csv", VALID);
  writeFileSync(path.join(dir, "a-file"), "not a folder");
});
afterAll(async () => {
  process.chdir(startDir);
  await database.cleanup();
});

/** The CLI must answer within this; a hang fails the test instead of the suite. */
async function run(argv: string[]): Promise<CliResult> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`wa-consent hung on ${JSON.stringify(argv).slice(0, 200)}`)),
      20_000,
    );
  });
  try {
    return await Promise.race([cli(...argv), hang]);
  } finally {
    clearTimeout(timer);
  }
}

function expectCleanExit(result: CliResult) {
  expect([0, 1, 2]).toContain(result.code);
  const all = `${result.stdout}${result.stderr}`;
  expect(all).not.toMatch(/\n\s+at [^\n]*\(/); // no stack trace
  if (result.code === 2) {
    expect(result.stderr).toMatch(/^wa-consent: \S/);
  } else {
    expect(result.stdout.trim().length).toBeGreaterThan(0);
  }
}

const token = fc.oneof(
  fc.constantFrom(
    "check-text",
    "check-list",
    "verify-ledger",
    "help",
    "--help",
    "-h",
    "--brand",
    "--out",
    "--json",
    "--map",
    "--default-country",
    "--shop",
    "--",
    "-x",
    "--brand=",
    "--json=1",
    "list.csv",
    "out",
    "a-file",
    "a-file/sub",
    "/dev/null/x",
    ".",
    "phone=Phone Number",
    "ES",
    "acme.myshopify.com",
    GOOD,
  ),
  anyText.filter((text) => !text.includes("\u0000")),
);

describe("wa-consent under fuzzing", () => {
  it("any argv: exit 0, 1 or 2 with a message, never a stack trace or a hang", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 8 }), async (argv) => {
        expectCleanExit(await run(argv));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("check-list on random bytes: exit 0 with three outputs, or exit 2 naming the file and nothing written", async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }).map((array) => Buffer.from(array)),
      fc.string({ unit: "binary", maxLength: 500 }).map((text) => Buffer.from(`${HEADER}\n${text}`)),
      fc
        .array(
          fc.array(fc.oneof(anyText, fc.constantFrom('"', '""', ",", "\r", "\n", "+34612345678")), {
            maxLength: 6,
          }),
          {
            maxLength: 6,
          },
        )
        .map((rows) => Buffer.from([HEADER, ...rows.map((cells) => cells.join(","))].join("\r\n"))),
    );
    let index = 0;
    await fc.assert(
      fc.asyncProperty(bytes, async (content) => {
        index += 1;
        const file = writeCsv(dir, `random-${index}.csv`, content);
        const out = path.join(dir, `random-out-${index}`);
        const result = await run([
          "check-list",
          file,
          "--brand",
          "Acme Coffee",
          "--default-country",
          "ES",
          "--out",
          out,
        ]);
        expectCleanExit(result);
        if (result.code === 2) {
          expect(result.stderr).toContain(`random-${index}.csv`);
          expect(listFiles(out)).toEqual([]);
        } else {
          expect(result.code).toBe(0);
          expect(listFiles(out)).toEqual(["group-a.csv", "group-b.csv", "report.json"]);
        }
      }),
      { numRuns: Math.ceil(FUZZ_RUNS / 2) },
    );
  });

  const TEN_MB = 10 * 1024 * 1024;
  const cases: [string, () => Buffer | string, RegExp][] = [
    ["a 10 MB single line of one field", () => "a".repeat(TEN_MB), /row is longer than/],
    ["a 10 MB single line of short fields", () => "ab,".repeat(TEN_MB / 3), /more than 1000 columns/],
    [
      "a 10 MB data row after a good header",
      () => `${HEADER}\n${"x,".repeat(TEN_MB / 2)}`,
      /more than 1000 columns/,
    ],
    [
      "a 10 MB quoted field that never closes",
      () => `${HEADER}\n"${"x".repeat(TEN_MB)}`,
      /longer than|never closed/,
    ],
    ["a 3 MB field", () => `${HEADER}\n+34612345678,"${"x".repeat(3_000_000)}",yes,,\n`, /longer than/],
    ["UTF-16 LE without a BOM", () => Buffer.from(VALID, "utf16le"), /NUL bytes/],
    [
      "UTF-16 BE with a BOM",
      () => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(VALID, "utf16le").swap16()]),
      /UTF-16/,
    ],
    ["latin1", () => Buffer.from(`${HEADER}\r\n+34612345678,José,yes,,\r\n`, "latin1"), /not valid UTF-8/],
    ["an unbalanced quote", () => `${HEADER}\r\n+34612345678,"Ana,yes,,\r\n`, /never closed/],
    ["a header only", () => `${HEADER}\r\n`, /./],
  ];
  it.each(cases)(
    "%s: a clear answer, fast, and nothing left behind on exit 2",
    async (name, content, message) => {
      const file = writeCsv(dir, `${name.replace(/\W+/g, "-")}.csv`, content());
      const out = path.join(dir, `out-${name.replace(/\W+/g, "-")}`);
      const result = await run(["check-list", file, "--brand", "Acme Coffee", "--out", out]);
      expectCleanExit(result);
      if (result.code === 2) expect(listFiles(out)).toEqual([]);
      expect(`${result.stderr}${result.stdout}`).toMatch(message);
    },
  );

  it.each([
    ["an existing file", "a-file"],
    ["a folder inside a file", "a-file/out"],
    ["a folder under /dev/null", "/dev/null/out"],
  ])("regression: --out naming %s is exit 2 with a message, not a crash", async (_name, out) => {
    const result = await run(["check-list", "list.csv", "--brand", "Acme Coffee", "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/output folder/);
  });
});
