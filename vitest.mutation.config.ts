import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// The test set Stryker runs against each mutant: the fast unit tests beside the
// code, not the integration suite under test/ (servers, databases, browsers),
// which would make one mutation run take hours on a two-core machine.
// A fixed fast-check seed: a mutant must be judged on the same draws as the
// dry run, or a property could kill or spare it by chance.
// MUTATION_RUN tells the few tests that draw thousands of cases (to compare an
// implementation with its reference) to draw fewer: each runs once per mutant.
// Built by hand rather than with mergeConfig, which would append to the base
// config's include list instead of replacing it.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["app/**/*.test.ts"],
    // Runs the list check in worker threads: Stryker cannot switch mutants on
    // inside them, and under instrumentation the file outlasts its timeouts.
    exclude: [...(base.test?.exclude ?? ["**/node_modules/**"]), "app/**/check-list.test.ts"],
    reporters: ["default"],
    env: { FUZZ_SEED: process.env.FUZZ_SEED ?? "1", MUTATION_RUN: "1" },
  },
});
