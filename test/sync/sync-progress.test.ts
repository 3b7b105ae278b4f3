/**
 * A sync the overview can watch, against the Admin API emulator on a real
 * migrated database: Shopify's objectCount rises page by page on the run,
 * the import's count rises batch by batch, the run ends IMPORTED; a bulk
 * operation that fails, a download that fails and a run that went silent
 * each end with their reason and free the shop for a retry that succeeds;
 * a second start while one runs is refused, even when both come at once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { adminClient } from "../../app/shopify/admin-client.server";
import { completeBulkSync, requestCustomerSync, waitForBulkSync } from "../../app/sync/bulk-sync.server";
import { latestSyncProgress, STALLED_AFTER_MS, SYNC_ALREADY_RUNNING } from "../../app/sync/sync-runs.server";
import { generateCustomers } from "../../tools/admin-emulator/generator";
import { type AdminEmulator, startAdminEmulator } from "../../tools/admin-emulator/server";
import { adminGraphql, waitFor } from "../../tools/admin-emulator/test-support";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const SHOP = "progress.myshopify.com";
const TOKEN = "shpat_progress";
const COUNT = 600;
const PAGE = 100;
let emulator: AdminEmulator;
let database: TestDatabase;

beforeAll(async () => {
  emulator = await startAdminEmulator({
    apiSecret: "secret",
    bulkPageSize: PAGE,
    shops: [
      {
        domain: SHOP,
        accessToken: TOKEN,
        country: "US",
        customers: generateCustomers({ count: COUNT, seed: 11 }),
        throttle: { maximumAvailable: 2000, restoreRate: 2000 },
      },
    ],
  });
  database = await createTestDatabase();
  await database.db.shop.create({ data: { domain: SHOP, brandName: "Acme Coffee", defaultCountry: "US" } });
});
afterEach(async () => {
  // Each test leaves no held page and no running operation behind.
  emulator.releaseBulkPages(SHOP, Number.POSITIVE_INFINITY);
  await emulator.idle();
});
afterAll(async () => {
  await emulator.close();
  await database.cleanup();
});

const db = () => database.db;
const client = () => adminClient({ shop: SHOP, accessToken: TOKEN, origin: emulator.url });
const progress = async () => {
  const found = await latestSyncProgress(db(), SHOP);
  if (!found) throw new Error("no sync run recorded");
  return found;
};

async function started() {
  const run = await requestCustomerSync(db(), client(), SHOP);
  if (!run.ok) throw new Error(run.message);
  return run.value;
}

/**
 * The real download of the bulk file, handed to the import only as far as
 * the test allows (whole lines), so the test sees the import between batches.
 */
function heldDownload() {
  let allowed = 0;
  let wake: (() => void) | undefined;
  const fetchFile: typeof fetch = async (url) => {
    const lines = (await (await fetch(url)).text()).split("\n").filter(Boolean);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        while (sent >= allowed) await new Promise<void>((resolve) => (wake = resolve));
        controller.enqueue(new TextEncoder().encode(`${lines[sent]}\n`));
        sent++;
        if (sent === lines.length) controller.close();
      },
    });
    return new Response(body, { status: 200 });
  };
  return {
    fetchFile,
    allow(lines: number) {
      allowed += lines;
      wake?.();
    },
  };
}

