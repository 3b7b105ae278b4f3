/**
 * The command line a person expects: help that exits 0, one-line messages
 * (exit 2) for anything the file system refuses, and no stale outputs after
 * a failed run. The last tests start the real bin/wa-consent.js process.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cli, listFiles, readCsv, workDir, writeCsv } from "../helpers/cli";

const GOOD = "Yes! Send me offers from Acme Coffee on WhatsApp. Reply STOP to unsubscribe.";
const LIST = `Phone Number,First Name,WhatsApp Opt In,Opt-in Date,Signup Source,Consent Text\r\n+34612345678,Ana,yes,2026-03-01T10:00:00Z,https://acme.example/wa,"${GOOD}"\r\n`;
const STACK_LINE = /\n\s+at [^\n]*[(:]/;

describe("help", () => {
  it.each([["--help"], ["-h"], ["help"]])("wa-consent %s lists every command and exits 0", async (flag) => {
    const result = await cli(flag);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    for (const command of ["check-text", "check-list", "verify-ledger"])
      expect(result.stdout).toContain(command);
  });

  it.each([
    [
      ["check-list", "--help"],
      ["--timezone", "--date-order", "--default-country", "--map", "--out"],
    ],
    [["check-list", "-h"], ["--timezone"]],
    [["check-list", "list.csv", "--brand", "Acme", "--help"], ["--timezone"]],
    [["help", "check-list"], ["--date-order"]],
    [
      ["check-text", "--help"],
      ["--brand", "--json"],
    ],
    [["verify-ledger", "--help"], ["--shop"]],
  ])("wa-consent %j prints that command's usage and exits 0", async (argv, words) => {
    const result = await cli(...argv);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(
      new RegExp(`^Usage: wa-consent ${argv.find((arg) => arg.includes("-") && !arg.startsWith("-"))}`),
    );
    for (const word of words) expect(result.stdout).toContain(word);
  });

  it("a bad option shows the usage of the command it was given to", async () => {
    const result = await cli(
      "check-list",
      "list.csv",
      "--brand",
      "Acme",
      "--out",
      "o",
      "--timezone",
      "Mars/Olympus",
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--timezone takes an IANA time zone name");
    expect(result.stderr).toContain("Usage: wa-consent check-list");
    const order = await cli("check-list", "list.csv", "--brand", "Acme", "--out", "o", "--date-order", "ymd");
    expect(order.code).toBe(2);
    expect(order.stderr).toContain("--date-order takes dmy");
  });
});

describe("file-system errors are exit 2 with one message", () => {
  async function checkList(file: string, out: string) {
    return cli("check-list", file, "--brand", "Acme Coffee", "--out", out);
  }

  function expectOneMessage(result: { code: number; stdout: string; stderr: string }, message: RegExp) {
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  }

  it("a folder given as the file", async () => {
    const dir = workDir();
    mkdirSync(path.join(dir, "exports.csv"));
    const result = await checkList(path.join(dir, "exports.csv"), path.join(dir, "out"));
    expectOneMessage(result, /^wa-consent: exports\.csv: is a folder, not a file$/m);
    expect(listFiles(path.join(dir, "out"))).toEqual([]);
  });

  it("an --out whose group-a.csv cannot be replaced, leaving no outputs behind", async () => {
    const dir = workDir();
    const out = path.join(dir, "out");
    // A folder (not empty) where group-a.csv must go: the final rename fails.
    mkdirSync(path.join(out, "group-a.csv", "inside"), { recursive: true });
    const result = await checkList(writeCsv(dir, "list.csv", LIST), out);
    expectOneMessage(result, /^wa-consent: .*group-a\.csv: /m);
    expect(listFiles(out)).toEqual(["group-a.csv"]);
    expect(listFiles(path.join(out, "group-a.csv"))).toEqual(["inside"]);
  });

  it("an --out inside a file", async () => {
    const dir = workDir();
    writeFileSync(path.join(dir, "a-file"), "");
    const result = await checkList(writeCsv(dir, "list.csv", LIST), path.join(dir, "a-file", "out"));
    expectOneMessage(result, /output folder/);
  });

  it("a failed run removes the previous run's outputs", async () => {
    const dir = workDir();
    const out = path.join(dir, "out");
    expect((await checkList(writeCsv(dir, "list.csv", LIST), out)).code).toBe(0);
    expect(readCsv(path.join(out, "group-a.csv"))).toHaveLength(1);
    mkdirSync(path.join(dir, "folder.csv"));
    expectOneMessage(await checkList(path.join(dir, "folder.csv"), out), /is a folder/);
    expect(listFiles(out)).toEqual([]);
  });
});

describe("the real process", () => {
  const bin = path.resolve("bin/wa-consent.js");
  const run = async (...argv: string[]) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...argv], {
        env: { ...process.env, NODE_OPTIONS: "" },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it("exits 0 on --help and 2 with one line, no stack trace, on a folder given as the file", async () => {
    const help = await run("check-list", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--timezone");
    const dir = workDir();
    mkdirSync(path.join(dir, "list.csv"));
    const folder = await run(
      "check-list",
      path.join(dir, "list.csv"),
      "--brand",
      "Acme",
      "--out",
      path.join(dir, "o"),
    );
    expect(folder.code).toBe(2);
    expect(folder.stderr).not.toMatch(STACK_LINE);
    expect(folder.stderr.trim().split("\n")).toEqual(["wa-consent: list.csv: is a folder, not a file"]);
    expect(readFileSync(bin, "utf8")).toContain("runCli");
  }, 60_000);
});
