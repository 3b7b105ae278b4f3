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
const shared = {
  ...base.test,
  reporters: ["default"],
  env: { FUZZ_SEED: process.env.FUZZ_SEED ?? "1", MUTATION_RUN: "1" },
};

// The consent core's tests run without isolation: Stryker reruns them for
// every mutant, and re-importing the core (libphonenumber's metadata, the
// wording tables) for each rerun was most of a mutant's cost. The core is
// pure (no database, no files, no environment), so a module kept between
// runs carries nothing from one run to the next; mutants are switched at run
// time, and static ones (evaluated once at import) are ignored anyway.
const PURE_CORE = ["app/consent/**/*.test.ts"];

export default defineConfig({
  ...base,
  test: {
    ...shared,
    projects: [
      { test: { ...shared, name: "core", include: PURE_CORE, isolate: false } },
      {
        test: {
          ...shared,
          name: "edges",
          include: ["app/**/*.test.ts"],
          // Runs the list check in worker threads: Stryker cannot switch mutants on
          // inside them, and under instrumentation the file outlasts its timeouts.
          exclude: [
            ...(base.test?.exclude ?? ["**/node_modules/**"]),
            ...PURE_CORE,
            "app/**/check-list.test.ts",
          ],
        },
      },
    ],
  },
});