describe("a sync the overview can watch", () => {
  it("counts what Shopify fetched page by page and what was imported batch by batch, then ends imported", async () => {
    emulator.holdBulkPages(SHOP);
    const { operationId } = await started();
    expect(await progress()).toMatchObject({ running: true, fetched: 0, imported: 0, failure: null });

    const fetched: number[] = [];
    for (let page = 1; page <= 3; page++) {
      emulator.releaseBulkPages(SHOP, 1);
      // The poll the app runs (poller or webhook): it records Shopify's running objectCount.
      const seen = await waitFor(async () => {
        expect(await completeBulkSync(db(), client(), SHOP, operationId)).toBeNull();
        const now = await progress();
        return now.fetched >= page * PAGE ? now : undefined;
      });
      expect(seen).toMatchObject({ status: "RUNNING", running: true, imported: 0 });
      fetched.push(seen.fetched);
    }
    expect(fetched).toEqual([100, 200, 300]);

    emulator.releaseBulkPages(SHOP, Number.POSITIVE_INFINITY);
    await emulator.idle();
    const download = heldDownload();
    const importing = completeBulkSync(db(), client(), SHOP, operationId, download.fetchFile, {
      batchSize: PAGE,
    });
    const imported: number[] = [];
    for (const lines of [PAGE, 2 * PAGE]) {
      download.allow(PAGE);
      const seen = await waitFor(async () => {
        const now = await progress();
        return now.imported >= lines ? now : undefined;
      });
      expect(seen).toMatchObject({ status: "IMPORTING", running: true, fetched: COUNT });
      imported.push(seen.imported);
    }
    expect(imported).toEqual([100, 200]);

    download.allow(COUNT);
    expect(await importing).toMatchObject({ customers: COUNT, rejected: [] });
    expect(await progress()).toMatchObject({
      status: "IMPORTED",
      running: false,
      fetched: COUNT,
      imported: COUNT,
      failure: null,
    });
    expect(await db().contact.count({ where: { shop: SHOP } })).toBe(COUNT);
  });

  it("a bulk operation Shopify fails ends with its reason, and a retry succeeds", async () => {
    emulator.holdBulkPages(SHOP);
    const { operationId } = await started();
    emulator.releaseBulkPages(SHOP, 1);
    await waitFor(async () => {
      await completeBulkSync(db(), client(), SHOP, operationId);
      return (await progress()).fetched === PAGE ? true : undefined;
    });
    expect(emulator.failBulkOperation(SHOP, "TIMEOUT")).toBe(true);
    await emulator.idle();
    expect(await waitForBulkSync(db(), client(), SHOP, operationId, { intervalMs: 20 })).toBeNull();
    expect(await progress()).toMatchObject({
      status: "FAILED",
      running: false,
      failure: "shopify_timeout",
      fetched: PAGE,
    });

    emulator.releaseBulkPages(SHOP, Number.POSITIVE_INFINITY);
    const retry = await started();
    expect(retry.operationId).not.toBe(operationId);
    const summary = await waitForBulkSync(db(), client(), SHOP, retry.operationId, { intervalMs: 20 });
    expect(summary?.customers).toBe(COUNT);
    expect(await progress()).toMatchObject({ status: "IMPORTED", failure: null, imported: COUNT });
  });

  it("Shopify refusing access, a cancel and a download that fails each get their own reason", async () => {
    emulator.holdBulkPages(SHOP);
    const denied = await started();
    expect(emulator.failBulkOperation(SHOP, "ACCESS_DENIED")).toBe(true);
    await emulator.idle();
    await completeBulkSync(db(), client(), SHOP, denied.operationId);
    expect(await progress()).toMatchObject({ status: "FAILED", failure: "access_denied", running: false });

    // Canceled in Shopify (by another app or support): the run ends, and says so.
    const canceled = await started();
    const cancel = await adminGraphql(
      emulator,
      SHOP,
      TOKEN,
      "mutation($id: ID!) { bulkOperationCancel(id: $id) { userErrors { message } } }",
      { id: canceled.operationId },
    );
    expect(cancel.body.data).toEqual({ bulkOperationCancel: { userErrors: [] } });
    emulator.releaseBulkPages(SHOP, 1);
    await emulator.idle();
    await completeBulkSync(db(), client(), SHOP, canceled.operationId);
    expect(await progress()).toMatchObject({ status: "CANCELED", failure: "canceled", running: false });

    emulator.releaseBulkPages(SHOP, Number.POSITIVE_INFINITY);
    const broken = await started();
    await emulator.idle();
    const gone: typeof fetch = async () => new Response("gone", { status: 403 });
    await expect(completeBulkSync(db(), client(), SHOP, broken.operationId, gone)).rejects.toThrow(
      "could not be downloaded",
    );
    expect(await progress()).toMatchObject({ status: "FAILED", failure: "download_failed", running: false });
    // A late poll or a repeated webhook does not start the import of an ended run again.
    expect(await completeBulkSync(db(), client(), SHOP, broken.operationId)).toBeNull();
    expect(await progress()).toMatchObject({ failure: "download_failed" });
  });

  it("refuses a second start while one runs, also when both arrive at once", async () => {
    emulator.holdBulkPages(SHOP);
    const first = await started();
    const again = await requestCustomerSync(db(), client(), SHOP);
    expect(again).toEqual({ ok: false, kind: "unprocessable", message: SYNC_ALREADY_RUNNING });

    emulator.releaseBulkPages(SHOP, Number.POSITIVE_INFINITY);
    await waitForBulkSync(db(), client(), SHOP, first.operationId, { intervalMs: 20 });
    emulator.holdBulkPages(SHOP);
    const both = await Promise.all([
      requestCustomerSync(db(), client(), SHOP),
      requestCustomerSync(db(), client(), SHOP),
    ]);
    expect(both.filter((run) => run.ok)).toHaveLength(1);
    expect(both.filter((run) => !run.ok)).toEqual([
      { ok: false, kind: "unprocessable", message: SYNC_ALREADY_RUNNING },
    ]);
    expect(await db().bulkSyncJob.count({ where: { shop: SHOP, activeShop: SHOP } })).toBe(1);
    const winner = both.find((run) => run.ok);
    emulator.releaseBulkPages(SHOP, Number.POSITIVE_INFINITY);
    if (winner?.ok) await waitForBulkSync(db(), client(), SHOP, winner.value.operationId, { intervalMs: 20 });
    expect(await progress()).toMatchObject({ status: "IMPORTED", running: false });
  });

  it("a run that went silent (its process ended) reads as stopped and does not block a new sync", async () => {
    emulator.holdBulkPages(SHOP);
    const running = await started();
    const silentSince = new Date(Date.now() - STALLED_AFTER_MS - 1000);
    await db().bulkSyncJob.update({ where: { id: running.id }, data: { updatedAt: silentSince } });
    expect(await progress()).toMatchObject({ status: "FAILED", failure: "stopped", running: false });

    emulator.releaseBulkPages(SHOP, Number.POSITIVE_INFINITY);
    const fresh = await started();
    expect(await db().bulkSyncJob.findUniqueOrThrow({ where: { id: running.id } })).toMatchObject({
      status: "FAILED",
      failure: "stopped",
      activeShop: null,
    });
    expect(
      (await waitForBulkSync(db(), client(), SHOP, fresh.operationId, { intervalMs: 20 }))?.customers,
    ).toBe(COUNT);
  });
});
