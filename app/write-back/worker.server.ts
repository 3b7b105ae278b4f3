/**
 * Drains the write-back outbox (outbox.server.ts) in the background: soon
 * after a capture queues a task, and on a slow sweep that picks up retries
 * and tasks left by an instance that stopped. Any number of instances may
 * run it: tasks are claimed in the database, so each is sent by one of them.
 */
import type { Database } from "../db.server";
import { processWriteBacks } from "./outbox.server";

const KICK_DELAY_MS = 1_000;
const SWEEP_EVERY_MS = 60_000;
const BATCH = 100;

const scheduled = new Map<string, NodeJS.Timeout>();

/** Sends the shop's due write-backs shortly (several captures in a burst share one run). */
export function scheduleWriteBacks(db: Database, shop: string): void {
  if (scheduled.has(shop)) return;
  const timer = setTimeout(() => {
    scheduled.delete(shop);
    void drainShop(db, shop);
  }, KICK_DELAY_MS);
  timer.unref();
  scheduled.set(shop, timer);
}

async function drainShop(db: Database, shop: string): Promise<void> {
  try {
    // Imported here so the capture core does not load the Shopify app configuration.
    const { adminClientForShop } = await import("../shopify.server");
    const client = await adminClientForShop(shop);
    for (;;) {
      const run = await processWriteBacks(db, shop, client, { limit: BATCH });
      if (run.sent + run.failed + run.retrying < BATCH) return;
    }
  } catch (error) {
    // The shop domain only: tasks and errors may hold personal data.
    console.warn(`write-back for ${shop} paused: ${error instanceof Error ? error.name : "error"}`);
  }
}

/** Shops with a task due now, for the sweep. */
async function shopsWithDueTasks(db: Database, now = new Date()): Promise<string[]> {
  const rows = await db.writeBackTask.findMany({
    where: { status: { in: ["pending", "sending"] }, nextAttemptAt: { lte: now } },
    distinct: ["shop"],
    select: { shop: true },
  });
  return rows.map((row) => row.shop);
}

declare global {
  // One sweep per process, even when the dev server reloads this module.
  var writeBackSweep: NodeJS.Timeout | undefined;
}

export function startWriteBackSweep(db: Database): void {
  if (globalThis.writeBackSweep) return;
  globalThis.writeBackSweep = setInterval(() => {
    void shopsWithDueTasks(db)
      .then((shops) => Promise.all(shops.map((shop) => drainShop(db, shop))))
      .catch(() => undefined);
  }, SWEEP_EVERY_MS);
  globalThis.writeBackSweep.unref();
}
