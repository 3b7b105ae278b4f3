#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so there is no separate build step.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../app/cli/main.ts");
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
