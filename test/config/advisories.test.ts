/**
 * The offline dependency-advisory check: the lockfile against
 * security/advisories.json, with no network. It must pass on the lockfile
 * as committed (every match accepted with a reason), and it must fail on a
 * match that is not accepted.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inRange, installedVersions, matchAdvisories } from "../../scripts/advisories";

const ROOT = path.resolve(import.meta.dirname, "../..");
const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));

describe("offline advisory check", () => {
  it("passes on the committed lockfile, naming the accepted turbo-stream advisory", () => {
    const output = execFileSync(process.execPath, ["--import", "tsx", "scripts/check-advisories.ts"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(output).toMatch(/CVE-2026-34077 turbo-stream@2\.4\.1 .*accepted/);
    expect(output).toMatch(/0 not accepted/);
  });

  it("flags an installed version inside an advisory's range when it is not accepted", () => {
    const matches = matchAdvisories(installedVersions(lock), [
      { id: "TEST-1", package: "turbo-stream", vulnerable: "<3.0.0", summary: "test" },
      { id: "TEST-2", package: "turbo-stream", vulnerable: ">=3.0.0", summary: "not installed" },
    ]);
    expect(matches.map((match) => match.advisory.id)).toEqual(["TEST-1"]);
    expect(matches[0]?.advisory.accepted).toBeUndefined();
  });

  it("exits 1 for a match that is not accepted", () => {
    const folder = mkdtempSync(path.join(tmpdir(), "wa-advisories-"));
    const list = path.join(folder, "advisories.json");
    writeFileSync(
      list,
      JSON.stringify({ advisories: [{ id: "X-1", package: "express", vulnerable: ">=0.0.0", summary: "" }] }),
    );
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/check-advisories.ts", list], {
      cwd: ROOT,
      encoding: "utf8",
    });
    rmSync(folder, { recursive: true, force: true });
    expect(run.stdout).toMatch(/X-1 express@[\d.]+ .*NOT ACCEPTED/);
    expect(run.status).toBe(1);
  });

  it("range matching agrees with comparing the numbers", () => {
    const version = fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20));
    fc.assert(
      fc.property(version, version, ([a, b, c], [x, y, z]) => {
        const installed = `${a}.${b}.${c}`;
        const bound = `${x}.${y}.${z}`;
        const below = a < x || (a === x && (b < y || (b === y && c < z)));
        expect(inRange(installed, `<${bound}`)).toBe(below);
        expect(inRange(installed, `>=${bound}`)).toBe(!below);
        expect(inRange(installed, `=${bound}`)).toBe(installed === bound);
      }),
    );
    expect(inRange("3.0.0-beta.1", "<3.0.0")).toBe(true);
    expect(inRange("2.4.1", ">=1.0.0 <2.0.0 || >=2.4.0 <2.4.2")).toBe(true);
  });
});
