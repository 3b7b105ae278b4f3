// `prisma generate` without the engine download: the CLI only checks that a
// schema-engine binary path exists; generation itself does not use it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const scratch = mkdtempSync(path.join(tmpdir(), "wa-prisma-"));
const placeholder = path.join(scratch, "schema-engine-unused");
writeFileSync(placeholder, "");
const result = spawnSync("prisma", ["generate"], {
  stdio: "inherit",
  shell: process.platform === "win32",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  },
});
rmSync(scratch, { recursive: true, force: true });
process.exit(result.status ?? 1);
