import { createClient } from "@libsql/client";
import { mkdtempSync } from "node:fs";
const url = `file:${mkdtempSync("/tmp/ll/m-")}/db.sqlite`;
const c = createClient({ url });
await c.execute("PRAGMA journal_mode=WAL");
console.log((await c.execute("PRAGMA synchronous")).rows);
await c.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
for (const mode of ["deferred", "write"] as const) {
  let t = performance.now();
  for (let i = 0; i < 300; i++) {
    const tx = await c.transaction(mode);
    await tx.execute({ sql: "INSERT INTO t (v) VALUES (?)", args: ["x".repeat(100)] });
    await tx.commit();
  }
  console.log(mode, "per tx ms", (performance.now() - t) / 300);
}
let t = performance.now();
for (let i = 0; i < 300; i++) await c.execute({ sql: "INSERT INTO t (v) VALUES (?)", args: ["y"] });
console.log("autocommit insert ms", (performance.now() - t) / 300);
t = performance.now();
for (let i = 0; i < 3000; i++) await c.execute({ sql: "SELECT * FROM t WHERE id = ?", args: [i] });
console.log("select ms", (performance.now() - t) / 3000);
