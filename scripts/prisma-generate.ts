/**
 * `prisma generate` for both databases, without the engine download: the CLI
 * only checks that a schema-engine binary path exists; generation itself does
 * not use it. The PostgreSQL schema is derived from prisma/schema.prisma.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type DatabaseKind, PROVIDER_FILES, schemaText } from "../app/db/providers";

const scratch = mkdtempSync(path.join(tmpdir(), "wa-prisma-"));
const placeholder = path.join(scratch, "schema-engine-unused");
writeFileSync(placeholder, "");
try {
  for (const kind of ["sqlite", "postgresql"] as DatabaseKind[]) {
    const { schemaPath } = PROVIDER_FILES[kind];
    if (kind !== "sqlite") {
      mkdirSync(path.dirname(schemaPath), { recursive: true });
      writeFileSync(schemaPath, schemaText(kind));
    }
    const result = spawnSync("prisma", ["generate", "--schema", schemaPath], {
      stdio: "inherit",
      shell: process.platform === "win32",
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
        CHECKPOINT_DISABLE: "1",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
    });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
