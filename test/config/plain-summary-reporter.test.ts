/**
 * The plain summary line CI reads tells the truth: a file whose setup or
 * teardown fails is counted as failed, never hidden as "0 failed" with its
 * tests skipped. Runs real vitest on the fixtures in test/fixtures/plain-summary.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CONFIG = "test/fixtures/plain-summary/vitest.config.ts";

async function summaryOf(...files: string[]): Promise<string> {
  const run = promisify(execFile)(
    process.execPath,
    [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--config", CONFIG, ...files],
    { cwd: ROOT, env: { ...process.env, FORCE_COLOR: "0", CI: "" } },
  );
  const { stdout } = await run.catch((failed: { stdout: string }) => failed);
  return stdout.match(/^vitest: .*$/m)?.[0] ?? `no summary line in:\n${stdout}`;
}

describe("the plain summary line", () => {
  it("counts a file whose beforeAll fails as failed, not as skipped tests", async () => {
    expect(await summaryOf("setup-fails")).toBe("vitest: 0 passed, 1 failed");
  });

  it("counts tests a block's failed setup kept from running, and a failed teardown, as failed", async () => {
    // passes.spec.ts: 1 passed; hook-fails.spec.ts: 1 kept from running by its block's beforeAll,
    // 1 passed whose block's afterAll failed (the file counts as failed once).
    expect(await summaryOf()).toBe("vitest: 2 passed, 2 failed");
  });
});
