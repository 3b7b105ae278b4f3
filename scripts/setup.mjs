// Everything a fresh clone needs after `npm install`: the Prisma client and a
// migrated database (the embedded SQLite file unless DATABASE_URL says otherwise).
import { spawnSync } from "node:child_process";

for (const script of ["db:generate", "db:migrate"]) {
  const result = spawnSync("npm", ["run", "--silent", script], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
