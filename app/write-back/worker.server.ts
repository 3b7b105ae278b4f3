/**
 * Drains the write-back outbox (outbox.server.ts) in the background: soon
 * after a capture queues a task, and on a slow sweep (started by
 * app/jobs/jobs.server.ts) that picks up retries and tasks left by an
 * instance that stopped. Any number of instances may run it: tasks are
 * claimed in the database, so each is sent by one of them.
 */
import type { Database } from "../db.server";
import { runSoon } from "../jobs/background.server";
import { adminClientForShop } from "../shopify/offline-admin.server";
import { processWriteBacks } from "./outbox.server";

const KICK_DELAY_MS = 1_000;
export const SWEEP_EVERY_MS = 60_000;
const BATCH = 100;

/** Sends the shop's due write-backs shortly (several captures in a burst share one run). */
export function scheduleWriteBacks(db: Database, shop: string): void {
  runSoon(`write-back ${shop}`, KICK_DELAY_MS, () => drainShop(db, shop));
}

async function drainShop(db: Database, shop: string): Promise<void> {
  try {
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

/** One sweep: every shop with a task due, drained. */
export async function sweepWriteBacks(db: Database): Promise<void> {
  const shops = await shopsWithDueTasks(db);
  await Promise.all(shops.map((shop) => drainShop(db, shop)));
}
