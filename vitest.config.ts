import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["app/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts", "tools/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    setupFiles: ["./test/fast-check-seed.ts", "./test/remove-temp-folders.ts"],
    globalSetup: ["./test/sqlite-template-setup.ts"],
    reporters: ["default", "./test/plain-summary-reporter.ts"],
  },
});
