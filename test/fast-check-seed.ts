/**
 * Seeds every fast-check property (a vitest setup file). FUZZ_SEED wins;
 * under CI the seed comes from the commit being tested, so a run on a clean
 * clone before pushing draws exactly the inputs CI will, and every new
 * commit still explores new ones. Elsewhere fast-check draws a fresh seed
 * per run. A failing property prints its seed; FUZZ_SEED=<seed> replays it.
 */
import { execFileSync } from "node:child_process";
import fc from "fast-check";

function commitSeed(): number | undefined {
  try {
    const head = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8", stdio: "pipe" });
    return Number.parseInt(head.slice(0, 8), 16) | 0;
  } catch {
    return undefined;
  }
}

const seed = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : process.env.CI
    ? commitSeed()
    : undefined;
if (seed !== undefined && !Number.isSafeInteger(seed)) {
  throw new Error(
    `FUZZ_SEED must be an integer (a failing property prints one), not "${process.env.FUZZ_SEED}"`,
  );
}
if (seed !== undefined) fc.configureGlobal({ seed });
