/**
 * The node:sqlite driver adapter and the bulk writers that share its
 * connection: transactions isolate, errors become Prisma's, a bulk write
 * inside a transaction rolls back with it. Runs on either database: the
 * same behaviour is expected of PostgreSQL's adapter.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CONTACT_TYPES,
  insertRows,
  isRawUniqueViolation,
  refreshPlannerStatistics,
} from "../../app/db/bulk-sql.server";
import type { Database } from "../../app/db/client.server";
import { timeOrderedId } from "../../app/db/time-ordered-id";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "../helpers/database";

const SHOP = "adapter.myshopify.com";
let test: TestDatabase;
let db: Database;

beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
  await db.shop.create({ data: { domain: SHOP } });
});
afterAll(() => test.cleanup());

const contact = (id = timeOrderedId()) => ({
  id,
  shop: SHOP,
  phoneE164: `+3460${id.slice(-7).replace(/\D/g, "0")}`,
  createdAt: new Date(),
  updatedAt: new Date(),
});
const COLUMNS = ["id", "shop", "phoneE164", "createdAt", "updatedAt"];

describe("database adapter", () => {
  it("never lets another query see, or join, an open transaction", async () => {
    const id = timeOrderedId();
    let release!: () => void;
    const paused = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written!: () => void;
    const rowWritten = new Promise<void>((resolve) => {
      written = resolve;
    });
    const transaction = db.$transaction(async (tx) => {
      await tx.contact.create({ data: { id, shop: SHOP } });
      written();
      await paused;
      throw new Error("rolled back");
    });
    // Waits for the uncommitted row itself, not for a time it is likely written by.
    await rowWritten;
    // Issued while the transaction is open: a query that ran on its connection would see the row.
    const outside = db.contact.findUnique({ where: { id } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await expect(transaction).rejects.toThrow("rolled back");
    expect(await outside).toBeNull();
    expect(await db.contact.findUnique({ where: { id } })).toBeNull();
  });

  it("rolls back a bulk write made inside a transaction that fails", async () => {
    const rows = Array.from({ length: 50 }, () => contact());
    await expect(
      db.$transaction(async (tx) => {
        await insertRows(tx, "Contact", COLUMNS, CONTACT_TYPES, rows);
        expect(await tx.contact.count({ where: { id: { in: rows.map((row) => row.id) } } })).toBe(50);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await db.contact.count({ where: { id: { in: rows.map((row) => row.id) } } })).toBe(0);
  });

  it("reports a duplicate key from a bulk write as a unique violation, and keeps nothing of the batch", async () => {
    const existing = contact();
    await insertRows(db, "Contact", COLUMNS, CONTACT_TYPES, [existing]);
    const batch = [...Array.from({ length: 30 }, () => contact()), existing];
    const error = await db
      .$transaction((tx) => insertRows(tx, "Contact", COLUMNS, CONTACT_TYPES, batch))
      .catch((thrown: unknown) => thrown);
    expect(isRawUniqueViolation(error)).toBe(true);
    expect(await db.contact.count({ where: { id: { in: batch.map((row) => row.id) } } })).toBe(1);
  });

  it("turns a unique violation through the ORM into P2002", async () => {
    const id = timeOrderedId();
    await db.contact.create({ data: { id, shop: SHOP } });
    await expect(db.contact.create({ data: { id, shop: SHOP } })).rejects.toMatchObject({ code: "P2002" });
  });

  it("stores dates, nulls and integers as the ORM reads them back", async () => {
    const row = { ...contact(), decidedAt: new Date("2026-03-04T05:06:07.089Z"), phoneE164: null };
    await db.$transaction((tx) => insertRows(tx, "Contact", [...COLUMNS, "decidedAt"], CONTACT_TYPES, [row]));
    const stored = await db.contact.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.decidedAt?.toISOString()).toBe("2026-03-04T05:06:07.089Z");
    expect(stored.phoneE164).toBeNull();
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(shop.ledgerSeq).toBe(0);
  });

  it("refreshes planner statistics on PostgreSQL at best: a table it cannot lock in time is skipped, not an error", async () => {
    if (testDatabaseKind() === "sqlite") {
      // SQLite plans without statistics here: nothing is run, nothing is created.
      expect(await refreshPlannerStatistics(db, ["Contact"])).toBe(false);
      const stats = await db.$queryRawUnsafe<unknown[]>(
        `SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_stat%'`,
      );
      expect(stats).toEqual([]);
      return;
    }
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // What a migration or another instance's ANALYZE holds: ANALYZE waits for it.
    const holder = db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`LOCK TABLE "Contact" IN SHARE UPDATE EXCLUSIVE MODE`);
        locked();
        await released;
      },
      { timeout: 30_000 },
    );
    await lockTaken;
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      expect(await refreshPlannerStatistics(db, ["Contact"], { lockTimeoutMs: 200 })).toBe(false);
    } finally {
      console.warn = warn;
      release();
      await holder;
    }
    expect(warnings.join("\n")).toMatch(/^Planner statistics of Contact not refreshed: .*lock timeout/);
    expect(await refreshPlannerStatistics(db, ["Contact"])).toBe(true);
  });
});
