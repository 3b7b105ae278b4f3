/**
 * The overview's customer sync in headless Chromium, against the demo app and
 * its emulated store: a sync started from the page shows Shopify's running
 * count move on as the emulator lets pages through, a failure on Shopify's
 * side is put in words with a retry, and the retry ends up to date, all in
 * one document (no reload, as inside the admin's frame).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DASHBOARD_TEXT, SYNC_FAILURE_TEXT } from "../../app/admin/strings/dashboard";
import {
  type AdminDemo,
  DEMO_SHOP,
  openAdminPage,
  SCREENSHOT_DIR,
  startAdminDemo,
} from "../../tools/support/admin-demo";
import { launchChromium } from "../../tools/support/storefront-browser";
import { blockingAxeViolations } from "../helpers/axe";

const CUSTOMERS = 400;
const PAGE = 100;
let demo: AdminDemo;
let browser: Browser;

beforeAll(async () => {
  [demo, browser] = await Promise.all([
    startAdminDemo({ customers: CUSTOMERS, bulkPageSize: PAGE }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

/** Holds, lets through or fails the demo store's bulk pages (the emulator's test control). */
async function bulkPages(body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${demo.emulatorUrl}/emulator/bulk-operations`, {
    method: "POST",
    body: JSON.stringify({ shop: DEMO_SHOP, ...body }),
  });
  expect(response.status).toBe(200);
}

/** A mark on the window: still there only if the page was never reloaded. */
const markDocument = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { syncTestMark: string }).syncTestMark = "same document";
  });
const documentMark = (page: Page) =>
  page.evaluate(() => (window as unknown as { syncTestMark?: string }).syncTestMark ?? "reloaded");

describe("customer sync on the overview", () => {
  it("shows the count Shopify fetched moving on, a failure in words with a retry, and the retry finishing, without a reload", async () => {
    const { page, errors } = await openAdminPage(browser, `${demo.url}/app`);
    try {
      await markDocument(page);
      await bulkPages({ action: "hold" });
      await page.getByRole("button", { name: DASHBOARD_TEXT.segments.sync }).click();
      await page.getByText(DASHBOARD_TEXT.sync.running).waitFor();
      // A second start is not offered while this one runs.
      await expect(
        page.getByRole("button", { name: DASHBOARD_TEXT.segments.sync }).isDisabled(),
      ).resolves.toBe(true);

      for (const fetched of [PAGE, 2 * PAGE]) {
        await bulkPages({ action: "release", pages: 1 });
        await page.getByText(DASHBOARD_TEXT.sync.fetched(fetched)).waitFor({ timeout: 20_000 });
      }
      await page.screenshot({ path: `${SCREENSHOT_DIR}/app-sync-running.png`, fullPage: true });

      await bulkPages({ action: "fail", code: "TIMEOUT" });
      await page.getByText(SYNC_FAILURE_TEXT.shopify_timeout).waitFor({ timeout: 20_000 });
      await page.getByText(DASHBOARD_TEXT.sync.failedTitle).waitFor();
      await page.screenshot({ path: `${SCREENSHOT_DIR}/app-sync-failed.png`, fullPage: true });
      expect(await blockingAxeViolations(page)).toEqual([]);

      await bulkPages({ action: "release", pages: "all" });
      await page.getByRole("button", { name: DASHBOARD_TEXT.sync.retry }).click();
      // Exact: while the import runs, "400 customers fetched ..." and "0 of 400 customers imported" contain it too.
      await page
        .getByText(DASHBOARD_TEXT.lastSync.customers(CUSTOMERS), { exact: true })
        .waitFor({ timeout: 30_000 });
      await expect(page.getByText(DASHBOARD_TEXT.sync.failedTitle).count()).resolves.toBe(0);
      expect(await documentMark(page)).toBe("same document");

      const runs = await demo.db.bulkSyncJob.findMany({
        where: { shop: DEMO_SHOP },
        orderBy: { createdAt: "asc" },
      });
      expect(runs.map((run) => [run.status, run.failure, run.activeShop])).toEqual([
        ["IMPORTED", null, null],
        ["FAILED", "shopify_timeout", null],
        ["IMPORTED", null, null],
      ]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
