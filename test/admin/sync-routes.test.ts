/**
 * The overview's sync action and the progress route it polls, on a real
 * migrated database with the emulated store behind the Admin API (demo-mode
 * sign-in): an unknown intent is a 400 with a sentence, a start while one runs
 * a 422 with a sentence and no second run, and the progress route answers
 * the running sync, then its failure with the reason code the page words.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resumeBackgroundWork, stopBackgroundWork } from "../../app/jobs/background.server";
import * as overview from "../../app/routes/app._index";
import * as syncProgress from "../../app/routes/app.sync-progress";
import { SYNC_ALREADY_RUNNING } from "../../app/sync/sync-runs.server";
import { generateCustomers } from "../../tools/admin-emulator/generator";
import { type AdminEmulator, startAdminEmulator } from "../../tools/admin-emulator/server";
import { waitFor } from "../../tools/admin-emulator/test-support";
import { loadTestApp, TEST_SHOP } from "../helpers/app";

const TOKEN = "shpat_sync_routes";
let emulator: AdminEmulator;
let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  emulator = await startAdminEmulator({
    apiSecret: "s",
    bulkPageSize: 50,
    shops: [{ domain: TEST_SHOP, accessToken: TOKEN, customers: generateCustomers({ count: 120, seed: 5 }) }],
  });
  app = await loadTestApp({
    NODE_ENV: "test",
    DEMO_MODE: "1",
    DEMO_SHOP: TEST_SHOP,
    SHOPIFY_ADMIN_API_ORIGIN: emulator.url,
  });
  await app.db.shop.create({ data: { domain: TEST_SHOP, brandName: "Acme Coffee", defaultCountry: "US" } });
  await app.db.session.create({
    data: { id: `offline_${TEST_SHOP}`, shop: TEST_SHOP, state: "", isOnline: false, accessToken: TOKEN },
  });
  resumeBackgroundWork();
});
afterAll(async () => {
  // The action's poller ends with the background work; then nothing runs behind the database.
  await stopBackgroundWork();
  await emulator?.close();
  await app?.cleanup();
});

const post = (intent: string) =>
  overview.action({
    request: new Request("http://localhost/app?index", {
      method: "POST",
      body: new URLSearchParams({ intent }),
    }),
    params: {},
    context: {},
  });

const progress = async () =>
  (
    await syncProgress.loader({
      request: new Request("http://localhost/app/sync-progress"),
      params: {},
      context: {},
    })
  ).progress;

describe("overview sync action and progress route", () => {
  it("refuses an unknown intent with 400 and starts nothing", async () => {
    const answer = await post("delete-everything");
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).status).toBe(400);
    expect(await (answer as Response).json()).toMatchObject({ error: "Unknown action." });
    expect(await progress()).toBeNull();
  });

  it("starts one sync, refuses a second with 422 while it runs, and reports its failure by reason", async () => {
    emulator.holdBulkPages(TEST_SHOP);
    const first = await post("sync");
    expect(first).toMatchObject({ started: expect.stringMatching(/^gid:\/\/shopify\/BulkOperation\//) });
    expect(await progress()).toMatchObject({ running: true, failure: null });

    const second = (await post("sync")) as Response;
    expect(second.status).toBe(422);
    expect(await second.json()).toEqual({ error: SYNC_ALREADY_RUNNING });
    expect(await app.db.bulkSyncJob.count({ where: { shop: TEST_SHOP } })).toBe(1);

    emulator.releaseBulkPages(TEST_SHOP, 1);
    // The action's own poller records Shopify's running count.
    await waitFor(async () => ((await progress())?.fetched === 50 ? true : undefined), 15_000);
    expect(emulator.failBulkOperation(TEST_SHOP, "INTERNAL_SERVER_ERROR")).toBe(true);
    const failed = await waitFor(async () => {
      const now = await progress();
      return now?.running === false ? now : undefined;
    }, 15_000);
    expect(failed).toMatchObject({ status: "FAILED", failure: "shopify_error", fetched: 50 });
    emulator.releaseBulkPages(TEST_SHOP, Number.POSITIVE_INFINITY);
  });
});
