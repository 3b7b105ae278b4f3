/**
 * Crash safety of storefront capture: the production build in a child
 * process takes a burst of signed opt-ins and is killed with SIGKILL in the
 * middle of it. Every opt-in it acknowledged must be in the database exactly
 * once and the shop's chain must verify; then two server processes on the
 * same database take a burst together and the chain is still one.
 * Requests cut off by the kill may fail; nothing here measures time.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../../app/db/client.server";
import { verifyShopLedger } from "../../app/ledger/consent-events.server";
import {
  type CaptureServer,
  captureBody,
  freePort,
  prepareCaptureDatabase,
  signedProxyQuery,
  startCaptureServer,
} from "../../tools/support/capture-server";
import { TEST_SHOP } from "../helpers/app";
import { freshDatabaseUrl } from "../helpers/database";

const IN_FLIGHT = 16;
let database: { url: string; dispose: () => Promise<void> };
let db: Database;
const servers: CaptureServer[] = [];
let nextPhone = 0;

beforeAll(async () => {
  database = await freshDatabaseUrl();
  await prepareCaptureDatabase(database.url);
  db = createDatabase(database.url);
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.kill()));
  await db?.$disconnect();
  await database?.dispose();
});

/** Sends `count` signed opt-ins, IN_FLIGHT at a time, spread over the servers; returns the acknowledged ids. */
async function burst(urls: string[], count: number, onAcknowledged?: (total: number) => void) {
  const acknowledged: string[] = [];
  let failed = 0;
  let sent = 0;
  const worker = async (lane: number) => {
    while (sent < count) {
      sent += 1;
      const eventId = randomUUID();
      try {
        const response = await fetch(`${urls[lane % urls.length]}/proxy/optin?${signedProxyQuery()}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(captureBody(nextPhone++, eventId)),
        });
        await response.arrayBuffer();
        if (response.ok) {
          acknowledged.push(eventId);
          onAcknowledged?.(acknowledged.length);
        } else failed += 1;
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, lane) => worker(lane)));
  return { acknowledged, failed };
}

async function expectAllStoredOnce(acknowledged: readonly string[]) {
  const stored = await db.consentEvent.findMany({
    where: { shop: TEST_SHOP, clientEventId: { in: [...acknowledged] } },
    select: { clientEventId: true },
  });
  expect(stored.length).toBe(acknowledged.length);
  expect(new Set(stored.map((event) => event.clientEventId)).size).toBe(acknowledged.length);
  const total = await db.consentEvent.count({ where: { shop: TEST_SHOP } });
  expect(await verifyShopLedger(db, TEST_SHOP)).toMatchObject({ ok: true, eventCount: total });
}

describe("capture through the built server", () => {
  it("keeps every acknowledged opt-in, once, in a chain that verifies, when the server is SIGKILLed mid-burst", async () => {
    const port = await freePort();
    const first = await startCaptureServer({ databaseUrl: database.url, port });
    servers.push(first);
    let killing: Promise<void> | null = null;
    const cut = await burst([first.url], 200, (total) => {
      if (total === 40) killing = first.kill();
    });
    await killing;
    expect(cut.acknowledged.length).toBeGreaterThanOrEqual(40);
    expect(cut.failed).toBeGreaterThan(0);

    const restarted = await startCaptureServer({ databaseUrl: database.url, port });
    servers.push(restarted);
    const after = await burst([restarted.url], 30);
    expect(after.failed).toBe(0);
    await restarted.stop();
    await expectAllStoredOnce([...cut.acknowledged, ...after.acknowledged]);
    // Starts the production build three times: on a loaded machine, with PostgreSQL, that outlasts the default.
  }, 180_000);

  it("two server processes on one database append one chain", async () => {
    const pair = await Promise.all(
      [await freePort(), await freePort()].map((port) =>
        startCaptureServer({ databaseUrl: database.url, port }),
      ),
    );
    servers.push(...pair);
    const before = await db.consentEvent.count({ where: { shop: TEST_SHOP } });
    const both = await burst(
      pair.map((server) => server.url),
      100,
    );
    await Promise.all(pair.map((server) => server.stop()));
    expect(both).toMatchObject({ failed: 0 });
    expect(await db.consentEvent.count({ where: { shop: TEST_SHOP } })).toBe(before + 100);
    await expectAllStoredOnce(both.acknowledged);
  }, 180_000);
});
