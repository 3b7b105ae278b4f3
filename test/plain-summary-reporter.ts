import type { SerializedError } from "vitest";
import type { Reporter, TestModule } from "vitest/node";

/**
 * Ends the run with one plain line, "N passed, N failed[, N skipped]", which
 * CI reads to know how many tests really ran. A file whose setup or teardown
 * failed (an import, a beforeAll or afterAll hook) is a failure, never "0
 * failed": the tests a failed setup kept from running count as failed, not
 * skipped (only tests marked skip or todo are skipped), and a file that failed
 * with no test to blame counts once. Errors outside any test count too.
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
  ): void {
    const counts = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
    for (const module of testModules) {
      const moduleFailed = module.state() === "failed" || module.errors().length > 0;
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        const askedToSkip = test.options.mode === "skip" || test.options.mode === "todo";
        if (state === "passed") counts.passed += 1;
        else if (state === "failed" || (moduleFailed && !askedToSkip)) {
          counts.failed += 1;
          failedHere += 1;
        } else counts.skipped += 1;
      }
      if (moduleFailed && failedHere === 0) counts.failed += 1;
    }
    const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : "";
    process.stdout.write(`\nvitest: ${counts.passed} passed, ${counts.failed} failed${skipped}\n`);
  }
}
