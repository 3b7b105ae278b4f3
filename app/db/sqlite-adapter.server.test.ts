/**
 * The adapter itself, below Prisma (which also queues its own queries):
 * a statement issued outside a transaction waits for an open one to end,
 * so it can never read or write inside someone else's transaction.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NodeSqliteAdapterFactory } from "./sqlite-adapter.server";

let dir: string;
let adapter: SqlDriverAdapter;

const query = (sql: string) => ({ sql, args: [], argTypes: [] });

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "wa-adapter-"));
  adapter = await new NodeSqliteAdapterFactory({
    url: `file:${path.join(dir, "a.sqlite")}`,
    busyTimeoutMs: 100,
  }).connect();
  await adapter.executeScript("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
});
afterEach(async () => {
  await adapter.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe("node:sqlite adapter", () => {
  it("runs a query issued during a transaction only after it ends, outside it", async () => {
    const tx = await adapter.startTransaction();
    await tx.executeRaw(query("INSERT INTO t (name) VALUES ('uncommitted')"));
    let answered = false;
    const outside = adapter.queryRaw(query("SELECT count(*) AS n FROM t")).then((result) => {
      answered = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    await tx.rollback();
    expect((await outside).rows).toEqual([[0]]);
  });

  it("maps SQLite's constraint errors to Prisma's kinds", async () => {
    await adapter.executeRaw(query("INSERT INTO t (id, name) VALUES (1, 'a')"));
    await expect(adapter.executeRaw(query("INSERT INTO t (id, name) VALUES (1, 'b')"))).rejects.toMatchObject(
      {
        cause: { kind: "UniqueConstraintViolation", constraint: { fields: ["id"] } },
      },
    );
    await expect(
      adapter.executeRaw(query("INSERT INTO t (id, name) VALUES (2, NULL)")),
    ).rejects.toMatchObject({
      cause: { kind: "NullConstraintViolation", constraint: { fields: ["name"] } },
    });
  });
});
